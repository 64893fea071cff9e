import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { txnListAppend } from "../checkers/txn/list_append.ts";
import { txnRwRegister } from "../checkers/txn/rw_register.ts";
import { explain } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

/** A txn on process p from ms to ms + 6: reads sent as null, completed with what they saw. */
function txn(ms: number, p: number, mops: unknown[][], type = "ok", extra = {}): Row[] {
  const sent = mops.map(([f, k, v]) => [f, k, f === "r" ? null : v]);
  return [
    [ms, "invoke", p, "txn", sent],
    [ms + 6, type as "ok", p, "txn", type === "ok" ? mops : sent, extra],
  ];
}

function account(rows: Row[], model: string, workload = "txn-rw-register") {
  const h = history(rows);
  const check = workload === "txn-rw-register" ? txnRwRegister : txnListAppend;
  const results = { "valid?": false as const, workload: check(h, { consistencyModels: [model] }) };
  const test = { ...TEST3, nemesis: [], workload, consistencyModels: [model] };
  return explain({ results, history: h, test });
}

const kind = (out: ReturnType<typeof account>, k: string) => {
  const e = out.find((x) => x.kind === k);
  assert.ok(e, `no ${k} in ${JSON.stringify(out.map((x) => x.kind))}`);
  return e;
};

Deno.test("G1b names the reader, the value and the writer that overwrote it in the same txn", () => {
  const out = account([
    ...txn(100, 0, [["w", 1, 5], ["w", 1, 6]]),
    ...txn(200, 1, [["r", 1, 5]]),
  ], "read-committed");
  assert.equal(
    kind(out, "G1b").text,
    "T3 (n2, 0.21 s) read key 1 = 5, an intermediate write of T1 (n1, 0.11 s), which then wrote 6 to key 1 before it committed: only a txn's final writes may be seen.",
  );
  assert.match(
    kind(out, "models").text,
    /^these anomalies rule out read-committed and every stronger model; the run was checked against read-committed\.$/,
  );
});

Deno.test("G1a names the read and the failed writer with its error", () => {
  const out = account([
    ...txn(100, 0, [["w", 1, 5]], "fail", { error: ["txn-conflict", "aborted"], code: 30 }),
    ...txn(200, 1, [["r", 1, 5]]),
  ], "read-committed");
  assert.equal(
    kind(out, "G1a").text,
    'T3 (n2, 0.21 s) read key 1 = 5, written by T1 (n1, 0.11 s), which failed with error 30 (txn-conflict: "aborted"): a txn that failed must have no visible effect.',
  );
});

Deno.test("internal inconsistency shows what the txn's own writes implied", () => {
  const out = account([...txn(100, 0, [["w", 1, 5], ["r", 1, 6]])], "serializable");
  assert.match(
    kind(out, "internal").text,
    /^T1 \(n1, 0\.11 s\) read key 1 = 6, but its own earlier micro-ops imply 5: a txn must see its own writes\./,
  );
});

Deno.test("read skew (G-single) is shown as a two-txn cycle, step by step", () => {
  const out = account([
    ...txn(100, 0, [["w", 1, 1], ["w", 2, 1]]),
    ...txn(200, 1, [["r", 1, 1], ["r", 2, null]]),
    ...txn(300, 2, [["r", 2, 1]]),
  ], "serializable");
  const e = kind(out, "G-single-item");
  assert.equal(
    e.text,
    [
      "read skew: one anti-dependency (a txn missed a write of a txn that, by the rest of the cycle, came before it). 2 txns in the first cycle:",
      '  T3 = n2, 0.20–0.21 s: [["r",1,1],["r",2,null]]',
      '  T1 = n1, 0.10–0.11 s: [["w",1,1],["w",2,1]]',
      "  T3 → T1: T3 read key 2 = null, missing T1's overwrite with 1 (anti-dependency)",
      "  T1 → T3: T3 read key 1 = 1, written by T1",
      "  So each of these txns must come before itself: no order of them explains what they saw.",
    ].join("\n"),
  );
});

Deno.test("write skew (G2-item) and its realtime variant name their kind of order", () => {
  const g2 = account([
    [100, "invoke", 0, "txn", [["r", 1, null], ["w", 2, 1]]],
    [100, "invoke", 1, "txn", [["r", 2, null], ["w", 1, 1]]],
    [105, "ok", 0, "txn", [["r", 1, null], ["w", 2, 1]]],
    [105, "ok", 1, "txn", [["r", 2, null], ["w", 1, 1]]],
  ], "serializable");
  assert.match(
    kind(g2, "G2-item").text,
    /^a cycle with two or more anti-dependencies \(missed writes\), some in a row; write skew is the classic case\. 2 txns/,
  );
  const rt = account([
    ...txn(100, 0, [["w", 1, 1]]),
    ...txn(200, 1, [["r", 1, null]]),
  ], "strict-serializable");
  const e = kind(rt, "G-single-item-realtime");
  assert.match(
    e.text,
    /, counting real time \(a txn that finished before another began comes first\)\./,
  );
  assert.match(e.text, /T1 → T3: T1 finished before T3 began/);
});

Deno.test("list-append: G1a names the element of the failed append; incompatible orders show both reads", () => {
  const out = account(
    [
      ...txn(100, 0, [["append", 1, 7]], "fail", { error: ["txn-conflict", "no"], code: 30 }),
      ...txn(200, 1, [["r", 1, [7]]]),
      ...txn(300, 2, [["append", 1, 8]]),
      ...txn(400, 1, [["r", 1, [8]]]),
    ],
    "read-committed",
    "txn-list-append",
  );
  assert.match(
    kind(out, "G1a").text,
    /^T3 \(n2, 0\.21 s\) read key 1 = \[7\], which includes 7, appended by T1 \(n1, 0\.11 s\), which failed with error 30/,
  );
  assert.equal(
    kind(out, "incompatible-order").text,
    "two reads of key 1 disagree on the order of its appends: [7] is not a prefix of [8], so the key has no single history.",
  );
});

Deno.test("nodes that disagree after recovery are named with their values (the bench's convergence check)", () => {
  const results = {
    "valid?": false as const,
    workload: {
      "valid?": false,
      convergence: {
        "valid?": false,
        "key-count": 3,
        nodes: ["n1", "n2"],
        missing: ["n3"],
        "divergent-count": 1,
        divergent: [{ key: 2, values: { n1: 4, n2: null } }],
      },
    },
  };
  const [e] = explain({ results, history: [], test: { ...TEST3, workload: "txn-rw-register" } });
  assert.equal(
    e.text,
    "1 key differs between nodes after healing and recovery; the first: key 2: n1 has 4, n2 has null; n3 did not answer the final read.",
  );
});

Deno.test("list-append: a write cycle (G0) and circular information flow (G1c) are told append by append", () => {
  const g0 = account(
    [
      ...txn(100, 0, [["append", 1, 1], ["append", 2, 2]]),
      ...txn(100, 1, [["append", 1, 2], ["append", 2, 1]]),
      ...txn(300, 2, [["r", 1, [1, 2]], ["r", 2, [1, 2]]]),
    ],
    "read-uncommitted",
    "txn-list-append",
  );
  const w = kind(g0, "G0").text;
  assert.match(
    w,
    /^a write cycle: each txn's write came right after another's in some key's order, in a circle\. 2 txns/,
  );
  assert.match(w, /T1 → T3: T3 appended 2 to key 1 right after T1's append of 1/);
  assert.match(w, /T3 → T1: T1 appended 2 to key 2 right after T3's append of 1/);
  const g1c = account(
    [
      [100, "invoke", 0, "txn", [["append", 1, 1], ["r", 2, null]]],
      [100, "invoke", 1, "txn", [["append", 2, 1], ["r", 1, null]]],
      [106, "ok", 0, "txn", [["append", 1, 1], ["r", 2, [1]]]],
      [106, "ok", 1, "txn", [["append", 2, 1], ["r", 1, [1]]]],
    ],
    "read-committed",
    "txn-list-append",
  );
  assert.match(
    kind(g1c, "G1c").text,
    /T2 → T3: T3 saw T2's append of 1 to key 1\n {2}T3 → T2: T2 saw T3's append of 1 to key 2/,
  );
});

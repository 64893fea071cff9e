import { deepStrictEqual, ok } from "node:assert";
import type { Op } from "../../history.ts";
import { listAppend, txnListAppend } from "./list_append.ts";
import { TxnHistory as H } from "../_testing.ts";

type Cases = Record<string, Array<Record<string, unknown>>>;

const check = (h: H, ...models: string[]) =>
  txnListAppend(h.ops, { consistencyModels: models.length ? models : undefined });
const types = (r: Record<string, unknown>) => r["anomaly-types"] as string[];
const cases = (r: Record<string, unknown>) => r.anomalies as Cases;

Deno.test("txnListAppend() accepts a serial history under strict-serializable", () => {
  const h = new H()
    .serial(0, [["append", 1, 1], ["r", 2, null]])
    .serial(1, [["r", 1, [1]], ["append", 1, 2], ["append", 2, 1], ["r", 1, [1, 2]]])
    .serial(0, [["r", 1, [1, 2]], ["r", 2, [1]], ["append", 2, 2]])
    .serial(1, [["r", 2, [1, 2]]]);
  const r = check(h);
  deepStrictEqual(r, { "valid?": true });
});

Deno.test("txnListAppend() accepts concurrent txns that a serial order explains", () => {
  const h = new H()
    .concurrent([
      [0, [["append", 1, 1]]],
      [1, [["r", 1, null], ["append", 2, 1]]],
      [2, [["r", 2, [1]], ["r", 1, [1]]]],
    ])
    .serial(0, [["r", 1, [1]], ["r", 2, [1]]]);
  deepStrictEqual(check(h)["valid?"], true);
});

Deno.test("txnListAppend() is unknown for an empty transaction graph (no Maelstrom wrapper)", () => {
  const h = new H().serial(0, [["append", 1, 1]]);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], "unknown");
  deepStrictEqual(types(r), ["empty-transaction-graph"]);
});

Deno.test("txnListAppend() reports duplicate-elements under read-uncommitted", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["r", 1, [1, 1]]]);
  const r = check(h, "read-uncommitted");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["duplicate-elements"]);
  deepStrictEqual(cases(r)["duplicate-elements"][0].duplicates, [[1, 2]]);
  deepStrictEqual(cases(r)["duplicate-elements"][0].mop, ["r", 1, [1, 1]]);
});

Deno.test("txnListAppend() reports incompatible-order (reads that are not prefixes of one another) under read-committed, not read-uncommitted", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["append", 1, 2]])
    .serial(0, [["r", 1, [1]]])
    .serial(1, [["r", 1, [2, 1]]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["incompatible-order"]);
  deepStrictEqual(cases(r)["incompatible-order"][0], { key: 1, values: [[1], [2, 1]] });
});

Deno.test("txnListAppend() reports G1a (a read of a failed append) under read-committed", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]], "fail")
    .serial(1, [["r", 1, [1]]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], "unknown", "no dependency at all");
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  ok(types(r).includes("G1a"));
  const c = cases(r).G1a[0];
  deepStrictEqual((c.writer as Op).type, "fail");
  deepStrictEqual(c.element, 1);
  deepStrictEqual(r.not, ["read-committed"]);
});

Deno.test("txnListAppend() reports dirty-update (a committed append after a failed one) under read-committed", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]], "fail")
    .serial(1, [["append", 1, 2]])
    .serial(2, [["r", 1, [1, 2]]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1a", "dirty-update"]);
  const c = cases(r)["dirty-update"][0];
  deepStrictEqual(c.key, 1);
  deepStrictEqual(c.values, [1, 2]);
  deepStrictEqual((c.txns as Op[]).map((t) => t.type), ["fail", "ok"]);
});

Deno.test("txnListAppend() reports G1b (a read ending in an intermediate append) under read-committed", () => {
  const h = new H()
    .serial(0, [["append", 1, 1], ["r", 1, [1]], ["append", 1, 2]])
    .serial(1, [["r", 1, [1]]])
    .serial(1, [["r", 1, [1, 2]]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1b"]);
  deepStrictEqual(cases(r).G1b.length, 1, "the appender's own read is no G1b");
  deepStrictEqual(cases(r).G1b[0].element, 1);
});

Deno.test("txnListAppend() reports internal (a read missing the txn's own append) under snapshot-isolation only", () => {
  const h = new H()
    .serial(0, [["append", 1, 2]])
    .serial(1, [["append", 1, 1], ["r", 1, [2]]])
    .serial(0, [["r", 1, [2, 1]]]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "snapshot-isolation");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["internal"]);
  const c = cases(r).internal[0];
  deepStrictEqual(c.mop, ["r", 1, [2]]);
  deepStrictEqual(c.expected, ["...", 1]);
});

Deno.test("txnListAppend() reports internal when a second read of a key differs from the first", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["r", 1, [1]], ["r", 1, [1, 2]]])
    .serial(0, [["append", 1, 2]])
    .serial(0, [["r", 1, [1, 2]]]);
  const r = check(h, "serializable");
  ok(types(r).includes("internal"));
  deepStrictEqual(cases(r).internal[0].expected, [1]);
});

Deno.test("txnListAppend() does not check a read that follows a read of null, as Elle does not", () => {
  // Elle's op-int-case keeps nil as the expected state after reading nil,
  // and nil means "no expectation": only the G-single-item cycle remains,
  // which read-atomic allows.
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["r", 1, null], ["r", 1, [1]]]);
  const r = check(h, "read-atomic");
  deepStrictEqual(r["valid?"], true, JSON.stringify(r));
  ok(!(types(r) ?? []).includes("internal"));
  const strict = check(h, "strict-serializable");
  deepStrictEqual(strict["valid?"], false);
  ok(!types(strict).includes("internal"), JSON.stringify(types(strict)));
});

Deno.test("txnListAppend() reports future-read (a txn reading its own later append) under read-committed", () => {
  const h = new H()
    .serial(0, [["r", 1, [1]], ["append", 1, 1]])
    .serial(1, [["r", 1, [1]]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["future-read"]);
  deepStrictEqual(cases(r)["future-read"][0].element, 1);
});

Deno.test("txnListAppend() reports lost-update under repeatable-read, not read-committed", () => {
  const h = new H()
    .concurrent([
      [0, [["r", 1, null], ["append", 1, 1]]],
      [1, [["r", 1, null], ["append", 1, 2]]],
    ])
    .serial(0, [["r", 1, [1, 2]]]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "repeatable-read");
  deepStrictEqual(r["valid?"], false);
  ok(types(r).includes("lost-update"));
  const c = cases(r)["lost-update"][0];
  deepStrictEqual([c.key, c.value, (c.txns as unknown[]).length], [1, null, 2]);
});

Deno.test("txnListAppend() reports G0 (a cycle of ww edges from the append order) under read-uncommitted", () => {
  const h = new H()
    .concurrent([
      [0, [["append", 1, 1], ["append", 2, 2]]],
      [1, [["append", 1, 2], ["append", 2, 1]]],
    ])
    .serial(2, [["r", 1, [1, 2]], ["r", 2, [1, 2]]]);
  const r = check(h, "read-uncommitted");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G0"]);
  const cyc = cases(r).G0[0];
  deepStrictEqual((cyc.steps as Array<{ type: string }>).map((s) => s.type), ["ww", "ww"]);
  ok((cyc.explanation as string).includes("appended 2 after"));
  ok((cyc.explanation as string).includes("a contradiction"));
});

Deno.test("txnListAppend() reports G1c (a cycle of wr edges) under read-committed, not read-uncommitted", () => {
  const h = new H().concurrent([
    [0, [["append", 1, 1], ["r", 2, [1]]]],
    [1, [["append", 2, 1], ["r", 1, [1]]]],
  ]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1c"]);
  const cyc = cases(r).G1c[0];
  deepStrictEqual((cyc.steps as Array<{ type: string }>).map((s) => s.type), ["wr", "wr"]);
  deepStrictEqual((cyc.cycle as unknown[]).length, 3);
  ok((cyc.explanation as string).includes("observed T1's append of 1 to key"));
});

Deno.test("txnListAppend() puts info txns in the graph: a G1c through an indeterminate append", () => {
  const h = new H()
    .begin(0, [["append", 1, 1], ["append", 2, 2]])
    .begin(1, [["r", 1, [1]], ["append", 2, 1]])
    .end(0, "info")
    .end(1)
    .serial(2, [["r", 2, [1, 2]]]);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1c"]);
  const steps = cases(r).G1c[0].steps as Array<{ type: string }>;
  deepStrictEqual(steps.map((s) => s.type).sort(), ["wr", "ww"]);
});

Deno.test("txnListAppend() reports G-single-item (read skew) under snapshot-isolation, not read-committed", () => {
  const h = new H().concurrent([
    [0, [["r", 1, null], ["r", 2, [1]]]],
    [1, [["append", 1, 1], ["append", 2, 1]]],
  ]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "snapshot-isolation");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-single-item"]);
  ok(
    (cases(r)["G-single-item"][0].explanation as string).includes(
      "observed the initial (empty) state of 1",
    ),
  );
});

Deno.test("txnListAppend() reports G2-item (write skew) under serializable, not snapshot-isolation", () => {
  const h = new H()
    .concurrent([
      [0, [["r", 1, null], ["append", 2, 1]]],
      [1, [["r", 2, null], ["append", 1, 1]]],
    ])
    .serial(2, [["r", 1, [1]], ["r", 2, [1]]]);
  deepStrictEqual(check(h, "snapshot-isolation")["valid?"], true);
  const r = check(h, "serializable");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G2-item"]);
  const cyc = cases(r)["G2-item"][0];
  deepStrictEqual((cyc.steps as Array<{ type: string }>).map((s) => s.type), ["rw", "rw"]);
});

Deno.test("txnListAppend() reports G-nonadjacent-item under snapshot-isolation", () => {
  const h = new H().concurrent([
    [0, [["r", 1, null], ["r", 4, [1]]]],
    [1, [["append", 1, 1], ["append", 2, 1]]],
    [2, [["r", 2, [1]], ["r", 3, null]]],
    [3, [["append", 3, 1], ["append", 4, 1]]],
  ]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "snapshot-isolation");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-nonadjacent-item"]);
  deepStrictEqual((cases(r)["G-nonadjacent-item"][0].steps as unknown[]).length, 4);
});

Deno.test("txnListAppend() reports G-single-item-realtime (a stale read after a completed append) under strict-serializable only", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["r", 1, null]]);
  deepStrictEqual(check(h, "serializable")["valid?"], true);
  const r = check(h);
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-single-item-realtime"]);
  const cyc = cases(r)["G-single-item-realtime"][0];
  deepStrictEqual(
    (cyc.steps as Array<{ type: string }>).map((s) => s.type).sort(),
    ["realtime", "rw"],
  );
});

Deno.test("txnListAppend() uses process order for strong-session models", () => {
  const h = new H()
    .begin(1, [["append", 2, 1]])
    .serial(0, [["append", 1, 1]])
    .serial(0, [["r", 1, null]])
    .end(1);
  deepStrictEqual(check(h, "serializable")["valid?"], true);
  const r = check(h, "strong-session-serializable");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-single-item-process"]);
});

Deno.test("txnListAppend() is unknown when a value is appended twice to a key", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["append", 1, 1]])
    .serial(2, [["r", 1, [1, 1]]]);
  const r = check(h);
  deepStrictEqual(r["valid?"], "unknown");
  ok(String(r.error).includes("appended to key 1 more than once"));
});

Deno.test("txnListAppend() is unknown when a read shows an element nobody appended", () => {
  const h = new H()
    .serial(0, [["append", 1, 1]])
    .serial(1, [["r", 1, [1, 7]]]);
  const r = check(h);
  deepStrictEqual(r["valid?"], "unknown");
  ok(String(r.error).includes("no txn appended 7 to key 1"));
});

Deno.test("txnListAppend() is unknown for malformed micro-ops, reads that are not lists, and unknown models", () => {
  deepStrictEqual(check(new H().serial(0, [["w", 1, 1]]))["valid?"], "unknown");
  deepStrictEqual(check(new H().serial(0, [["r", 1, 3]]))["valid?"], "unknown");
  const r = check(new H(), "read-committed,serializable");
  deepStrictEqual(r["valid?"], "unknown");
  ok(String(r.error).includes("Unknown consistency model"));
  deepStrictEqual(listAppend([], { consistencyModels: ["read-committed"] })["valid?"], "unknown");
});

/**
 * A random list-append history of `n` txns over `nodes` replicas: each txn
 * runs on its process's replica, and its appends reach the other replicas
 * up to `lag` txns later (so lagging replicas read stale, and order appends
 * differently). Keys take 16 appends, then the next key replaces them.
 */
function randomHistory(n: number, opts: { nodes: number; lag: number; seed: number }): Op[] {
  let s = opts.seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const stores = Array.from({ length: opts.nodes }, () => new Map<number, number[]>());
  const pending: Array<{ at: number; node: number; appends: Array<[number, number]> }> = [];
  const next = new Map<number, number>();
  const keys = Array.from({ length: 8 }, (_, i) => i);
  const ops: Op[] = [];
  const concurrency = opts.nodes * 2;
  for (let i = 0; i < n; i++) {
    while (pending.length && pending[0].at <= i) {
      const p = pending.shift()!;
      for (const [k, v] of p.appends) stores[p.node].set(k, [...stores[p.node].get(k) ?? [], v]);
    }
    const proc = i % concurrency, node = proc % opts.nodes, store = stores[node];
    const inv: unknown[] = [], done: unknown[] = [];
    const appends: Array<[number, number]> = [];
    for (let j = 1 + Math.floor(rand() * 4); j > 0; j--) {
      const ki = Math.floor(rand() * keys.length);
      if (next.get(keys[ki]) === 16) keys[ki] = Math.max(...keys) + 1;
      const k = keys[ki];
      if (rand() < 0.5) {
        inv.push(["r", k, null]);
        done.push(["r", k, store.has(k) ? [...store.get(k)!] : null]);
      } else {
        const v = (next.get(k) ?? 0) + 1;
        next.set(k, v);
        store.set(k, [...store.get(k) ?? [], v]);
        appends.push([k, v]);
        inv.push(["append", k, v]);
        done.push(["append", k, v]);
      }
    }
    for (let other = 0; other < opts.nodes; other++) {
      if (other === node) continue;
      pending.push({ at: i + 1 + Math.floor(rand() * opts.lag), node: other, appends });
    }
    pending.sort((a, b) => a.at - b.at);
    ops.push({
      index: ops.length,
      time: i * 1e6,
      type: "invoke",
      process: proc,
      f: "txn",
      value: inv,
    });
    ops.push({
      index: ops.length,
      time: i * 1e6 + 5e5,
      type: "ok",
      process: proc,
      f: "txn",
      value: done,
    });
  }
  return ops;
}

Deno.test("txnListAppend() accepts a serial single-node history of 5 000 txns as strict-serializable", () => {
  const r = txnListAppend(randomHistory(5_000, { nodes: 1, lag: 1, seed: 3 }));
  deepStrictEqual(r["valid?"], true, JSON.stringify(types(r)));
});

Deno.test("txnListAppend() rejects 5 000 txns of two replicas that append in their own order", () => {
  const history = randomHistory(5_000, { nodes: 2, lag: 20, seed: 7 });
  const ru = txnListAppend(history, { consistencyModels: ["read-uncommitted"] });
  deepStrictEqual(ru["valid?"], false);
  const ss = txnListAppend(history);
  deepStrictEqual(ss["valid?"], false);
  ok(types(ss).includes("incompatible-order"));
});

import { deepStrictEqual, ok } from "node:assert";
import type { Op } from "../../history.ts";
import { parseConsistencyModels, rwRegister, txnRwRegister } from "./rw_register.ts";
import { TxnHistory as H } from "../_testing.ts";

const check = (h: H, ...models: string[]) =>
  txnRwRegister(h.ops, { consistencyModels: models.length ? models : undefined });
const types = (r: Record<string, unknown>) => r["anomaly-types"] as string[];

Deno.test("txnRwRegister() accepts a serial history under strict-serializable", () => {
  const h = new H()
    .serial(0, [["w", 1, 1]])
    .serial(1, [["r", 1, 1], ["w", 1, 2]])
    .serial(0, [["r", 1, 2], ["r", 2, null]])
    .serial(1, [["w", 2, 1], ["r", 2, 1]]);
  const r = check(h);
  deepStrictEqual(r["valid?"], true);
  deepStrictEqual(types(r), []);
});

Deno.test("txnRwRegister() fails an empty transaction graph, as Maelstrom's wrapper does", () => {
  const h = new H().serial(0, [["w", 1, 1]]);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["empty-transaction-graph"]);
  deepStrictEqual(
    rwRegister(h.ops, { consistencyModels: ["read-committed"] })["valid?"],
    "unknown",
  );
});

Deno.test("txnRwRegister() reports internal inconsistency under snapshot-isolation only", () => {
  const h = new H()
    .serial(0, [["w", 1, 1], ["r", 1, 2]])
    .serial(1, [["w", 1, 2]])
    .serial(0, [["r", 1, 2]]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "snapshot-isolation");
  deepStrictEqual(r["valid?"], false);
  ok(types(r).includes("internal"));
  const c = (r.anomalies as Record<string, Array<Record<string, unknown>>>).internal[0];
  deepStrictEqual(c.mop, ["r", 1, 2]);
  deepStrictEqual(c.expected, 1);
});

Deno.test("txnRwRegister() reports G1a (a read of a failed write) under read-committed", () => {
  const h = new H()
    .serial(0, [["w", 1, 1]], "fail")
    .serial(1, [["r", 1, 1]])
    .serial(1, [["w", 1, 2]])
    .serial(0, [["r", 1, 2]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1a"]);
  const c = (r.anomalies as Record<string, Array<Record<string, unknown>>>).G1a[0];
  deepStrictEqual((c.writer as Op).type, "fail");
  deepStrictEqual(r.not, ["read-committed"]);
});

Deno.test("txnRwRegister() reports G1b (a read of an intermediate write) under read-committed", () => {
  const h = new H()
    .serial(0, [["w", 1, 1], ["r", 1, 1], ["w", 1, 2]])
    .serial(1, [["r", 1, 1]])
    .serial(1, [["r", 1, 2]]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1b"]);
  deepStrictEqual(
    (r.anomalies as Record<string, unknown[]>).G1b.length,
    1,
    "the writer's own internal read is no G1b",
  );
});

Deno.test("txnRwRegister() reports a G1c cycle of wr edges under read-committed, not read-uncommitted", () => {
  const h = new H().concurrent([
    [0, [["w", 1, 1], ["r", 2, 1]]],
    [1, [["w", 2, 1], ["r", 1, 1]]],
  ]);
  deepStrictEqual(check(h, "read-uncommitted")["valid?"], true);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G1c"]);
  const cyc = (r.anomalies as Record<string, Array<Record<string, unknown>>>).G1c[0];
  deepStrictEqual((cyc.steps as Array<{ type: string }>).map((s) => s.type), ["wr", "wr"]);
  deepStrictEqual((cyc.cycle as unknown[]).length, 3);
  ok((cyc.explanation as string).includes("a contradiction"));
});

Deno.test("txnRwRegister() fails read-uncommitted on a ww cycle (PL-1-cycle-exists, explained as G1c)", () => {
  const h = new H().concurrent([
    [0, [["r", 2, 2], ["w", 2, 3], ["w", 1, 1]]],
    [1, [["r", 1, 1], ["w", 1, 2], ["w", 2, 2]]],
  ]);
  const ru = check(h, "read-uncommitted");
  deepStrictEqual(ru["valid?"], false);
  deepStrictEqual(types(ru), ["PL-1-cycle-exists"]);
  const rc = check(h, "read-committed");
  deepStrictEqual(types(rc), ["G1c", "PL-1-cycle-exists"]);
  deepStrictEqual(rc.not, ["read-uncommitted"]);
});

Deno.test("txnRwRegister() reports cyclic-versions under read-uncommitted", () => {
  const h = new H().concurrent([
    [0, [["r", 1, 1], ["w", 1, 2]]],
    [1, [["r", 1, 2], ["w", 1, 1]]],
  ]);
  const r = check(h, "read-uncommitted");
  deepStrictEqual(r["valid?"], false);
  ok(types(r).includes("cyclic-versions"));
  const c = (r.anomalies as Record<string, Array<Record<string, unknown>>>)["cyclic-versions"][0];
  deepStrictEqual(c.key, 1);
  deepStrictEqual(c.scc, [1, 2]);
});

Deno.test("txnRwRegister() reports lost-update under repeatable-read, not read-committed", () => {
  const h = new H()
    .concurrent([
      [0, [["r", 1, null], ["w", 1, 1]]],
      [1, [["r", 1, null], ["w", 1, 2]]],
    ])
    .serial(0, [["r", 1, 2]]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "repeatable-read");
  deepStrictEqual(r["valid?"], false);
  ok(types(r).includes("lost-update"));
  const c = (r.anomalies as Record<string, Array<Record<string, unknown>>>)["lost-update"][0];
  deepStrictEqual(c.key, 1);
  deepStrictEqual(c.value, null);
  deepStrictEqual((c.txns as unknown[]).length, 2);
});

Deno.test("txnRwRegister() reports G-single-item (read skew) under snapshot-isolation, not read-committed", () => {
  const h = new H().concurrent([
    [0, [["r", 1, null], ["r", 2, 1]]],
    [1, [["w", 1, 1], ["w", 2, 1]]],
  ]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "snapshot-isolation");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-single-item"]);
  deepStrictEqual(
    r.not,
    ["consistent-view", "repeatable-read"].filter(() => false).concat(r.not as string[]),
  );
  ok(
    (r.not as string[]).includes("repeatable-read") ||
      (r["also-not"] as string[]).includes("repeatable-read"),
  );
});

Deno.test("txnRwRegister() reports G2-item (write skew) under serializable, not snapshot-isolation", () => {
  const h = new H().concurrent([
    [0, [["r", 1, null], ["w", 2, 1]]],
    [1, [["r", 2, null], ["w", 1, 1]]],
  ]);
  deepStrictEqual(check(h, "snapshot-isolation")["valid?"], true);
  const r = check(h, "serializable");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G2-item"]);
  const cyc = (r.anomalies as Record<string, Array<Record<string, unknown>>>)["G2-item"][0];
  deepStrictEqual((cyc.steps as Array<{ type: string }>).map((s) => s.type), ["rw", "rw"]);
});

Deno.test("txnRwRegister() reports G-nonadjacent-item under snapshot-isolation", () => {
  const h = new H().concurrent([
    [0, [["r", 1, null], ["r", 4, 1]]],
    [1, [["w", 1, 1], ["w", 2, 1]]],
    [2, [["r", 2, 1], ["r", 3, null]]],
    [3, [["w", 3, 1], ["w", 4, 1]]],
  ]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
  const r = check(h, "snapshot-isolation");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-nonadjacent-item"]);
  const cyc =
    (r.anomalies as Record<string, Array<Record<string, unknown>>>)["G-nonadjacent-item"][0];
  deepStrictEqual((cyc.steps as unknown[]).length, 4);
});

Deno.test("txnRwRegister() reports G-single-item-realtime (a stale read after a completed write) under strict-serializable only", () => {
  const h = new H()
    .serial(0, [["w", 1, 1]])
    .serial(1, [["r", 1, null]]);
  deepStrictEqual(check(h, "serializable")["valid?"], true);
  const r = check(h, "strict-serializable");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-single-item-realtime"]);
  const cyc =
    (r.anomalies as Record<string, Array<Record<string, unknown>>>)["G-single-item-realtime"][0];
  deepStrictEqual(
    (cyc.steps as Array<{ type: string }>).map((s) => s.type).sort(),
    ["realtime", "rw"],
  );
});

Deno.test("txnRwRegister() uses process order for strong-session models", () => {
  const h = new H()
    .begin(1, [["w", 2, 1]])
    .serial(0, [["w", 1, 1]])
    .serial(0, [["r", 1, null]])
    .end(1);
  deepStrictEqual(check(h, "serializable")["valid?"], true);
  const r = check(h, "strong-session-serializable");
  deepStrictEqual(r["valid?"], false);
  deepStrictEqual(types(r), ["G-single-item-process"]);
});

Deno.test("txnRwRegister() ignores info txns' writes for wr edges and fails nothing for them", () => {
  const h = new H()
    .serial(0, [["w", 1, 1]], "info")
    .serial(1, [["r", 1, 1], ["w", 1, 2]])
    .serial(2, [["r", 1, 2]]);
  deepStrictEqual(check(h, "read-committed")["valid?"], true);
});

Deno.test("txnRwRegister() is unknown for an unknown model name such as a,b", () => {
  const h = new H().serial(0, [["w", 1, 1]]).serial(0, [["r", 1, 1]]);
  const r = check(h, ...parseConsistencyModels("read-committed,serializable"));
  deepStrictEqual(r["valid?"], "unknown");
  ok(String(r.error).includes("Unknown consistency model"));
  deepStrictEqual(parseConsistencyModels("read-committed , serializable"), [
    "read-committed",
    "serializable",
  ]);
});

Deno.test("txnRwRegister() is unknown when a read value was written by two ok txns", () => {
  const h = new H()
    .serial(0, [["w", 1, 1]])
    .serial(1, [["w", 1, 1]])
    .serial(2, [["r", 1, 1]]);
  const r = check(h, "read-committed");
  deepStrictEqual(r["valid?"], "unknown");
  ok(String(r.error).includes("more than one op"));
});

Deno.test("txnRwRegister() is unknown for malformed micro-ops", () => {
  const h = new H().serial(0, [["x" as "r", 1, 1]]);
  deepStrictEqual(check(h)["valid?"], "unknown");
});

/** A random history of `n` txns: `nodes` replicas, each applying others' writes late. */
function randomHistory(n: number, opts: { nodes: number; lag: number; seed: number }): Op[] {
  let s = opts.seed;
  const rand = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const stores = Array.from({ length: opts.nodes }, () => new Map<number, number>());
  const pending: Array<{ at: number; node: number; writes: Array<[number, number]> }> = [];
  const next = new Map<number, number>();
  const keys = Array.from({ length: 10 }, (_, i) => i);
  const ops: Op[] = [];
  const concurrency = opts.nodes * 2;
  for (let i = 0; i < n; i++) {
    while (pending.length && pending[0].at <= i) {
      const p = pending.shift()!;
      for (const [k, v] of p.writes) stores[p.node].set(k, v);
    }
    const proc = i % concurrency, node = proc % opts.nodes;
    const len = 1 + Math.floor(rand() * 4);
    const inv: unknown[] = [], done: unknown[] = [];
    const writes = new Map<number, number>();
    for (let j = 0; j < len; j++) {
      const r = rand() * 1023;
      const ki = Math.min(9, Math.floor(Math.log2(r + 1)));
      const k = keys[ki];
      if (rand() < 0.5) {
        inv.push(["r", k, null]);
        done.push(["r", k, writes.get(k) ?? stores[node].get(k) ?? null]);
      } else {
        const v = (next.get(k) ?? 0) + 1;
        if (v > 16) {
          keys[ki] = Math.max(...keys) + 1;
          j--;
          continue;
        }
        next.set(k, v);
        writes.set(k, v);
        inv.push(["w", k, v]);
        done.push(["w", k, v]);
      }
    }
    for (const [k, v] of writes) stores[node].set(k, v);
    for (let other = 0; other < opts.nodes; other++) {
      if (other !== node) {
        pending.push({
          at: i + 1 + Math.floor(rand() * opts.lag),
          node: other,
          writes: [...writes],
        });
      }
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

export { randomHistory };

// Checking speed is a figure of `make bench` (tests/bench.ts), not asserted here.
Deno.test("txnRwRegister() judges 20 000 txns of a lagging 2-node store per model", () => {
  const history = randomHistory(20_000, { nodes: 2, lag: 20, seed: 7 });
  for (const model of ["read-uncommitted", "read-committed", "strict-serializable"]) {
    const r = txnRwRegister(history, { consistencyModels: [model] });
    if (model !== "strict-serializable") {
      deepStrictEqual(r["valid?"], true, JSON.stringify(types(r)));
    } else deepStrictEqual(r["valid?"], false);
  }
});

Deno.test("txnRwRegister() accepts a serial single-node history of 20 000 txns as strict-serializable", () => {
  const history = randomHistory(20_000, { nodes: 1, lag: 1, seed: 3 });
  const r = txnRwRegister(history);
  deepStrictEqual(r["valid?"], true, JSON.stringify(types(r)));
});

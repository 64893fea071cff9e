import assert from "node:assert/strict";
import type { Op } from "./history.ts";
import {
  type Grudge,
  grudgeFor,
  grudgeValue,
  PARTITION_SPECS,
  partitionGenerator,
  PartitionNemesis,
} from "./nemesis.ts";
import { nodeIds } from "./options.ts";
import { Random } from "./random.ts";

const connected = (g: Grudge, a: string, b: string) => !g.get(b)?.has(a);

Deno.test("majorities-ring on 3 nodes is an asymmetric directed cycle", () => {
  for (let seed = 0; seed < 10; seed++) {
    const g = grudgeFor("majorities-ring", nodeIds(3), new Random(seed));
    const edges = [...g].flatMap(([dest, srcs]) => [...srcs].map((s) => [s, dest]));
    assert.equal(edges.length, 3);
    for (const [s, d] of edges) assert.ok(connected(g, d, s), "reverse direction stays up");
  }
});

Deno.test("majorities-ring on 5 nodes lets each node hear only its two ring neighbours", () => {
  const g = grudgeFor("majorities-ring", nodeIds(5), new Random(2));
  for (const srcs of g.values()) assert.equal(srcs.size, 2);
  for (const [a, srcs] of g) for (const b of srcs) assert.ok(g.get(b)!.has(a), "symmetric");
});

Deno.test("majorities-ring on more than 5 nodes connects every node to a majority", () => {
  const nodes = nodeIds(9);
  const g = grudgeFor("majorities-ring", nodes, new Random(7));
  for (const node of nodes) assert.ok(nodes.length - g.get(node)!.size >= 5);
});

Deno.test("minority-third is a no-op on 3 nodes; majority and one cut completely", () => {
  assert.deepEqual(grudgeValue(grudgeFor("minority-third", nodeIds(3), new Random(1))), {
    n0: [],
    n1: [],
    n2: [],
  });
  const m = grudgeFor("majority", nodeIds(5), new Random(1));
  assert.deepEqual([...m.values()].map((s) => s.size).sort(), [2, 2, 2, 3, 3]);
  const one = grudgeFor("one", nodeIds(4), new Random(1));
  assert.deepEqual([...one.values()].map((s) => s.size).sort(), [1, 1, 1, 3]);
});

Deno.test("nemesis generator: first start now, then stop/start alternating after uniform [0, 2×interval) gaps", () => {
  const g = partitionGenerator(1);
  let t = 0;
  const ops: [string, unknown, number][] = [];
  const random = new Random(5);
  for (let i = 0; i < 400; i++) {
    const c = {
      time: t,
      threads: [0],
      free: [0],
      concurrency: 0,
      nodes: [],
      nodeOf: () => "",
      processOf: () => -1,
      random,
    };
    const p = g.op(c);
    if (p === undefined || p === "pending") throw new Error("no op");
    t = p.time ?? t;
    const op: Op = { index: i, time: t, type: "info", process: "nemesis", f: p.f, value: p.value };
    g.update?.({ type: "invoke", thread: 0, source: p, op }, c);
    ops.push([p.f, p.value, t]);
  }
  assert.equal(ops[0][2], 0);
  assert.ok(ops.every(([f], i) => f === (i % 2 === 0 ? "start-partition" : "stop-partition")));
  assert.ok(ops.filter((_, i) => i % 2 === 1).every(([, v]) => v === null));
  const specs = new Set(ops.filter((_, i) => i % 2 === 0).map(([, v]) => v));
  assert.deepEqual([...specs].sort(), [...PARTITION_SPECS].sort());
  const gaps = ops.slice(1).map(([, , t], i) => t - ops[i][2]);
  assert.ok(gaps.every((g) => g >= 0 && g < 2e9));
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  assert.ok(mean > 0.85e9 && mean < 1.15e9, `mean ${mean}`);
});

Deno.test("partition nemesis: start installs the spec's grudge, stop heals", () => {
  const calls: string[] = [];
  const n = new PartitionNemesis(nodeIds(3), new Random(1), {
    partition: (g) => calls.push(`partition ${g.size}`),
    heal: () => calls.push("heal"),
  });
  const started = n.invoke("start-partition", "majorities-ring") as [string, object];
  assert.equal(started[0], "isolated");
  assert.equal(Object.keys(started[1]).length, 3);
  assert.equal(n.invoke("stop-partition", null), "network-healed");
  assert.deepEqual(calls, ["partition 3", "heal"]);
});

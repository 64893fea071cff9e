import assert from "node:assert/strict";
import type { Op } from "./history.ts";
import { type Grudge, grudgeFor, grudgeValue, Nemesis, type NemesisEntry } from "./nemesis.ts";
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

Deno.test("nemesis flip-flops with two info entries per op, starting with a partition", async () => {
  const entries: NemesisEntry[] = [];
  let partitioned = 0, healed = 0;
  const n = new Nemesis({
    nodes: nodeIds(3),
    interval: 0.01,
    random: new Random(1),
    target: {
      partition: () => partitioned++,
      heal: () => healed++,
      record: (e) => entries.push(e),
    },
  });
  n.start();
  await new Promise((r) => setTimeout(r, 120));
  n.stop();
  assert.ok(entries.length >= 4);
  assert.ok(entries.every((e) => e.type === "info" && e.process === "nemesis"));
  assert.equal(entries[0].f, "start-partition");
  assert.ok(
    ["one", "minority-third", "majority", "majorities-ring"].includes(entries[0].value as string),
  );
  assert.equal((entries[1].value as [string])[0], "isolated");
  assert.deepEqual(entries.slice(2, 4).map((e: Partial<Op>) => [e.f, e.value]), [
    ["stop-partition", null],
    ["stop-partition", "network-healed"],
  ]);
  assert.ok(partitioned >= 1 && healed >= 1);
});

import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { completeGrudge, grudgeFor, grudgeValue } from "../nemesis.ts";
import { Random } from "../random.ts";
import { describeCut, describeGrudge, groupsOf, partitionAt, partitionsOf } from "./partitions.ts";

const nemesis = (ms: number, f: string, value: unknown) =>
  [ms, "info", "nemesis", f, value] as const;

Deno.test("partitionsOf() reads each grudge from its start-partition completion until the heal", () => {
  const g = grudgeValue(completeGrudge([["n1"], ["n2", "n3"]]));
  const h = history([
    [...nemesis(100, "start-partition", "one")],
    [...nemesis(101, "start-partition", ["isolated", g])],
    [500, "invoke", 0, "read", null],
    [...nemesis(2000, "stop-partition", null)],
    [...nemesis(2001, "stop-partition", "network-healed")],
    [...nemesis(3000, "start-partition", "majority")],
    [...nemesis(3001, "start-partition", ["isolated", g])],
  ]);
  const ps = partitionsOf(h);
  assert.deepEqual(ps.map((p) => [p.start / 1e6, p.stop && p.stop / 1e6, p.spec]), [
    [101, 2001, "one"],
    [3001, undefined, "majority"],
  ]);
  assert.equal(partitionAt(ps, 1000e6), ps[0]);
  assert.equal(partitionAt(ps, 2500e6), undefined);
  assert.equal(partitionAt(ps, 9000e6), ps[1]);
});

Deno.test("partitionsOf() leaves out a grudge in which nobody drops anybody", () => {
  const h = history([[...nemesis(1, "start-partition", ["isolated", { n1: [], n2: [] }])]]);
  assert.deepEqual(partitionsOf(h), []);
});

Deno.test("a complete grudge is described by its groups, and a cut by the other side", () => {
  const g = grudgeValue(completeGrudge([["n3"], ["n1", "n2", "n4"]]));
  assert.deepEqual(groupsOf(g), [["n1", "n2", "n4"], ["n3"]]);
  assert.equal(describeGrudge(g), "n1, n2, n4 | n3");
  assert.equal(describeCut(g, "n3"), "n3 was cut off from n1, n2, n4");
  assert.equal(describeCut(g, "n1"), "n1 was cut off from n3");
});

Deno.test("a majorities-ring grudge is described node by node, and its one-way cuts as such", () => {
  const g = grudgeValue(
    grudgeFor("majorities-ring", ["n1", "n2", "n3", "n4", "n5"], new Random(3)),
  );
  assert.equal(groupsOf(g), undefined);
  const text = describeGrudge(g);
  for (const n of ["n1", "n2", "n3", "n4", "n5"]) assert.match(text, new RegExp(`${n} heard only`));
  // Hand-made one-way cut: n1 drops n2, n2 hears n1.
  assert.equal(describeCut({ n1: ["n2"], n2: [] }, "n2"), "n2 could not reach n1");
  assert.equal(describeCut({ n1: ["n2"], n2: [] }, "n1"), "n1 did not hear from n2");
  assert.equal(describeCut({ n1: ["n2"], n2: [] }, "n3"), undefined);
});

import assert from "node:assert/strict";
import { nodeIds } from "../options.ts";
import { topology } from "./topology.ts";

Deno.test("grid topology of 5 nodes matches Maelstrom's", () => {
  assert.deepEqual(topology("grid", nodeIds(5)), {
    n0: ["n3", "n1"],
    n1: ["n4", "n2", "n0"],
    n2: ["n1"],
    n3: ["n0", "n4"],
    n4: ["n1", "n3"],
  });
});

Deno.test("tree2 of 5 nodes and line of 1 node match Maelstrom's", () => {
  assert.deepEqual(topology("tree2", nodeIds(5)), {
    n0: ["n1", "n2"],
    n1: ["n0", "n3", "n4"],
    n2: ["n0"],
    n3: ["n1"],
    n4: ["n1"],
  });
  assert.deepEqual(topology("line", nodeIds(1)), {});
  assert.deepEqual(topology("line", nodeIds(3)), { n0: ["n1"], n1: ["n0", "n2"], n2: ["n1"] });
});

Deno.test("tree4 and total topologies", () => {
  const t = topology("tree4", nodeIds(7));
  assert.deepEqual(t.n0, ["n1", "n2", "n3", "n4"]);
  assert.deepEqual(t.n1, ["n0", "n5", "n6"]);
  assert.deepEqual(topology("total", nodeIds(3)).n1, ["n0", "n2"]);
});

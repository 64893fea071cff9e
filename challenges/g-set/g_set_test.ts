import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { GSet } from "./g_set.ts";

Deno.test("GSet keeps each element once, whichever node added it", () => {
  const s = new GSet();
  assertEquals(s.add("n0", 1), true);
  assertEquals(s.add("n1", 1), false);
  s.merge({ n2: { from: 0, elements: [1, 2] } });
  assertEquals(s.values(), [1, 2]);
  assertEquals(s.versions(), { n0: 1, n2: 2 });
});

Deno.test("GSet.delta is each log's suffix beyond the peer's versions", () => {
  const s = new GSet();
  for (const e of [1, 2, 3]) s.add("n0", e);
  s.add("n1", 9);
  assertEquals(s.delta({ n0: 2, n1: 1 }, () => true), { n0: { from: 2, elements: [3] } });
  assertEquals(s.delta({ n0: 3 }, (o) => o === "n0"), undefined);
});

Deno.test("GSet.merge appends overlapping suffixes once and skips one that leaves a gap", () => {
  const s = new GSet();
  assertEquals(s.merge({ n0: { from: 0, elements: [1, 2] } }), true);
  assertEquals(s.merge({ n0: { from: 1, elements: [2, 3] } }), true);
  assertEquals(s.merge({ n0: { from: 0, elements: [1, 2, 3] } }), false);
  assertEquals(s.merge({ n0: { from: 5, elements: [6] } }), false);
  assertEquals(s.values(), [1, 2, 3]);
});

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { PnCounter } from "./pn_counter.ts";

Deno.test("PnCounter counts increments and decrements per origin", () => {
  const c = new PnCounter();
  c.add("n0", 5);
  c.add("n0", -3);
  c.add("n1", 0);
  c.add("n1", 4);
  assertEquals(c.value(), 6);
  assertEquals(c.versions(), { n0: 8, n1: 4 });
});

Deno.test("PnCounter.delta holds only parts newer than the peer's versions", () => {
  const c = new PnCounter();
  c.add("n0", 5);
  c.add("n1", -2);
  assertEquals(c.delta({ n0: 5 }, () => true), { n1: [0, 2] });
  assertEquals(c.delta({ n0: 5, n1: 2 }, () => true), undefined);
  assertEquals(c.delta({}, (o) => o === "n0"), { n0: [5, 0] });
});

Deno.test("PnCounter.merge is idempotent, commutative and ignores older parts", () => {
  const a = new PnCounter(), b = new PnCounter();
  a.add("n0", 5);
  b.add("n1", -2);
  const da = a.delta({}, () => true)!, db = b.delta({}, () => true)!;
  assertEquals(a.merge(db), true);
  assertEquals(a.merge(db), false);
  assertEquals(b.merge(da), true);
  assertEquals([a.value(), b.value()], [3, 3]);
  assertEquals(a.merge({ n0: [1, 0] }), false);
  assertEquals(a.value(), 3);
});

import assert from "node:assert/strict";
import { completeGrudge, grudgeFor, grudgeValue } from "../nemesis.ts";
import { Random } from "../random.ts";
import { history } from "../checkers/_testing.ts";
import { majoritySide, partitionPeriods } from "./partitions.ts";

const N3 = ["n0", "n1", "n2"];
const N5 = ["n0", "n1", "n2", "n3", "n4"];

Deno.test("majoritySide() is the larger component of a complete grudge", () => {
  const g = grudgeValue(completeGrudge([["n3"], ["n0", "n1", "n2", "n4"]]));
  assert.deepEqual(majoritySide(g, N5), ["n0", "n1", "n2", "n4"]);
  assert.deepEqual(majoritySide(grudgeValue(completeGrudge([["n1"], ["n0", "n2"]])), N3), [
    "n0",
    "n2",
  ]);
});

Deno.test("majoritySide() is every node when nothing is cut (minority-third at 3 nodes)", () => {
  assert.deepEqual(majoritySide({ n0: [], n1: [], n2: [] }, N3), N3);
});

Deno.test("majoritySide() is empty for the majorities rings: no majority hears itself", () => {
  for (const n of [N3, N5]) {
    for (let seed = 1; seed <= 20; seed++) {
      const g = grudgeValue(grudgeFor("majorities-ring", n, new Random(seed)));
      assert.deepEqual(majoritySide(g, n), [], JSON.stringify(g));
    }
  }
});

Deno.test("majoritySide() counts a link cut one way as cut", () => {
  // n0 drops n1 only: n1 cannot hear from n0's side of that link.
  assert.deepEqual(majoritySide({ n0: ["n1"] }, N3), ["n0", "n2"]);
});

Deno.test("partitionPeriods() runs from the grudge's completion to the heal's invocation", () => {
  const grudge = grudgeValue(completeGrudge([["n0"], ["n1", "n2"]]));
  const periods = partitionPeriods(
    history([
      [0, "info", "nemesis", "start-partition", "one"],
      [1, "invoke", 0, "read", [0, null]],
      [2, "info", "nemesis", "start-partition", ["isolated", grudge]],
      [3, "ok", 0, "read", [0, null]],
      [10, "info", "nemesis", "stop-partition", null],
      [11, "info", "nemesis", "stop-partition", "network-healed"],
      [20, "info", "nemesis", "start-partition", "majorities-ring"],
      [21, "info", "nemesis", "start-partition", [
        "isolated",
        { n0: ["n1"], n1: ["n2"], n2: ["n0"] },
      ]],
    ]),
    N3,
  );
  assert.deepEqual(
    periods.map((p) => [p.spec, p.start / 1e6, p.end / 1e6, p.majority]),
    [["one", 2, 10, ["n1", "n2"]], ["majorities-ring", 21, Infinity, []]],
  );
});

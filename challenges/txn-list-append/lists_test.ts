import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { Lists } from "./lists.ts";

Deno.test("Lists.execute() reads null for a missing key and appends create and extend lists", () => {
  const lists = new Lists();
  assertEquals(lists.execute([["r", 1, null], ["append", 1, 6], ["append", 2, 9]]), [
    ["r", 1, null],
    ["append", 1, 6],
    ["append", 2, 9],
  ]);
  assertEquals(lists.execute([["append", 1, 7], ["r", 1, null], ["r", 2, null]]), [
    ["append", 1, 7],
    ["r", 1, [6, 7]],
    ["r", 2, [9]],
  ]);
  assertEquals(lists.size, 2);
});

Deno.test("Lists.execute() lets a txn read its own earlier appends, and only those before the read", () => {
  const lists = new Lists();
  assertEquals(
    lists.execute([["append", 3, 1], ["r", 3, null], ["append", 3, 2], ["r", 3, null]]),
    [["append", 3, 1], ["r", 3, [1]], ["append", 3, 2], ["r", 3, [1, 2]]],
  );
});

Deno.test("Lists.execute() returns reads that later appends do not change", () => {
  const lists = new Lists();
  lists.execute([["append", 1, 1]]);
  const [read] = lists.execute([["r", 1, null]]);
  lists.execute([["append", 1, 2]]);
  assertEquals(read, ["r", 1, [1]]);
  assertEquals(lists.get(1), [1, 2]);
  assertEquals(lists.get(5), null);
});

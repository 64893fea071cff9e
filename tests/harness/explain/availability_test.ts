import assert from "node:assert/strict";
import { availability } from "../checkers/availability.ts";
import { history } from "../checkers/_testing.ts";
import { explain } from "./mod.ts";
import { byTime, partitionRows, TEST3 } from "./_testing.ts";

Deno.test("missed availability says how ops ended, where, during which partition, and the first", () => {
  const h = history(byTime([
    ...partitionRows(1000, 3000, [["n3"], ["n1", "n2"]]),
    [0, "invoke", 0, "txn", []],
    [10, "ok", 0, "txn", []],
    [1500, "invoke", 2, "txn", []],
    [1510, "fail", 2, "txn", [], { error: ["temporarily-unavailable", "no leader"], code: 11 }],
    [1600, "invoke", 1, "txn", []],
    [1610, "ok", 1, "txn", []],
    [1700, "invoke", 2, "txn", []],
    [2700, "info", 2, "txn", [], { error: "net-timeout" }],
  ]));
  const results = { "valid?": false as const, availability: availability(h, "total") };
  const [e] = explain({ results, history: h, test: { ...TEST3, availability: "total" } });
  assert.equal(e.checker, "availability");
  assert.equal(
    e.text,
    '50% of 4 operations succeeded; the goal was every operation (total). 2 did not: 1 failed with temporarily-unavailable, 1 timed out; 2 on n3; 2 of them began while a partition was in force. The first: a txn sent to n3 at 1.50 s failed with error 11 (temporarily-unavailable: "no leader") at 1.51 s; n3 was cut off from n1, n2 from 1.00 s to 3.00 s.',
  );
});

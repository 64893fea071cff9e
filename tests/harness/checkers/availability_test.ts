import assert from "node:assert/strict";
import { history, type Row } from "./_testing.ts";
import { availability } from "./availability.ts";

function ops(ok: number, notOk: number): Row[] {
  const rows: Row[] = [[0, "info", "nemesis", "start-partition", "one"]];
  for (let i = 0; i < ok + notOk; i++) {
    rows.push([i, "invoke", 0, "echo", i], [i, i < ok ? "ok" : "fail", 0, "echo", i]);
  }
  return rows;
}

Deno.test("availability() is always valid without a goal", () => {
  assert.deepEqual(availability(history(ops(0, 9))), { "valid?": true, "ok-fraction": 0 });
});

Deno.test("availability() with total fails on a single non-ok op", () => {
  assert.deepEqual(availability(history(ops(9, 1)), "total"), {
    "valid?": false,
    "ok-fraction": 0.9,
  });
  assert.equal(availability(history(ops(10, 0)), "total")["valid?"], true);
});

Deno.test("availability() with a fraction compares it to the 32-bit ok fraction", () => {
  const h = history(ops(99, 1));
  assert.deepEqual(availability(h, 0.99), { "valid?": true, "ok-fraction": 0.99 });
  assert.equal(availability(h, 0.991)["valid?"], false);
  // 2/3 as a float is 0.6666667, which is above the double 0.6666667 − ε.
  assert.equal(availability(history(ops(2, 1)), 2 / 3)["valid?"], true);
  assert.equal(availability(history(ops(2, 1)))["ok-fraction"], 0.6666667);
});

Deno.test("availability() counts an invocation that never completed as not ok", () => {
  const h = history([[0, "invoke", 0, "echo", 1], [1, "ok", 0, "echo", 1], [
    2,
    "invoke",
    1,
    "echo",
    2,
  ]]);
  assert.deepEqual(availability(h, 0.5), { "valid?": true, "ok-fraction": 0.5 });
});

Deno.test("availability() of a history without client ops is 1", () => {
  assert.deepEqual(availability([], 1), { "valid?": true, "ok-fraction": 1 });
});

import assert from "node:assert/strict";
import { history, type Row } from "./_testing.ts";
import { counter, unionShifted } from "./counter.ts";

const final = { final: true };

Deno.test("counter() accepts final reads equal to the sum of ok adds", () => {
  const r = counter(history([
    [0, "invoke", 0, "add", 1],
    [1, "ok", 0, "add", 1],
    [2, "invoke", 1, "add", 4],
    [3, "ok", 1, "add", 4],
    [4, "invoke", 0, "read", null],
    [5, "ok", 0, "read", 99], // not final: never checked
    [20, "invoke", 0, "read", null, final],
    [21, "ok", 0, "read", 5, final],
    [20, "invoke", 1, "read", null, final],
    [21, "ok", 1, "read", 5, final],
  ]));
  assert.deepEqual(r, {
    "valid?": true,
    errors: null,
    "final-reads": [5, 5],
    acceptable: [[5, 5]],
  });
});

Deno.test("counter() reports a final read outside the acceptable set", () => {
  const h = history([
    [0, "invoke", 0, "add", 2],
    [1, "ok", 0, "add", 2],
    [2, "invoke", 0, "read", null, final],
    [3, "ok", 0, "read", 1, final],
  ]);
  const r = counter(h);
  assert.equal(r["valid?"], false);
  assert.deepEqual(r.errors, [h[3]]);
  assert.deepEqual(r.acceptable, [[2, 2]]);
});

Deno.test("counter() lets each info add happen or not, and ignores failed adds", () => {
  const r = counter(history([
    [0, "invoke", 0, "add", 1],
    [1, "ok", 0, "add", 1],
    [2, "invoke", 1, "add", 10],
    [3, "info", 1, "add", 10],
    [4, "invoke", 2, "add", -3],
    [5, "info", 2, "add", -3],
    [6, "invoke", 3, "add", 100],
    [7, "fail", 3, "add", 100],
    [8, "invoke", 0, "read", null, final],
    [9, "ok", 0, "read", 8, final],
  ]));
  // {1} ∪ {11} then ∪ {-2, 8}
  assert.deepEqual(r.acceptable, [[-2, -2], [1, 1], [8, 8], [11, 11]]);
  assert.equal(r["valid?"], true);
});

Deno.test("counter() treats an add that never completed as indefinite", () => {
  const r = counter(history([
    [0, "invoke", 0, "add", 4],
    [1, "invoke", 1, "read", null, final],
    [2, "ok", 1, "read", 4, final],
  ]));
  assert.deepEqual([r["valid?"], r.acceptable], [true, [[0, 0], [4, 4]]]);
});

Deno.test("counter() skips final reads that failed or timed out", () => {
  const r = counter(history([
    [0, "invoke", 0, "read", null, final],
    [1, "info", 0, "read", null, { final: true, error: "indeterminate: timeout" }],
  ]));
  assert.deepEqual([r["valid?"], r["final-reads"]], [true, []]);
});

Deno.test("counter() is unknown when a final read is not an integer", () => {
  const r = counter(history([
    [0, "invoke", 0, "read", null, final],
    [1, "ok", 0, "read", 2.5, final],
  ]));
  assert.equal(r["valid?"], "unknown");
  assert.match(String(r.error), /not an integer: 2.5/);
});

Deno.test("counter() keeps thousands of small info adds as a few merged intervals", () => {
  const rows: Row[] = [];
  for (let i = 0; i < 5000; i++) {
    rows.push([i, "invoke", i, "add", i % 5], [i, "info", i, "add", i % 5]);
  }
  rows.push([9000, "invoke", 0, "read", null, final], [9001, "ok", 0, "read", 9999, final]);
  const r = counter(history(rows));
  assert.deepEqual(r.acceptable, [[0, 10000]]);
  assert.equal(r["valid?"], true);
});

Deno.test("unionShifted() merges overlapping and adjacent intervals", () => {
  assert.deepEqual(unionShifted([[0, 0]], 1), [[0, 1]]);
  assert.deepEqual(unionShifted([[0, 1], [5, 5]], 3), [[0, 1], [3, 5], [8, 8]]);
  assert.deepEqual(unionShifted([[0, 2]], -2), [[-2, 2]]);
  assert.deepEqual(unionShifted([[0, 2]], 0), [[0, 2]]);
});

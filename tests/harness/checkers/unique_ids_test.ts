import assert from "node:assert/strict";
import { history, type Row } from "./_testing.ts";
import { uniqueIds } from "./unique_ids.ts";

const gen = (rows: Array<[string, unknown]>): Row[] =>
  rows.map(([type, value], i) => [i, type as Row[1], i % 3, "generate", value]);

Deno.test("uniqueIds() accepts distinct ids and reports counts and range", () => {
  const r = uniqueIds(history(gen([
    ["invoke", null],
    ["ok", 5],
    ["invoke", null],
    ["ok", 12],
    ["invoke", null],
    ["fail", null],
    ["invoke", null],
    ["ok", 3],
  ])));
  assert.deepEqual(r, {
    "valid?": true,
    "attempted-count": 4,
    "acknowledged-count": 3,
    "duplicated-count": 0,
    duplicated: {},
    range: [3, 12],
  });
});

Deno.test("uniqueIds() reports duplicated ids with their counts", () => {
  const r = uniqueIds(history(gen([
    ["invoke", null],
    ["ok", "b"],
    ["invoke", null],
    ["ok", "a"],
    ["invoke", null],
    ["ok", "b"],
    ["invoke", null],
    ["ok", "b"],
    ["invoke", null],
    ["ok", "a"],
  ])));
  assert.equal(r["valid?"], false);
  assert.deepEqual([r["duplicated-count"], r.duplicated, r.range], [2, { a: 2, b: 3 }, ["a", "b"]]);
});

Deno.test("uniqueIds() lists at most 48 duplicated ids, the most repeated ones", () => {
  const rows: Array<[string, unknown]> = [];
  for (let id = 0; id < 60; id++) {
    const times = id < 10 ? 3 : 2;
    for (let k = 0; k < times; k++) rows.push(["invoke", null], ["ok", id]);
  }
  const r = uniqueIds(history(gen(rows)));
  const dup = r.duplicated as Record<string, number>;
  assert.equal(r["duplicated-count"], 60);
  assert.equal(Object.keys(dup).length, 48);
  for (let id = 0; id < 10; id++) assert.equal(dup[String(id)], 3);
});

Deno.test("uniqueIds() is unknown when ids mix numbers and strings", () => {
  const r = uniqueIds(history(gen([["invoke", null], ["ok", 1], ["invoke", null], ["ok", "1"]])));
  assert.equal(r["valid?"], "unknown");
  assert.match(String(r.error), /Cannot compare/);
});

Deno.test("uniqueIds() is unknown when ids are JSON objects", () => {
  const r = uniqueIds(
    history(gen([["invoke", null], ["ok", { n: 1 }], ["invoke", null], ["ok", { n: 2 }]])),
  );
  assert.equal(r["valid?"], "unknown");
});

Deno.test("uniqueIds() has a null range when nothing was acknowledged", () => {
  const r = uniqueIds(history(gen([["invoke", null], ["info", null]])));
  assert.deepEqual([r["valid?"], r["attempted-count"], r.range], [true, 1, null]);
});

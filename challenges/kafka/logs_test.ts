import assert from "node:assert/strict";
import { Logs } from "./logs.ts";

Deno.test("Logs.insert() keeps each key's entries sorted by offset", () => {
  const logs = new Logs();
  logs.insert("a", 4, "x");
  logs.insert("a", 1, "y");
  logs.insert("a", 9, "z");
  logs.insert("b", 0, "w");
  assert.deepEqual(logs.poll({ a: 0, b: 0 }), { a: [[1, "y"], [4, "x"], [9, "z"]], b: [[0, "w"]] });
});

Deno.test("Logs.poll() starts at the first offset at or after the requested one", () => {
  const logs = new Logs();
  for (const o of [0, 2, 4, 6]) logs.insert("a", o, o * 10);
  assert.deepEqual(logs.poll({ a: 3 }), { a: [[4, 40], [6, 60]] });
  assert.deepEqual(logs.poll({ a: 4 }), { a: [[4, 40], [6, 60]] });
});

Deno.test("Logs.poll() shows only offsets below the frontier, at most max, and omits empty keys", () => {
  const logs = new Logs();
  for (const o of [0, 1, 2, 3]) logs.insert("a", o, o);
  assert.deepEqual(logs.poll({ a: 0, b: 0 }, 2), { a: [[0, 0], [1, 1]] });
  assert.deepEqual(logs.poll({ a: 1 }, Infinity, 2), { a: [[1, 1], [2, 2]] });
  assert.deepEqual(logs.poll({ a: 5 }), {});
  assert.deepEqual(logs.poll({ a: 0 }, 0), {});
});

Deno.test("Logs.commit() only raises committed offsets and reports what rose", () => {
  const logs = new Logs();
  assert.deepEqual(logs.commit({ a: 3, b: 1 }), [["a", 3], ["b", 1]]);
  assert.deepEqual(logs.commit({ a: 2, b: 4 }), [["b", 4]]);
  assert.deepEqual(logs.committed(["a", "b", "c"]), { a: 3, b: 4 });
});

import assert from "node:assert/strict";
import { compose, composeAsync } from "./compose.ts";

Deno.test("compose() is valid when every checker is", () => {
  const r = compose({ stats: { "valid?": true, count: 1 }, net: () => ({ "valid?": true }) });
  assert.deepEqual(r, {
    stats: { "valid?": true, count: 1 },
    net: { "valid?": true },
    "valid?": true,
  });
});

Deno.test("compose() takes false over unknown over true", () => {
  assert.equal(
    compose({
      a: { "valid?": true },
      b: { "valid?": "unknown" },
      c: { "valid?": false },
    })["valid?"],
    false,
  );
  assert.equal(compose({ a: { "valid?": true }, b: { "valid?": "unknown" } })["valid?"], "unknown");
});

Deno.test("compose() turns a throwing checker into an unknown result with its error", () => {
  const r = compose({
    workload: () => {
      throw new TypeError('Cannot compare: 1 and "1"');
    },
    stats: { "valid?": true },
    perf: undefined,
  });
  assert.deepEqual(r.workload, {
    "valid?": "unknown",
    error: 'TypeError: Cannot compare: 1 and "1"',
  });
  assert.deepEqual(Object.keys(r), ["workload", "stats", "valid?"]);
  assert.equal(r["valid?"], "unknown");
});

Deno.test("composeAsync() awaits checkers and keeps the given order", async () => {
  const r = await composeAsync({
    stats: { "valid?": true },
    workload: () => Promise.reject(new Error("elle died")),
    net: Promise.resolve({ "valid?": true }),
  });
  assert.deepEqual(Object.keys(r), ["stats", "workload", "net", "valid?"]);
  assert.deepEqual(r.workload, { "valid?": "unknown", error: "Error: elle died" });
});

import assert from "node:assert/strict";
import { NodeOutputError, parseOutputLine } from "./process.ts";

Deno.test("stdout lines that Maelstrom rejects are rejected with a reason", () => {
  for (
    const [line, reason] of [
      ["hello", /JSON/],
      ["", /blank/],
      ["   ", /blank/],
      ['{"src":"n0","dest":"c1","body":{},"extra":1}', /extra/],
      ['{"src":"n0","dest":5,"body":{}}', /dest/],
      ['{"src":"n0","dest":"c1","body":{},"id":"x7"}', /id/],
      ['{"src":"n0","dest":"c1"}', /body/],
      ["[1,2]", /object/],
    ] as const
  ) {
    assert.throws(
      () => parseOutputLine("n0", line),
      (e) => e instanceof NodeOutputError && reason.test(e.reason) && e.line === line,
    );
  }
});

Deno.test("stdout lines keep only the first JSON object and accept an integer id", () => {
  assert.equal(parseOutputLine("n0", '{"src":"n0","dest":"c1","body":{"a":1}}{"x":1}').dest, "c1");
  assert.equal(parseOutputLine("n0", '{"src":"n0","dest":"c1","body":{},"id":3}').src, "n0");
});

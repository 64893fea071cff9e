import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { exceptions } from "../checkers/exceptions.ts";
import { exceptionSummary, explain } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

const h = history([
  [0, "invoke", 0, "read", null],
  [10, "info", 0, "read", null, { exception: "Error: boom" }],
  [20, "invoke", 3, "read", null],
  [1300, "info", 3, "read", null, { exception: 'MalformedReply: reply lacks "value"' }],
  [1400, "invoke", 4, "read", null],
  [1500, "info", 4, "read", null, { exception: 'MalformedReply: reply lacks "value"' }],
]);

Deno.test("exceptionSummary() gives the most frequent exception with its first example", () => {
  const results = { "valid?": true as const, exceptions: exceptions(h) };
  assert.equal(
    exceptionSummary(results),
    'MalformedReply ×2 (of 2 kinds), e.g. a read by process 3 at 1.30 s: MalformedReply: reply lacks "value"',
  );
  assert.equal(exceptionSummary({ "valid?": true, exceptions: exceptions([]) }), undefined);
});

Deno.test("exceptions are a note in the account, naming the node of the example", () => {
  const results = { "valid?": true as const, exceptions: exceptions(h) };
  const [e] = explain({ results, history: h, test: TEST3 });
  assert.equal(e.severity, "note");
  assert.match(
    e.text,
    /^3 operations ended with an exception; most often MalformedReply ×2 \(of 2 kinds\), e\.g\. a read on n1 at 1\.30 s/,
  );
});

import assert from "node:assert/strict";
import { history } from "./_testing.ts";
import { exceptionClass, exceptions } from "./exceptions.ts";

Deno.test("exceptions() groups info ops with an exception by class, most frequent first", () => {
  const h = history([
    [0, "invoke", 0, "read", null],
    [1, "info", 0, "read", null, { exception: "TimeoutError: no reply within 5000 ms" }],
    [2, "invoke", 1, "add", 1],
    [3, "info", 1, "add", 1, { exception: 'MalformedResponseError: extra key "x"' }],
    [4, "invoke", 2, "add", 2],
    [5, "info", 2, "add", 2, { exception: 'MalformedResponseError: missing "type"' }],
    [6, "invoke", 3, "add", 3],
    [7, "info", 3, "add", 3, { error: "net-timeout" }],
  ]);
  assert.deepEqual(exceptions(h), {
    "valid?": true,
    exceptions: [
      { count: 2, class: "MalformedResponseError", example: h[3] },
      { count: 1, class: "TimeoutError", example: h[1] },
    ],
  });
});

Deno.test("exceptions() ignores exceptions on ok and fail ops", () => {
  const h = history([[0, "invoke", 0, "read", null], [1, "fail", 0, "read", null, {
    exception: "X: y",
  }]]);
  assert.deepEqual(exceptions(h), { "valid?": true });
});

Deno.test("exceptionClass() takes the leading name or falls back to Error", () => {
  assert.equal(exceptionClass("RpcError: code 13"), "RpcError");
  assert.equal(exceptionClass("indeterminate: Malformed RPC response"), "Error");
  assert.equal(exceptionClass("something broke"), "Error");
});

import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { CodedError, ErrorCode, errorName, isDefinite, toCodedError } from "./errors.ts";

Deno.test("isDefinite() follows Maelstrom: 1, 10, 11, 12, 14, 20, 21, 22, 30 are definite", () => {
  const definite = Object.values(ErrorCode).filter(isDefinite).sort((a, b) => a - b);
  assertEquals(definite, [1, 10, 11, 12, 14, 20, 21, 22, 30]);
  ok(!isDefinite(0) && !isDefinite(13) && !isDefinite(1000));
});

Deno.test("errorName() names every reserved code and calls others unknown", () => {
  assertEquals(errorName(11), "temporarily-unavailable");
  assertEquals(errorName(30), "txn-conflict");
  assertEquals(errorName(1001), "unknown");
});

Deno.test("CodedError.toBody() carries code, text and extra fields", () => {
  const e = new CodedError(22, "current value 5 is not 3", { extra: { current: 5 } });
  assertEquals(e.toBody(), {
    type: "error",
    code: 22,
    text: "current value 5 is not 3",
    current: 5,
  });
});

Deno.test("toCodedError() turns a plain exception into code 13 keeping it as the cause", () => {
  const boom = new TypeError("boom");
  const e = toCodedError(boom);
  assertEquals(e.code, 13);
  assertEquals(e.message, "boom");
  assertEquals(e.cause, boom);
  const coded = new CodedError(11, "later");
  assertEquals(toCodedError(coded), coded);
});

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { defaultLogLevel, isLogLevel } from "./log.ts";

Deno.test("isLogLevel() accepts the five levels and nothing inherited from Object", () => {
  assertEquals(["debug", "info", "warn", "error", "off"].map(isLogLevel), [
    true,
    true,
    true,
    true,
    true,
  ]);
  assertEquals(
    ["toString", "constructor", "__proto__", "hasOwnProperty", "", "DEBUG", 1].map(isLogLevel),
    [
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ],
  );
});

Deno.test("defaultLogLevel() takes the first valid --log-level= argument", () => {
  assertEquals(
    defaultLogLevel(["x", "--log-level=toString", "--log-level=warn", "--log-level=off"]),
    "warn",
  );
});

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { type Knob, parseProfileArgs, wholeNumber } from "./args.ts";

interface T {
  tickMs: number;
  roundMs: number;
  mode: "a" | "b";
}
const KNOBS: Record<string, Knob<T>> = {
  tick: wholeNumber("tickMs"),
  round: wholeNumber("roundMs", true),
  mode: (v) => v === "a" || v === "b" ? { mode: v } : undefined,
};

Deno.test("no words: the first profile and no overrides", () => {
  assertEquals(parseProfileArgs([], ["latency", "frugal"], KNOBS), {
    profile: "latency",
    overrides: {},
    unknown: [],
  });
});

Deno.test("a profile name with or without dashes, and knob=value words, in any order", () => {
  const r = parseProfileArgs(
    ["tick=0", "--frugal", "mode=b", "round=7"],
    ["latency", "frugal"],
    KNOBS,
  );
  assertEquals(r, {
    profile: "frugal",
    overrides: { tickMs: 0, mode: "b", roundMs: 7 },
    unknown: [],
  });
});

Deno.test("words it cannot read are listed as given, never applied", () => {
  const r = parseProfileArgs(
    ["round=0", "tick=-1", "mode=c", "nope=1", "toString=1", "fast"],
    ["latency"],
    KNOBS,
  );
  assertEquals(r.overrides, {});
  assertEquals(r.unknown, ["round=0", "tick=-1", "mode=c", "nope=1", "toString=1", "fast"]);
});

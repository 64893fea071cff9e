import { deepStrictEqual as assertEquals, throws } from "node:assert/strict";
import { parseSettings, PROFILES, TUNINGS } from "./profile.ts";

Deno.test("parseSettings() defaults to the latency profile", () => {
  assertEquals(parseSettings([]), { profile: "latency", tuning: TUNINGS.latency, unknown: [] });
});

Deno.test("parseSettings() reads a profile, knobs and eager=, and lists what it does not know", () => {
  const s = parseSettings(["--frugal", "batch=3", "eager=all", "bogus", "lease=x"]);
  assertEquals(s.profile, "frugal");
  assertEquals([s.tuning.batchMs, s.tuning.eager, s.tuning.heartbeatMs], [
    3,
    "all",
    TUNINGS.frugal.heartbeatMs,
  ]);
  assertEquals(s.unknown, ["bogus", "lease=x"]);
});

Deno.test("parseSettings() refuses a lease that would outlast the shortest election timeout", () => {
  throws(() => parseSettings(["lease=150", "election-min=150"]), RangeError);
});

Deno.test("every profile's lease ends before any election could begin", () => {
  for (const p of PROFILES) {
    const t = TUNINGS[p];
    assertEquals(t.leaseMs < t.electionMinMs && t.electionMinMs <= t.electionMaxMs, true, p);
  }
});

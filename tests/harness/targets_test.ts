import assert, { deepStrictEqual } from "node:assert/strict";
import {
  BROADCAST_3D,
  BROADCAST_3E,
  checkTargets,
  figureOf,
  formatCheck,
  formatTargets,
} from "./targets.ts";

const broadcast = (mpo: number, median: number, max: number) => ({
  net: { servers: { "msgs-per-op": mpo } },
  workload: { "stable-latencies": { "0": 0, "0.5": median, "1": max } },
});

Deno.test("figureOf() reads a figure by its path and ignores what is not a number", () => {
  deepStrictEqual(figureOf(broadcast(1.5, 150, 360), "stable-max"), 360);
  deepStrictEqual(figureOf({ net: { servers: { "msgs-per-op": "x" } } }, "msgs-per-op"), undefined);
  deepStrictEqual(figureOf(undefined, "op-median"), undefined);
});

Deno.test("a broadcast run meeting 3d and 3e shows every figure with its target and ✓", () => {
  const checks = checkTargets(broadcast(1.36, 154, 363), [...BROADCAST_3D, ...BROADCAST_3E]);
  deepStrictEqual(formatTargets(checks), [
    "Fly.io 3d: msgs/op 1.36 (< 30) ✓, median 154 ms (< 400) ✓, max 363 ms (< 600) ✓",
    "Fly.io 3e: msgs/op 1.36 (< 20) ✓, median 154 ms (< 1000) ✓, max 363 ms (< 2000) ✓",
  ]);
});

Deno.test("a figure equal to a 'below' bound misses it; over a bound misses with ✗", () => {
  const checks = checkTargets(broadcast(24, 400, 650), BROADCAST_3D);
  deepStrictEqual(checks.map((c) => c.pass), [true, false, false]);
  deepStrictEqual(formatTargets(checks), [
    "Fly.io 3d: msgs/op 24.00 (< 30) ✓, median 400 ms (< 400) ✗, max 650 ms (< 600) ✗",
  ]);
});

Deno.test("a missing figure (a crashed run) is a miss printed as –", () => {
  const checks = checkTargets({}, BROADCAST_3E.slice(0, 1));
  deepStrictEqual(checks[0].pass, false);
  deepStrictEqual(formatTargets(checks), ["Fly.io 3e: msgs/op – (< 20) ✗"]);
});

Deno.test("atLeast and atMost bounds are inclusive", () => {
  const results = { availability: { "ok-fraction": 0.9 } };
  const checks = checkTargets(results, [
    { source: "ours", figure: "ok-fraction", atLeast: 0.9 },
    { source: "ours", figure: "ok-fraction", atMost: 0.89 },
  ]);
  deepStrictEqual(checks.map((c) => c.pass), [true, false]);
  deepStrictEqual(formatTargets(checks), ["ours: ok 0.900 (≥ 0.9) ✓, ok 0.900 (≤ 0.89) ✗"]);
});

Deno.test("a belowThan target compares with another run's figure, and waits for that run", () => {
  const target = {
    source: "Fly.io 5c",
    figure: "msgs-per-op" as const,
    belowThan: "5b/5c lin-kv",
  };
  const ours = { net: { servers: { "msgs-per-op": 0.18 } } };
  deepStrictEqual(checkTargets(ours, [target], { resultsOf: () => undefined }), []);
  const linKv = { net: { servers: { "msgs-per-op": 6.4412 } } };
  const checks = checkTargets(ours, [target], {
    resultsOf: (c) => c === "5b/5c lin-kv" ? linKv : undefined,
  });
  deepStrictEqual(formatTargets(checks), [
    'Fly.io 5c: msgs/op 0.18 (< 6.44 of "5b/5c lin-kv") ✓',
  ]);
});

Deno.test("formatCheck() shows a fraction in %, its bound too, and a figure without bound plainly", () => {
  const results = { figures: { info: { share: 0.0123 }, checkSeconds: 0.5, majority: {} } };
  const checks = checkTargets(results, [
    { source: "issue 11", figure: "info-share", atMost: 0.01 },
    { source: "issue 11", figure: "check-seconds" },
    { source: "issue 11", figure: "majority-worst", atLeast: 0.99, optional: true },
  ]);
  assert.deepEqual(checks.map(formatCheck), [
    ":info 1.23 % (≤ 1) ✗",
    "check 0.50 s",
    "majority side – (≥ 99)",
  ]);
  assert.deepEqual(checks.map((c) => c.informational ?? false), [false, true, true]);
});

import assert from "node:assert/strict";
import { history, type Row } from "./_testing.ts";
import { latency, perf, timedOps } from "./latency.ts";

Deno.test("latency() reports per-f quantiles of ok ops only, in ms", () => {
  const rows: Row[] = [];
  // 100 ok reads with latencies 1..100 ms, plus a slow failed read.
  for (let i = 1; i <= 100; i++) {
    rows.push([i * 1000, "invoke", 0, "read", null], [i * 1000 + i, "ok", 0, "read", []]);
  }
  rows.push([200_000, "invoke", 0, "read", null], [205_000, "fail", 0, "read", null]);
  rows.push([300_000, "invoke", 1, "broadcast", 1], [300_000.25, "ok", 1, "broadcast", 1]);
  const r = latency(history(rows));
  assert.deepEqual(r["by-f"], {
    broadcast: { count: 1, p50: 0.25, p95: 0.25, p99: 0.25, max: 0.25 },
    read: { count: 100, p50: 51, p95: 96, p99: 100, max: 100 },
  });
  assert.deepEqual(r.all, { count: 101, p50: 50, p95: 95, p99: 99, max: 100 });
});

Deno.test("latency() of a history without ok ops has no quantiles", () => {
  const r = latency(history([[0, "invoke", 0, "read", null], [1, "info", 0, "read", null]]));
  assert.deepEqual(r, { "valid?": true, "by-f": {} });
});

Deno.test("timedOps() pairs client ops and skips unfinished ones and the nemesis", () => {
  const ops = timedOps(history([
    [0, "info", "nemesis", "start-partition", "one"],
    [1, "invoke", 0, "read", null],
    [2, "invoke", 1, "read", null],
    [4, "ok", 0, "read", []],
  ]));
  assert.deepEqual(ops.map((o) => [o.invoke.index, o.complete.index, o.latency]), [[1, 3, 3e6]]);
});

Deno.test("perf() mirrors Maelstrom's perf result", () => {
  assert.deepEqual(perf()["latency-graph"], { "valid?": true });
});

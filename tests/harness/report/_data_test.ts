import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { chartData, nemesisPeriods, niceBucket } from "./_data.ts";

const nemesisRows: Row[] = [
  [1000, "info", "nemesis", "start-partition", "majority"],
  [1000.1, "info", "nemesis", "start-partition", ["isolated", { n1: ["n2"] }]],
  [3000, "info", "nemesis", "stop-partition", null],
  [3000.1, "info", "nemesis", "stop-partition", "network-healed"],
  [5000, "info", "nemesis", "start-partition", "one"],
  [5000.1, "info", "nemesis", "start-partition", ["isolated", {}]],
];

Deno.test("nemesisPeriods() reads partitions from the nemesis entries, open at the end", () => {
  assert.deepEqual(nemesisPeriods(history(nemesisRows)), [
    { start: 1000e6, stop: 3000e6, label: "majority" },
    { start: 5000e6, label: "one" },
  ]);
});

Deno.test("chartData() lays out latencies by type, rates and partitions in seconds", () => {
  const d = chartData(history([
    ...nemesisRows,
    [0, "invoke", 0, "read", null],
    [2, "ok", 0, "read", []],
    [500, "invoke", 1, "broadcast", 1],
    [5500, "info", 1, "broadcast", 1],
    [6000, "invoke", 0, "read", null],
    [6001.5, "fail", 0, "read", null],
  ]));
  assert.deepEqual(d.latency, {
    t: [0, 0.5, 6],
    f: ["read", "broadcast", "read"],
    ok: [2, null, null],
    info: [null, 5000, null],
    fail: [null, null, 1.5],
  });
  assert.deepEqual(d.nemesis, [
    { start: 1, stop: 3, label: "majority" },
    { start: 5, stop: 6.0015, label: "one" },
  ]);
  assert.deepEqual(d.rate.series.map((s) => `${s.f} ${s.type}`), [
    "broadcast info",
    "read ok",
    "read fail",
  ]);
  const total = d.rate.series.reduce((n, s) => n + s.values.reduce((a, b) => a + b, 0), 0);
  assert.equal(Math.round(total * d.rate.bucket), 3);
  assert.deepEqual(d.quantiles.series.map((s) => `${s.f} ${s.q}`), [
    "read 0.5",
    "read 0.95",
    "read 0.99",
    "read 1",
  ]);
});

Deno.test("niceBucket() picks 1, 2 or 5 times a power of ten", () => {
  assert.equal(niceBucket(60, 60), 1);
  assert.equal(niceBucket(100, 30), 5);
  assert.equal(niceBucket(0), 0.01);
});

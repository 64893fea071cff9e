import assert from "node:assert/strict";
import { history, type Row } from "./_testing.ts";
import { setFull } from "./set_full.ts";

const broadcast = (rows: Row[]) => setFull(history(rows), { addF: "broadcast" });

Deno.test("setFull() reports every element stable with zero latency when reads see them at once", () => {
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 0],
    [1, "ok", 0, "broadcast", 0],
    [2, "invoke", 1, "broadcast", 1],
    [3, "ok", 1, "broadcast", 1],
    [4, "invoke", 0, "read", null],
    [5, "ok", 0, "read", [0, 1]],
  ]);
  assert.deepEqual(r, {
    "valid?": true,
    "attempt-count": 2,
    "stable-count": 2,
    "lost-count": 0,
    lost: [],
    "never-read-count": 0,
    "never-read": [],
    "stale-count": 0,
    stale: [],
    "worst-stale": [],
    "stable-latencies": { "0": 0, "0.5": 0, "0.95": 0, "0.99": 0, "1": 0 },
    "duplicated-count": 0,
    duplicated: {},
  });
});

Deno.test("setFull() reports an element lost when the last read missing it follows its acknowledgement", () => {
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 7],
    [1, "ok", 0, "broadcast", 7],
    [2, "invoke", 1, "read", null],
    [3, "ok", 1, "read", [7]],
    [10, "invoke", 1, "read", null],
    [11, "ok", 1, "read", []],
  ]);
  assert.deepEqual(r["valid?"], false);
  assert.deepEqual([r["lost-count"], r.lost, r["stable-count"]], [1, [7], 0]);
  // lost-latency = lastPresent.time + 1 ns − known.time, in whole ms.
  assert.deepEqual(r["lost-latencies"], { "0": 1, "0.5": 1, "0.95": 1, "0.99": 1, "1": 1 });
  assert.deepEqual(r["stable-latencies"], undefined);
});

Deno.test("setFull() reports a never-seen acknowledged element lost with lost latency 0", () => {
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 1],
    [5, "ok", 0, "broadcast", 1],
    [6, "invoke", 1, "read", null],
    [7, "ok", 1, "read", []],
  ]);
  assert.deepEqual([r["valid?"], r.lost], [false, [1]]);
  assert.deepEqual(r["lost-latencies"], { "0": 0, "0.5": 0, "0.95": 0, "0.99": 0, "1": 0 });
});

Deno.test("setFull() calls an element never-read when the read missing it was concurrent with its add", () => {
  // The read is invoked before the add completes: its absence proves nothing.
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 1],
    [1, "invoke", 1, "read", null],
    [2, "ok", 0, "broadcast", 1],
    [3, "ok", 1, "read", []],
  ]);
  assert.deepEqual(r["valid?"], "unknown");
  assert.deepEqual([r["never-read-count"], r["never-read"], r["lost-count"]], [1, [1], 0]);
});

Deno.test("setFull() is unknown when nothing was ever added", () => {
  const r = broadcast([[0, "invoke", 0, "read", null], [1, "ok", 0, "read", []]]);
  assert.deepEqual([r["valid?"], r["attempt-count"]], ["unknown", 0]);
});

Deno.test("setFull() reports a stale element with its stable latency from the last absent read", () => {
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 3],
    [10, "ok", 0, "broadcast", 3],
    [20, "invoke", 1, "read", null],
    [21, "ok", 1, "read", []],
    [50, "invoke", 1, "read", null],
    [51, "ok", 1, "read", [3]],
  ]);
  assert.deepEqual(r["valid?"], true);
  assert.deepEqual([r["stale-count"], r.stale], [1, [3]]);
  // (20 ms + 1 ns) − 10 ms, truncated to whole ms.
  assert.deepEqual((r["stable-latencies"] as Record<string, number>)["1"], 10);
  const worst = r["worst-stale"] as Array<Record<string, unknown>>;
  assert.deepEqual(worst.map((w) => [w.element, w.outcome, w["stable-latency"]]), [[
    3,
    "stable",
    10,
  ]]);
});

Deno.test("setFull() judges by the last-invoked read, so an earlier-invoked miss does not lose an element", () => {
  // Final reads: p1's misses 4 but p2's read containing 4 was invoked later.
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 4],
    [1, "ok", 0, "broadcast", 4],
    [10, "invoke", 1, "read", null],
    [11, "invoke", 2, "read", null],
    [12, "ok", 2, "read", [4]],
    [13, "ok", 1, "read", []],
  ]);
  assert.deepEqual([r["valid?"], r["stable-count"], r["stale-count"]], [true, 1, 1]);
});

Deno.test("setFull() counts an element the read saw before its add was acknowledged as known", () => {
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 9],
    [1, "invoke", 1, "read", null],
    [2, "ok", 1, "read", [9]],
    [3, "info", 0, "broadcast", 9],
    [4, "invoke", 1, "read", null],
    [5, "ok", 1, "read", []],
  ]);
  // known = the read completion at index 2; the later miss makes it lost.
  assert.deepEqual([r["valid?"], r.lost], [false, [9]]);
});

Deno.test("setFull() keeps info and failed adds that nobody saw as never-read", () => {
  const r = broadcast([
    [0, "invoke", 0, "broadcast", 1],
    [1, "info", 0, "broadcast", 1],
    [2, "invoke", 1, "broadcast", 2],
    [3, "fail", 1, "broadcast", 2],
    [4, "invoke", 2, "broadcast", 0],
    [5, "ok", 2, "broadcast", 0],
    [6, "invoke", 3, "read", null],
    [7, "ok", 3, "read", [0]],
  ]);
  assert.deepEqual([r["valid?"], r["never-read"], r["stable-count"]], [true, [1, 2], 1]);
});

Deno.test("setFull() ignores failed reads, unknown values, duplicates and nemesis ops", () => {
  const r = setFull(history([
    [0, "info", "nemesis", "start-partition", "majority"],
    [0, "invoke", 0, "add", 1],
    [1, "ok", 0, "add", 1],
    [2, "invoke", 1, "read", null],
    [3, "fail", 1, "read", null],
    [4, "invoke", 1, "read", null],
    [5, "ok", 1, "read", [1, 1, 99]],
    [6, "info", "nemesis", "start-partition", ["isolated", {}]],
  ]));
  assert.deepEqual([r["valid?"], r["attempt-count"], r["duplicated-count"]], [true, 1, 0]);
});

Deno.test("setFull() takes quantiles at index min(n-1, floor(n*q))", () => {
  const rows: Row[] = [];
  // Ten elements with stable latencies 0, 10, 20, … 90 ms.
  for (let i = 0; i < 10; i++) {
    rows.push([i, "invoke", 0, "add", i], [i, "ok", 0, "add", i]);
  }
  for (let i = 1; i < 10; i++) {
    // A read invoked at 11·i ms (10·i ms after i's ack at i ms) that misses i.
    rows.push([i * 11, "invoke", 1, "read", null]);
    rows.push([i * 11 + 0.5, "ok", 1, "read", [...Array(10).keys()].filter((x) => x !== i)]);
  }
  rows.push([200, "invoke", 1, "read", null], [201, "ok", 1, "read", [...Array(10).keys()]]);
  const r = setFull(history(rows));
  assert.deepEqual(r["stable-latencies"], { "0": 0, "0.5": 50, "0.95": 90, "0.99": 90, "1": 90 });
  assert.deepEqual(r["stale-count"], 9);
  assert.deepEqual(
    (r["worst-stale"] as Array<{ element: number }>).map((w) => w.element),
    [9, 8, 7, 6, 5, 4, 3, 2],
  );
});

Deno.test("setFull() reads g-set values from an ok read's array value", () => {
  const r = setFull(history([
    [0, "invoke", 0, "add", 5],
    [1, "ok", 0, "add", 5],
    [2, "invoke", 0, "read", null, { final: true }],
    [3, "ok", 0, "read", [5], { final: true }],
  ]));
  assert.deepEqual([r["valid?"], r["stable-count"]], [true, 1]);
});

import assert from "node:assert/strict";
import { summary, verdictLine } from "./summary.ts";

const base = {
  stats: { "valid?": true, count: 100, "ok-count": 98, "fail-count": 1, "info-count": 1 },
  net: {
    all: { "send-count": 500, "recv-count": 490, "msg-count": 500, "msgs-per-op": 5 },
    clients: { "send-count": 200, "recv-count": 200, "msg-count": 200 },
    servers: { "send-count": 300, "recv-count": 290, "msg-count": 300, "msgs-per-op": 3 },
    "valid?": true,
  },
  availability: { "valid?": true, "ok-fraction": 0.98 },
};

Deno.test("verdictLine() prints Jepsen's three verdicts", () => {
  assert.equal(verdictLine(true), "Everything looks good! ヽ(‘ー`)ノ");
  assert.equal(verdictLine(false), "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻");
  assert.equal(
    verdictLine("unknown"),
    "Errors occurred during analysis, but no anomalies found. ಠ~ಠ",
  );
});

Deno.test("summary() shows stable latencies for set-full workloads", () => {
  const text = summary({
    "valid?": true,
    ...base,
    workload: {
      "valid?": true,
      "stable-count": 10,
      "stale-count": 2,
      "lost-count": 0,
      "never-read-count": 0,
      "stable-latencies": { "0": 0, "0.5": 12, "0.95": 80, "0.99": 90, "1": 95 },
    },
  }, { workload: "broadcast", nodes: ["n0", "n1"], timeLimit: 20, rate: 10 });
  assert.equal(
    text,
    [
      "Everything looks good! ヽ(‘ー`)ノ",
      "run             broadcast  2 nodes  20 s  rate 10/s",
      "ops             100  ok 98  fail 1  info 1",
      "msgs/op         servers 3  all 5",
      "stable latency  p50 12 ms  max 95 ms",
      "elements        stable 10  stale 2  lost 0  never-read 0",
      "availability    0.98",
    ].join("\n"),
  );
});

Deno.test("summary() shows per-f latency otherwise and names the checkers that failed", () => {
  const text = summary({
    "valid?": false,
    ...base,
    availability: { "valid?": false, "ok-fraction": 0.98 },
    workload: { "valid?": false, errors: [] },
    latency: {
      "valid?": true,
      "by-f": {
        read: { count: 5, p50: 1.5, p95: 2, p99: 3, max: 4 },
        write: { count: 5, p50: 2, p95: 3, p99: 4.25, max: 9 },
      },
    },
  }, { availability: "total" });
  const lines = text.split("\n");
  assert.equal(lines[0], "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻");
  assert.ok(lines.includes("latency (ms)  read   p50 1.5  p99 3  max 4"));
  assert.ok(lines.includes("              write  p50 2  p99 4.25  max 9"));
  assert.ok(lines.includes("availability  0.98  goal total  (invalid)"));
  assert.ok(lines.includes("not valid     availability (invalid)  workload (invalid)"));
});

Deno.test("summary() prints message counts when there were no ops", () => {
  const text = summary({
    "valid?": "unknown",
    net: {
      all: { "msg-count": 4 },
      clients: { "msg-count": 4 },
      servers: { "msg-count": 0 },
      "valid?": true,
    },
  });
  assert.deepEqual(text.split("\n"), [
    "Errors occurred during analysis, but no anomalies found. ಠ~ಠ",
    "msgs  servers 0  all 4",
  ]);
});

Deno.test("summary() leaves out the verdict line when asked to", () => {
  const text = summary({ "valid?": true, ...base }, {}, { verdict: false });
  assert.equal(text.split("\n")[0], "ops           100  ok 98  fail 1  info 1");
});

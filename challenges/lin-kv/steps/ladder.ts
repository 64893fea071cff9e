/**
 * lin-kv's ladder, for `make lin-kv-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c = "-w lin-kv --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition"
  .split(" ");

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-local",
      config: "3 nodes",
      args: c,
      expect: false,
      why: "a node never hears of writes made on another: stale reads",
    },
    {
      rung: "2-read-then-write",
      // The race needs two cas on one key within one round trip to the
      // service: at --latency 0 that is a millisecond or two, and a run shows
      // it only now and then; 10 ms links widen the window to 20 ms.
      config: "+lat 10",
      args: [...c, "--latency", "10"],
      // The test's short run: 3 s missed the race in about 1 run of 12
      // (on main, with or without the bench's pipe model); 6 s rarely does.
      short: { timeLimit: 6 },
      expect: false,
      why: "read, compare, write: another write can land in between",
    },
    {
      rung: "3-proxy",
      config: "3 nodes",
      args: c,
      expect: true,
      why: "one service op per client op; the service is never partitioned",
    },
    {
      rung: "main",
      config: "3 nodes",
      args: c,
      expect: true,
      why: "the data on the nodes, replicated by consensus",
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const net = (results.net as Record<string, Record<string, number>>).servers;
    const avail = (results.availability as Record<string, number> | undefined)?.["ok-fraction"];
    const failures = (w.failures ?? []) as unknown[];
    return w["valid?"] === false
      ? `non-linearizable keys: ${failures.length}`
      : `msgs/op ${net["msgs-per-op"].toFixed(2)}, ok ${avail?.toFixed(2) ?? "–"}`;
  },
};

/**
 * Grow-only set's ladder, for `make g-set-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c = "-w g-set --node-count 5 --time-limit 20 --rate 100 --nemesis partition".split(" ");

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-local",
      config: "g-set",
      args: c,
      expect: false,
      why: "each node holds only the elements it was given",
    },
    {
      rung: "2-gossip-state",
      config: "g-set",
      args: c,
      expect: true,
      why: "the whole set to everyone every 500 ms, merged by union: a CRDT",
    },
    {
      rung: "main",
      config: "g-set",
      args: c,
      expect: true,
      why: "only what a peer has not acknowledged (deltas, version vectors)",
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const net = (results.net as Record<string, Record<string, number>>).servers;
    return `lost ${w["lost-count"]} of ${w["attempt-count"]}, msgs/op ${
      net["msgs-per-op"].toFixed(2)
    }`;
  },
};

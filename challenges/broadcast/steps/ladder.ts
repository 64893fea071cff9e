/**
 * Broadcast's ladder, for `make broadcast-steps` (tests/harness/steps.ts):
 * each rung on the configuration where it fails, and the one where the next
 * rung fixes it.
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";
import { BROADCAST_3D, BROADCAST_3E } from "../../../tests/harness/targets.ts";

const c3b = "-w broadcast --node-count 5 --time-limit 20 --rate 10".split(" ");
const c3c = [...c3b, "--nemesis", "partition"];
const c3d = "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100".split(" ");
// Short runs: a partition every second or so, and time after the heal for
// a retry round.
const short3c = { recovery: 4, args: ["--nemesis-interval", "1"] };

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-flood-once",
      config: "3b",
      args: c3b,
      expect: true,
      why: "one send per peer is enough where no message is ever lost",
    },
    {
      rung: "1-flood-once",
      config: "3c",
      args: c3c,
      expect: false,
      why: "a value sent into a partition is dropped and never sent again",
      short: short3c,
    },
    {
      rung: "2-retry",
      config: "3c",
      args: c3c,
      expect: true,
      why: "each value is resent every second until the peer answers",
      short: short3c,
    },
    {
      rung: "2-retry",
      config: "3d/3e",
      args: c3d,
      expect: true,
      why: "24 requests + 24 answers per value: under 3d's 30 msgs/op, over 3e's 20",
      targets: [...BROADCAST_3D, ...BROADCAST_3E],
      skipInTest: true,
    },
    {
      rung: "3-batched",
      config: "3c",
      args: c3c,
      expect: true,
      why: "unacknowledged values stay in the next batch until the peer answers",
      short: short3c,
    },
    {
      rung: "3-batched",
      config: "3d/3e",
      args: c3d,
      expect: true,
      why: "one batch a second per peer: few messages, but values wait for it",
      targets: [...BROADCAST_3D, ...BROADCAST_3E],
      skipInTest: true,
    },
    {
      rung: "main",
      config: "3d/3e",
      args: c3d,
      expect: true,
      why: "a hub batches for everyone: 2 hops, one batch per node per round",
      targets: [...BROADCAST_3D, ...BROADCAST_3E],
      skipInTest: true,
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const net = (results.net as Record<string, Record<string, number>>).servers;
    if (w["valid?"] === false) {
      return `lost ${w["lost-count"]} of ${w["attempt-count"]}, stale ${w["stale-count"]}`;
    }
    const stable = w["stable-latencies"] as Record<string, number>;
    return `msgs/op ${net["msgs-per-op"].toFixed(2)}, stable ${stable["0.5"]}/${stable["1"]} ms`;
  },
};

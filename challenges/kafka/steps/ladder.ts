/**
 * Kafka-style log's ladder, for `make kafka-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c5a = "-w kafka --node-count 1 --concurrency 2n --time-limit 20 --rate 1000".split(" ");
const c5b = "-w kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000".split(" ");
// Fly.io's 5c names no figure: significantly fewer messages than a 5b design.
const fewerThanLinKv = [{
  source: "Fly.io 5c",
  figure: "msgs-per-op" as const,
  belowThan: "2-lin-kv 5b",
}];

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-local",
      config: "5a",
      args: c5a,
      expect: true,
      why: "one node: its own logs are the logs",
    },
    {
      rung: "1-local",
      config: "5b",
      args: c5b,
      expect: false,
      why: "two nodes hand out the same offsets; each polls only its own",
    },
    {
      rung: "2-lin-kv",
      config: "5b",
      args: c5b,
      expect: true,
      why: "offsets by CAS on a lin-kv counter: right, but a round trip per step",
    },
    {
      rung: "main",
      config: "5b/5c",
      args: c5b,
      expect: true,
      why: "offsets i mod N per node, no lin-kv; nodes batch to each other",
      targets: fewerThanLinKv,
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const net = (results.net as Record<string, Record<string, number>>).servers;
    const kinds = (w["error-types"] ?? []) as string[];
    return kinds.length > 0
      ? `${kinds.join(", ")}`.slice(0, 36)
      : `msgs/op ${net["msgs-per-op"].toFixed(2)}`;
  },
};

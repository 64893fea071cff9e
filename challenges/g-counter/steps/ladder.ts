/**
 * Grow-only counter's ladder, for `make g-counter-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c4 = "-w g-counter --node-count 3 --rate 100 --time-limit 20 --nemesis partition".split(" ");

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-local",
      config: "4",
      args: c4,
      expect: false,
      why: "each node counts only the adds it was given",
    },
    {
      rung: "2-shared-key",
      // On 3 nodes a final read is stale in about half the runs: each read gets
      // a random version no older than the node's last request, and a node
      // that sent its last request a version or two before the end may get
      // the older one. With 5 nodes, at least one of 4 is nearly always behind.
      config: "4 (n=5)",
      args: c4.map((a) => a === "3" ? "5" : a),
      expect: false,
      why: "seq-kv may serve a node an old version: its final read is stale",
    },
    {
      rung: "3-fresh-read",
      config: "4",
      args: c4,
      expect: true,
      why: "a write before each read pins the node to seq-kv's newest version",
    },
    {
      rung: "main",
      config: "4",
      args: c4,
      expect: true,
      why: "a key per node, the add's CAS as pin, reads cached 250 ms: fewer messages",
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const net = (results.net as Record<string, Record<string, number>>).servers;
    const acceptable = (w.acceptable as number[][] | undefined)?.map(([a, b]) =>
      a === b ? `${a}` : `${a}–${b}`
    );
    return `final ${JSON.stringify(w["final-reads"])} want ${acceptable?.join(" or ")}, msgs/op ${
      net["msgs-per-op"].toFixed(1)
    }`;
  },
};

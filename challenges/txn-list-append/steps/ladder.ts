/**
 * txn-list-append's ladder, for `make txn-list-append-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c2 = "-w txn-list-append --node-count 2 --concurrency 2n --time-limit 20 --rate 100".split(
  " ",
);
const c3p = [...c2.map((a) => a === "2" ? "3" : a), "--nemesis", "partition"];

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-local",
      config: "2 nodes",
      args: c2,
      expect: false,
      why: "a txn on one node never sees appends committed on the other",
    },
    {
      rung: "2-forward",
      config: "3 nodes p",
      args: c3p,
      expect: true,
      why: "n0 runs every txn, one at a time; cut-off nodes answer 13",
    },
    {
      rung: "main",
      config: "3 nodes p",
      args: c3p,
      expect: true,
      why: "the lists replicated on every node",
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const avail = (results.availability as Record<string, number> | undefined)?.["ok-fraction"];
    const types = (w["anomaly-types"] ?? []) as string[];
    return types.length > 0 ? types.join(", ").slice(0, 36) : `ok ${avail?.toFixed(2) ?? "–"}`;
  },
};

/**
 * Unique ids' ladder, for `make unique-ids-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c2 =
  "-w unique-ids --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition"
    .split(" ");

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-counter",
      config: "2",
      args: c2,
      expect: false,
      why: "every node counts 1, 2, 3, …: the same ids on every node",
    },
    {
      rung: "2-random",
      config: "2",
      args: c2,
      expect: true,
      why: "122 random bits: unique with overwhelming probability, not for sure",
    },
    {
      rung: "main",
      config: "2",
      args: c2,
      expect: true,
      why: "node i of N hands out i, i + N, …: unique by construction",
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const avail = (results.availability as Record<string, number> | undefined)?.["ok-fraction"];
    return `duplicated ${w["duplicated-count"]} of ${w["attempted-count"]}, ok ${avail ?? "–"}`;
  },
};

/**
 * Echo's ladder, for `make echo-steps` (tests/harness/steps.ts): two mistakes
 * every first node makes, then `main.ts`.
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const c1 = "-w echo --node-count 1 --time-limit 10".split(" ");

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-no-in-reply-to",
      config: "1",
      args: c1,
      expect: false,
      why: "an answer without in_reply_to matches no request: all time out",
    },
    {
      rung: "2-stdout-log",
      config: "1",
      args: c1,
      expect: false,
      why: "stdout is the network: a non-JSON line ends it, later answers are lost",
    },
    {
      rung: "main",
      config: "1",
      args: c1,
      expect: true,
      why: "replies (in_reply_to set by core/), logs on stderr",
    },
  ],
  keyFigure(results) {
    const stats = results.stats as Record<string, number>;
    return `ok ${stats["ok-count"]} of ${stats.count}, info ${stats["info-count"]}`;
  },
};

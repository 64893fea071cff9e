/**
 * PN-counter's ladder, for `make pn-counter-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";
import { LADDER as G_COUNTER } from "../../g-counter/steps/ladder.ts";

const c = "-w pn-counter --node-count 5 --time-limit 20 --rate 100 --nemesis partition".split(" ");

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-signed-max",
      config: "pn",
      args: c,
      expect: false,
      why: "max keeps the larger total, but a signed total goes down",
    },
    {
      rung: "2-two-counters",
      config: "pn",
      args: c,
      expect: true,
      why: "increments and decrements apart: each only grows, max is right",
    },
    {
      rung: "main",
      config: "pn",
      args: c,
      expect: true,
      why: "the same CRDT, sent as acknowledged deltas",
    },
  ],
  keyFigure: G_COUNTER.keyFigure,
};

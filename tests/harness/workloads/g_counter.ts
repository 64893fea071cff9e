/**
 * The g-counter workload: pn-counter's stream with negative adds filtered
 * out and redrawn (deltas 0–4, about ⅓ adds).
 * @module
 */

import { filter } from "../generator.ts";
import type { WorkloadFactory } from "../workload.ts";
import { counterGenerator, counterWorkload } from "./pn_counter.ts";

/** Makes the g-counter workload. */
export const gCounter: WorkloadFactory = () =>
  counterWorkload(
    "g-counter",
    () => filter((op) => !(op.f === "add" && (op.value as number) < 0), counterGenerator()),
  );

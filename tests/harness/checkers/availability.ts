/**
 * Maelstrom's availability checker (`--availability`).
 * @module
 */

import { type CheckResult, clientOps, type Op } from "../history.ts";
import { float32 } from "./_util.ts";

/** The `--availability` goal: every op ok (`"total"`) or a minimum ok fraction. */
export type AvailabilitySpec = "total" | number;

/**
 * Computes `ok-fraction` = ok completions / invocations over client ops (1
 * when there were none; a 32-bit float, as Maelstrom's `(float …)`). Without
 * a goal the result is always valid; with `"total"` valid iff the fraction is
 * 1; with a number `a` valid iff `a ≤ ok-fraction`.
 *
 * @param history The run's history.
 * @param spec The `--availability` goal, if any.
 * @returns `{valid?, ok-fraction}`.
 * @throws {RangeError} If `spec` is neither `"total"` nor a number.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { availability } from "./availability.ts";
 * assert.deepEqual(availability([], "total"), { "valid?": true, "ok-fraction": 1 });
 * ```
 */
export function availability(history: readonly Op[], spec?: AvailabilitySpec): CheckResult {
  let ok = 0, invoked = 0;
  for (const op of clientOps(history)) {
    if (op.type === "ok") ok++;
    else if (op.type === "invoke") invoked++;
  }
  const exact = invoked === 0 ? 1 : Math.fround(ok / invoked);
  const fraction = invoked === 0 ? 1 : float32(ok / invoked);
  let valid = true;
  if (spec === "total") valid = exact === 1;
  else if (typeof spec === "number") valid = spec <= exact;
  else if (spec !== undefined) {
    throw new RangeError(`Cannot check availability: unknown goal ${JSON.stringify(spec)}`);
  }
  return { "valid?": valid, "ok-fraction": fraction };
}

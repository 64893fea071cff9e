/**
 * Jepsen's `compose`: run named checkers independently and merge their
 * verdicts.
 * @module
 */

import { type CheckResult, mergeValid, type Validity } from "../history.ts";
import { errorText } from "./_util.ts";

/** A checker's result, or a thunk computing it (which may throw). */
export type Checked = CheckResult | (() => CheckResult);

/**
 * Composes checker results under their names (Maelstrom's `perf`,
 * `timeline`, `exceptions`, `stats`, `availability`, `net`, `workload`, or
 * any other): a thunk that throws becomes `{valid?: "unknown", error}`,
 * like Jepsen's `check-safe`, and the top-level `valid?` is the worst of
 * all (false, then unknown, then true). Undefined entries are skipped.
 *
 * @param checkers Results or thunks by name, in the order to report them.
 * @returns The results by name plus the merged `valid?`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { compose } from "./compose.ts";
 * const r = compose({
 *   stats: { "valid?": true },
 *   workload: () => { throw new Error("boom"); },
 * });
 * assert.equal(r["valid?"], "unknown");
 * ```
 */
export function compose(checkers: Record<string, Checked | undefined>): CheckResult {
  const out: Record<string, CheckResult> = {};
  for (const [name, checker] of Object.entries(checkers)) {
    if (checker === undefined) continue;
    try {
      out[name] = typeof checker === "function" ? checker() : checker;
    } catch (e) {
      out[name] = { "valid?": "unknown", error: errorText(e) };
    }
  }
  const valid: Validity = mergeValid(Object.values(out).map((r) => r["valid?"]));
  return { ...out, "valid?": valid };
}

/**
 * Like {@linkcode compose}, for checkers of which some are asynchronous: each
 * thunk's promise rejection becomes `{valid?: "unknown", error}` too.
 *
 * @param checkers Results, thunks or promises by name.
 * @returns The results by name plus the merged `valid?`.
 */
export async function composeAsync(
  checkers: Record<
    string,
    CheckResult | Promise<CheckResult> | (() => CheckResult | Promise<CheckResult>) | undefined
  >,
): Promise<CheckResult> {
  const settled: Record<string, CheckResult> = {};
  await Promise.all(
    Object.entries(checkers).map(async ([name, checker]) => {
      if (checker === undefined) return;
      try {
        settled[name] = await (typeof checker === "function" ? checker() : checker);
      } catch (e) {
        settled[name] = { "valid?": "unknown", error: errorText(e) };
      }
    }),
  );
  const ordered: Record<string, CheckResult> = {};
  for (const name of Object.keys(checkers)) if (settled[name]) ordered[name] = settled[name];
  return compose(ordered);
}

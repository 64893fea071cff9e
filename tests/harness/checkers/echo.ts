/**
 * Maelstrom's echo checker (`src/maelstrom/workload/echo.clj`).
 * @module
 */

import { type CheckResult, type Op, pairs } from "../history.ts";
import { valueEquals } from "./_util.ts";

/** The `echo` field of a completion's value (the reply body), if any. */
function echoed(value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    return (value as Record<string, unknown>).echo;
  }
  return undefined;
}

/**
 * Checks that every echo invocation that completed `:ok` or `:fail` got its
 * value back in the completion's `value.echo` (the reply body).
 *
 * Like Maelstrom's, which walks Knossos' `pair-index`: an `:info`
 * completion (a timeout, an indefinite error) is never paired with its
 * invocation there, so it is not judged — a node whose replies stop (say,
 * after a stray non-JSON line on its stdout) is valid, its lost ops showing
 * only in `availability`'s ok-fraction. A `:fail` (a definite error reply)
 * is paired and carries no echo, so it is an error, as is an `:ok` whose
 * echo differs. An invocation with no completion is not judged either.
 *
 * @param history The run's history.
 * @returns `{valid?, errors}`, each error
 * `["Expected a message with :echo", invoked, "But received", completion value]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { echoChecker } from "./echo.ts";
 * const r = echoChecker([
 *   { index: 0, time: 0, type: "invoke", process: 0, f: "echo", value: "Please echo 7" },
 *   { index: 1, time: 1, type: "ok", process: 0, f: "echo", value: { type: "echo_ok", echo: "Please echo 7" } },
 *   { index: 2, time: 2, type: "invoke", process: 0, f: "echo", value: "Please echo 8" },
 *   { index: 3, time: 3, type: "info", process: 0, f: "echo", value: "Please echo 8", error: "net-timeout" },
 * ]);
 * assert.deepEqual(r, { "valid?": true, errors: [] });
 * ```
 */
export function echoChecker(history: readonly Op[]): CheckResult {
  const errors: unknown[][] = [];
  for (const [inv, done] of pairs(history)) {
    if (inv.process === "nemesis" || done === undefined || done.type === "info") continue;
    if (!valueEquals(inv.value, echoed(done.value))) {
      errors.push(["Expected a message with :echo", inv.value, "But received", done.value]);
    }
  }
  return { "valid?": errors.length === 0, errors };
}

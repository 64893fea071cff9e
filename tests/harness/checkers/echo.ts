/**
 * Maelstrom's echo checker.
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
 * Checks that every echo invocation's value came back in its completion's
 * `value.echo` (the reply body). As in Maelstrom, a completion without a
 * matching echo — a failure, an `info`, or no completion at all — is an
 * error.
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
 * ]);
 * assert.deepEqual(r, { "valid?": true, errors: [] });
 * ```
 */
export function echoChecker(history: readonly Op[]): CheckResult {
  const errors: unknown[][] = [];
  for (const [inv, done] of pairs(history)) {
    if (inv.process === "nemesis") continue;
    if (!valueEquals(inv.value, echoed(done?.value))) {
      errors.push([
        "Expected a message with :echo",
        inv.value,
        "But received",
        done?.value ?? null,
      ]);
    }
  }
  return { "valid?": errors.length === 0, errors };
}

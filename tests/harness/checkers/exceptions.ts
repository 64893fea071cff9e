/**
 * Jepsen's `unhandled-exceptions` checker (Maelstrom's `:exceptions`).
 * @module
 */

import type { CheckResult, Op } from "../history.ts";

/** One group of `info` ops that ended with the same kind of exception. */
export interface ExceptionGroup {
  /** Ops in the group. */
  count: number;
  /** The exception's class: the name before the first colon (`"RpcError"`), else `"Error"`. */
  class: string;
  /** The first op of the group. */
  example: Op;
}

/**
 * The class of an exception text: its leading identifier when the text reads
 * `Name: message` (e.g. `"MalformedResponseError: …"`), else `"Error"`.
 */
export function exceptionClass(exception: string): string {
  const m = /^([A-Za-z_$][\w$.]*)(?::|$)/.exec(exception.trim());
  return m && /[A-Z]/.test(m[1][0]) ? m[1] : "Error";
}

/**
 * Groups `info` completions that carry an `exception` by exception class,
 * most frequent first. Always valid.
 *
 * @param history The run's history.
 * @returns `{valid?: true}`, plus `exceptions: [{count, class, example}]`
 * when there were any.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exceptions } from "./exceptions.ts";
 * assert.deepEqual(exceptions([]), { "valid?": true });
 * ```
 */
export function exceptions(history: readonly Op[]): CheckResult {
  const groups = new Map<string, Op[]>();
  for (const op of history) {
    if (op.type !== "info" || !op.exception) continue;
    const cls = exceptionClass(op.exception);
    const group = groups.get(cls);
    if (group) group.push(op);
    else groups.set(cls, [op]);
  }
  if (groups.size === 0) return { "valid?": true };
  // Jepsen: (reverse (sort-by count groups)).
  const list: ExceptionGroup[] = [...groups.entries()]
    .map(([cls, ops], i) => ({ i, group: { count: ops.length, class: cls, example: ops[0] } }))
    .sort((a, b) => (b.group.count - a.group.count) || b.i - a.i)
    .map(({ group }) => group);
  return { "valid?": true, exceptions: list };
}

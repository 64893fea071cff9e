/**
 * Maelstrom's g-counter / pn-counter checker: final reads must equal the sum
 * of the acknowledged adds plus any subset of the indefinite ones.
 * @module
 */

import { type CheckResult, clientOps, type Op, type Process } from "../history.ts";

/** A closed integer interval `[lo, hi]`. */
export type Interval = [number, number];

/**
 * Shifts every interval of `set` by `delta` and unions the result with `set`
 * (`A ∪ (A + d)`), merging overlapping and adjacent intervals. Both the input
 * and the output are sorted, disjoint and non-adjacent.
 */
export function unionShifted(set: readonly Interval[], delta: number): Interval[] {
  if (delta === 0) return set.slice();
  const shifted = set.map(([lo, hi]): Interval => [lo + delta, hi + delta]);
  const out: Interval[] = [];
  let i = 0, j = 0;
  while (i < set.length || j < shifted.length) {
    const next = j >= shifted.length || (i < set.length && set[i][0] <= shifted[j][0])
      ? set[i++]
      : shifted[j++];
    const last = out[out.length - 1];
    if (last !== undefined && next[0] <= last[1] + 1) {
      if (next[1] > last[1]) last[1] = next[1];
    } else {
      out.push([next[0], next[1]]);
    }
  }
  return out;
}

function contains(set: readonly Interval[], v: number): boolean {
  let lo = 0, hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (v < set[mid][0]) hi = mid - 1;
    else if (v > set[mid][1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function delta(inv: Op | undefined, op: Op): number {
  const v = typeof inv?.value === "number" ? inv.value : op.value;
  if (typeof v !== "number" || !Number.isInteger(v)) {
    throw new TypeError(`Cannot check counter: add delta is not an integer: ${JSON.stringify(v)}`);
  }
  return v;
}

/**
 * Checks a counter history as Maelstrom's pn-counter checker does (used for
 * g-counter too). With `S` the sum of the deltas of ok adds, the acceptable
 * set starts as `{S}`; each indefinite add (an `info` completion, or an
 * invocation that never completed) of delta `d` makes it `A ∪ (A + d)`.
 * Only ok reads marked `final` are checked; each must lie in the set.
 * Non-final reads and failed adds are ignored.
 *
 * @param history The run's history (`add` values are deltas; ok `read`
 * values the counter).
 * @returns `{valid?, errors, final-reads, acceptable}`: `errors` lists the bad
 * final read completions (`null` when there are none, as Maelstrom prints
 * it); `acceptable` the set as sorted closed `[lo, hi]` intervals. `valid?`
 * is `"unknown"` with an `error` when a final read is not an integer (where
 * Maelstrom's assertion throws).
 *
 * @example An indefinite add widens the acceptable set
 * ```ts
 * import assert from "node:assert/strict";
 * import { counter } from "./counter.ts";
 * const r = counter([
 *   { index: 0, time: 0, type: "invoke", process: 0, f: "add", value: 3 },
 *   { index: 1, time: 1, type: "ok", process: 0, f: "add", value: 3 },
 *   { index: 2, time: 2, type: "invoke", process: 1, f: "add", value: 2 },
 *   { index: 3, time: 3, type: "info", process: 1, f: "add", value: 2 },
 *   { index: 4, time: 4, type: "invoke", process: 0, f: "read", value: null, final: true },
 *   { index: 5, time: 5, type: "ok", process: 0, f: "read", value: 5, final: true },
 * ]);
 * assert.deepEqual(r, { "valid?": true, errors: null, "final-reads": [5], acceptable: [[3, 3], [5, 5]] });
 * ```
 */
export function counter(history: readonly Op[]): CheckResult {
  const ops = clientOps(history);
  const open = new Map<Process, Op>();
  let sum = 0;
  const indefinite: number[] = [];
  const reads: Op[] = [];
  for (const op of ops) {
    if (op.type === "invoke") {
      const dangling = open.get(op.process);
      if (dangling?.f === "add") indefinite.push(delta(undefined, dangling));
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    open.delete(op.process);
    if (op.f === "add") {
      if (op.type === "ok") sum += delta(inv, op);
      else if (op.type === "info") indefinite.push(delta(inv, op));
    } else if (op.type === "ok" && (op.final || inv?.final)) {
      reads.push(op);
    }
  }
  for (const inv of open.values()) {
    if (inv.f === "add") indefinite.push(delta(undefined, inv));
  }

  let acceptable: Interval[] = [[sum, sum]];
  for (const d of indefinite) acceptable = unionShifted(acceptable, d);

  const finalReads = reads.map((op) => op.value);
  const bad = reads.find((op) => typeof op.value !== "number" || !Number.isInteger(op.value));
  if (bad !== undefined) {
    return {
      "valid?": "unknown",
      error: `Cannot check counter: final read is not an integer: ${JSON.stringify(bad.value)}`,
      "final-reads": finalReads,
      acceptable,
    };
  }
  const errors = reads.filter((op) => !contains(acceptable, op.value as number));
  return {
    "valid?": errors.length === 0,
    errors: errors.length === 0 ? null : errors,
    "final-reads": finalReads,
    acceptable,
  };
}

/**
 * Jepsen's unique-ids checker.
 * @module
 */

import type { CheckResult, Op } from "../history.ts";
import { compareValues, errorText, valueKey } from "./_util.ts";

/**
 * Checks that the ids returned by ok `generate` operations are distinct, as
 * Jepsen's `unique-ids` does. Ids of mixed kinds (numbers and strings) or
 * JSON objects cannot be ordered for `range`; Maelstrom's checker throws
 * then, so the result is `"valid?": "unknown"` with an `error`.
 *
 * @param history The run's history (`f: "generate"`, ok values are the ids).
 * @returns `{valid?, attempted-count, acknowledged-count, duplicated-count,
 * duplicated, range}`: `duplicated` maps up to 48 of the most repeated ids
 * (as JSON keys) to their counts; `range` is `[lowest, highest]`, or `null`
 * when nothing was acknowledged.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { uniqueIds } from "./unique_ids.ts";
 * const r = uniqueIds([
 *   { index: 0, time: 0, type: "invoke", process: 0, f: "generate", value: null },
 *   { index: 1, time: 1, type: "ok", process: 0, f: "generate", value: "n1-1" },
 * ]);
 * assert.deepEqual(r["range"], ["n1-1", "n1-1"]);
 * ```
 */
export function uniqueIds(history: readonly Op[]): CheckResult {
  let attempted = 0;
  const counts = new Map<string, { id: unknown; count: number }>();
  const ids: unknown[] = [];
  for (const op of history) {
    if (op.f !== "generate") continue;
    if (op.type === "invoke") attempted++;
    else if (op.type === "ok") {
      ids.push(op.value);
      const key = valueKey(op.value);
      const entry = counts.get(key);
      if (entry) entry.count++;
      else counts.set(key, { id: op.value, count: 1 });
    }
  }

  let range: [unknown, unknown] | null = null;
  try {
    for (const id of ids) {
      if (range === null) range = [id, id];
      else {
        if (compareValues(id, range[0]) < 0) range[0] = id;
        if (compareValues(id, range[1]) > 0) range[1] = id;
      }
    }
    if (range !== null && range[0] === range[1]) compareValues(range[0], range[1]);
  } catch (e) {
    return {
      "valid?": "unknown",
      error: errorText(e),
      "attempted-count": attempted,
      "acknowledged-count": ids.length,
    };
  }

  const dups = [...counts.values()].filter((e) => e.count > 1);
  const top = dups
    .map((e, i) => ({ ...e, i }))
    .sort((a, b) => (b.count - a.count) || compareDup(b, a))
    .slice(0, 48)
    .sort(compareDup);
  const duplicated: Record<string, number> = {};
  for (const { id, count } of top) duplicated[typeof id === "string" ? id : valueKey(id)] = count;
  return {
    "valid?": dups.length === 0,
    "attempted-count": attempted,
    "acknowledged-count": ids.length,
    "duplicated-count": dups.length,
    duplicated,
    range,
  };
}

function compareDup(a: { id: unknown }, b: { id: unknown }): number {
  return compareValues(a.id, b.id);
}

/**
 * Explains a unique-ids result: the first id handed out twice, by which
 * nodes and when.
 * @module
 */

import type { Op } from "../history.ts";
import { valueKey } from "../checkers/_util.ts";
import { type Context, type Explanation, plural, rec, sec, seconds, show } from "./_context.ts";
import { list } from "./partitions.ts";

/**
 * Explains a unique-ids `workload` result.
 * @param ctx The run.
 * @returns The first duplicated id (the one whose second hand-out came
 * first), or nothing when the result is valid.
 */
export function explainUniqueIds(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  if (r === undefined || r["valid?"] !== false || typeof r["duplicated-count"] !== "number") {
    return [];
  }
  const seen = new Map<string, Op[]>();
  let first: Op[] | undefined;
  for (const op of ctx.history) {
    if (op.f !== "generate" || op.type !== "ok") continue;
    const k = valueKey(op.value);
    const ops = seen.get(k);
    if (ops === undefined) seen.set(k, [op]);
    else {
      ops.push(op);
      first ??= ops;
    }
  }
  if (first === undefined) return [];
  const shown = first.slice(0, 4).map((op) => `by ${ctx.where(op)} at ${sec(op.time)}`);
  const more = first.length > 4 ? ` and ${first.length - 4} more times` : "";
  const nodes = new Set(first.map((op) => ctx.where(op)));
  const why = nodes.size === 1
    ? ` ${[...nodes][0]} handed it out more than once itself.`
    : ` Different nodes drew the same id: an id must carry something no other node can produce, such as the node's own id.`;
  return [{
    checker: "workload",
    kind: "duplicate-id",
    count: r["duplicated-count"] as number,
    severity: "invalid",
    text: `${
      plural(r["duplicated-count"] as number, "id")
    } handed out more than once; the first: id ${
      show(first[0].value)
    } was handed out ${first.length} times: ${list(shown)}${more}.${why}`,
    at: { time: seconds(first[1].time), node: ctx.nodeOf(first[1]) },
  }];
}

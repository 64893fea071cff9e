/**
 * Explains an availability result below its goal: how many ops did not
 * succeed, how they ended, on which nodes, how many began during a
 * partition, and the first of them.
 * @module
 */

import type { Op } from "../history.ts";
import { partitionAt } from "./partitions.ts";
import {
  a,
  type Context,
  errorWords,
  type Explanation,
  plural,
  rec,
  sec,
  seconds,
} from "./_context.ts";

/** How a non-ok op ended, in a few words for counting (`timed out`, `error 11 …`). */
function endingKey(op: Op | undefined): string {
  if (op === undefined) return "never completed";
  if (op.error === "net-timeout") return "timed out";
  if (Array.isArray(op.error)) {
    return `${op.type === "fail" ? "failed" : "ended"} with ${op.error[0]}`;
  }
  if (op.exception) return "ended with an exception";
  return op.type === "fail" ? "failed" : "ended indefinitely";
}

function top(counts: Map<string, number>, n: number): string {
  return [...counts].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([k, c]) => `${c} ${k}`).join(", ");
}

/**
 * Explains an `availability` result that missed its goal.
 * @param ctx The run.
 * @returns One explanation, or nothing when availability was met.
 */
export function explainAvailability(ctx: Context): Explanation[] {
  const r = rec(ctx.results.availability);
  if (r === undefined || r["valid?"] !== false) return [];
  const goal = ctx.test.availability;
  const failed: Op[] = [];
  let invoked = 0;
  for (const op of ctx.history) {
    if (op.type !== "invoke" || op.process === "nemesis") continue;
    invoked++;
    if (ctx.completion(op)?.type !== "ok") failed.push(op);
  }
  if (failed.length === 0) return [];
  const endings = new Map<string, number>(), nodes = new Map<string, number>();
  let during = 0;
  for (const op of failed) {
    const k = endingKey(ctx.completion(op));
    endings.set(k, (endings.get(k) ?? 0) + 1);
    const n = ctx.where(op);
    nodes.set(`on ${n}`, (nodes.get(`on ${n}`) ?? 0) + 1);
    if (partitionAt(ctx.partitions, op.time) !== undefined) during++;
  }
  const first = failed[0];
  const done = ctx.completion(first);
  const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")}%`;
  const fraction = typeof r["ok-fraction"] === "number" ? r["ok-fraction"] as number : 0;
  const want = goal === "total"
    ? "every operation (total)"
    : typeof goal === "number"
    ? pct(goal)
    : "the goal";
  const partition = ctx.partitioned
    ? `; ${during} of them began while a partition was in force`
    : "";
  const note = ctx.partitionNote(first.time, ctx.nodeOf(first), done?.time ?? Infinity);
  return [{
    checker: "availability",
    kind: "unavailable",
    count: failed.length,
    severity: "invalid",
    text: `${pct(fraction)} of ${
      plural(invoked, "operation")
    } succeeded; the goal was ${want}. ${failed.length} did not: ${top(endings, 3)}; ${
      top(nodes, 3)
    }${partition}. The first: ${a(first.f)} sent to ${ctx.where(first)} at ${sec(first.time)} ${
      done === undefined
        ? "never completed"
        : `${done.type === "fail" ? "failed" : "ended indefinitely"}${errorWords(done)} at ${
          sec(done.time)
        }`
    }${note ? `; ${note}` : ""}.`,
    at: { time: seconds(first.time), node: ctx.nodeOf(first) },
  }];
}

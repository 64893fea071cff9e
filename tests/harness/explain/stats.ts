/**
 * Explains a stats result that is not valid: a kind of operation that never
 * succeeded.
 * @module
 */

import { a, type Context, errorWords, type Explanation, rec, sec, seconds } from "./_context.ts";

/**
 * Explains the `stats` result.
 * @param ctx The run.
 * @returns One explanation per `:f` without any ok completion.
 */
export function explainStats(ctx: Context): Explanation[] {
  const r = rec(ctx.results.stats);
  const byF = rec(r?.["by-f"]);
  if (r === undefined || r["valid?"] === true || byF === undefined) return [];
  const out: Explanation[] = [];
  for (const [f, v] of Object.entries(byF)) {
    const c = rec(v);
    if (c === undefined || c["valid?"] !== false) continue;
    const first = ctx.history.find((op) =>
      op.f === f && op.process !== "nemesis" && op.type !== "invoke"
    );
    const example = first === undefined
      ? ""
      : ` The first: ${a(f)} sent to ${ctx.where(ctx.invocation(first))} at ${
        sec(ctx.invocation(first).time)
      } ${first.type === "fail" ? "failed" : "ended indefinitely"}${errorWords(first)}.`;
    out.push({
      checker: "stats",
      kind: "never-ok",
      count: c.count as number,
      severity: r["valid?"] === false ? "invalid" : "unknown",
      text: `no ${f} ever succeeded: of ${c.count}, ${c["fail-count"]} failed and ${
        c["info-count"]
      } ended indefinitely.${example}`,
      ...(first ? { at: { time: seconds(first.time), node: ctx.nodeOf(first) } } : {}),
    });
  }
  return out;
}

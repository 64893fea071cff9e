/**
 * Explains an echo result: the first echo that did not come back as sent.
 * @module
 */

import { valueEquals } from "../checkers/_util.ts";
import type { Op } from "../history.ts";
import { type Context, type Explanation, plural, rec, sec, seconds, show } from "./_context.ts";

/** What the client got instead of its echo. */
function received(ctx: Context, inv: Op): string {
  const done = ctx.completion(inv);
  if (done === undefined) return "never got an answer";
  if (done.type !== "ok") return ctx.outcome(inv);
  const body = rec(done.value);
  if (body === undefined || !("echo" in body)) {
    return `got a reply without "echo": ${show(done.value, 100)}`;
  }
  return `came back as ${show(body.echo, 100)}`;
}

/**
 * Explains an echo `workload` result.
 * @param ctx The run.
 * @returns The first mismatched echo (by invocation time), or nothing.
 */
export function explainEcho(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  const errors = r?.errors;
  if (r === undefined || r["valid?"] !== false || !Array.isArray(errors) || !errors.length) {
    return [];
  }
  const bad = ctx.history.find((op) => {
    if (op.type !== "invoke" || op.process === "nemesis") return false;
    // As the checker: ops that ended :info or never completed are not judged.
    const done = ctx.completion(op);
    if (done === undefined || done.type === "info") return false;
    return !valueEquals(op.value, rec(done.value)?.echo);
  });
  if (bad === undefined) return [];
  return [{
    checker: "workload",
    kind: "echo-mismatch",
    count: errors.length,
    severity: "invalid",
    text: `${plural(errors.length, "echo", "echoes")} did not come back as sent; the first: ${
      show(bad.value)
    } sent to ${ctx.where(bad)} at ${sec(bad.time)} ${received(ctx, bad)}.`,
    at: { time: seconds(bad.time), node: ctx.nodeOf(bad) },
  }];
}

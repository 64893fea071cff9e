/**
 * Explains a counter result (g-counter, pn-counter): the first final read
 * outside the acceptable values, what it should have been, and — when the
 * value is exactly what some nodes' own adds sum to — whose adds it missed.
 * @module
 */

import type { Op } from "../history.ts";
import { type Context, type Explanation, plural, rec, sec, seconds } from "./_context.ts";
import { byNodeName, list } from "./partitions.ts";

type Interval = [number, number];

function describeSet(set: readonly Interval[]): string {
  const parts = set.slice(0, 4).map(([lo, hi]) => lo === hi ? `${lo}` : `${lo}…${hi}`);
  return `${parts.join(", ")}${set.length > 4 ? ", …" : ""}`;
}

/** The sum of the ok adds acknowledged by each node, and the indefinite adds. */
function adds(ctx: Context): { byNode: Map<string, number>; total: number; unsure: number } {
  const byNode = new Map<string, number>();
  let total = 0, unsure = 0;
  for (const op of ctx.history) {
    if (op.f !== "add" || op.process === "nemesis" || op.type === "invoke") continue;
    const d = ctx.invocation(op).value;
    if (typeof d !== "number") continue;
    if (op.type === "ok") {
      total += d;
      const n = ctx.where(op);
      byNode.set(n, (byNode.get(n) ?? 0) + d);
    } else if (op.type === "info") unsure++;
  }
  for (const op of ctx.history) {
    if (op.f === "add" && op.type === "invoke" && ctx.completion(op) === undefined) unsure++;
  }
  return { byNode, total, unsure };
}

/** The smallest set of nodes whose acknowledged adds sum to `value`, if any (≤ 12 nodes). */
function nodesSumming(byNode: Map<string, number>, value: number): string[] | undefined {
  const nodes = [...byNode.keys()].sort(byNodeName);
  if (nodes.length > 12) return undefined;
  let best: string[] | undefined;
  for (let mask = 1; mask < 1 << nodes.length; mask++) {
    const set = nodes.filter((_, i) => mask & (1 << i));
    const sum = set.reduce((s, n) => s + byNode.get(n)!, 0);
    if (sum === value && (best === undefined || set.length < best.length)) best = set;
  }
  return best;
}

/**
 * Explains a g-counter or pn-counter `workload` result.
 * @param ctx The run.
 * @returns The first wrong final read, or nothing when all were right.
 */
export function explainCounter(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  if (r === undefined || r["valid?"] !== false || !Array.isArray(r.errors)) return [];
  const errors = (r.errors as Op[]).map((e) => ctx.op(e.index) ?? e)
    .sort((a, b) => a.time - b.time);
  const bad = errors[0];
  const read = bad.value as number;
  const acceptable = (r.acceptable as Interval[] | undefined) ?? [];
  const { byNode, total, unsure } = adds(ctx);
  const expected = unsure === 0 || acceptable.length === 0
    ? `${total}, the sum of every acknowledged add`
    : `${total} (the sum of the acknowledged adds) or, counting the ${
      plural(unsure, "add")
    } whose outcome is unknown, one of ${describeSet(acceptable)}`;
  const node = ctx.where(bad);
  const grows = ctx.history.every((op) => op.f !== "add" || (op.value as number) >= 0);
  const sum = read === total ? undefined : nodesSumming(byNode, read);
  const missing = sum === undefined
    ? []
    : [...byNode.keys()].filter((n) => !sum.includes(n) && byNode.get(n) !== 0).sort(byNodeName);
  const hint = sum !== undefined && missing.length > 0
    ? ` ${read} is exactly what the adds acknowledged by ${
      list(sum)
    } sum to, as if the adds acknowledged by ${list(missing)} (${
      missing.map((n) => byNode.get(n)).join(", ")
    }) never reached ${node}.`
    : grows && acceptable.length > 0 && read > acceptable[acceptable.length - 1][1]
    ? ` That is more than every add, acknowledged or not, together: some adds were counted more than once.`
    : "";
  const finals = (r["final-reads"] as unknown[] | undefined) ?? [];
  return [{
    checker: "workload",
    kind: "out-of-range",
    count: errors.length,
    severity: "invalid",
    text: `${errors.length} of ${
      plural(finals.length, "final read")
    } out of range; the first: the final read on ${node} at ${
      sec(bad.time)
    } returned ${read}, but the counter must read ${expected}.${hint}`,
    at: { time: seconds(bad.time), node: ctx.nodeOf(bad) },
  }];
}

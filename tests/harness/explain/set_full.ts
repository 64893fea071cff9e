/**
 * Explains a set-full result (broadcast, g-set): the first lost element —
 * who acknowledged it, which nodes never (or no longer) returned it, until
 * when, and the partition in force when it was acknowledged; the worst
 * stale element; and why the verdict is unknown when nothing was stable.
 * @module
 */

import type { Op } from "../history.ts";
import { valueKey } from "../checkers/_util.ts";
import { type Context, type Explanation, plural, rec, sec, seconds, show } from "./_context.ts";
import { byNodeName, list } from "./partitions.ts";

/** The elements a read returned (broadcast's `messages`, g-set's `value`). */
function readElements(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const o = rec(value);
  for (const key of ["messages", "value", "elements"]) {
    if (Array.isArray(o?.[key])) return o![key] as unknown[];
  }
  return [];
}

/** One ok read: its invocation, completion and the elements it returned. */
interface Read {
  inv: Op;
  done: Op;
  values: unknown[];
}

/** What the history says about one element. */
interface Trace {
  element: unknown;
  /** The add's invocation and completion. */
  add?: Op;
  addDone?: Op;
  /** The first ok completion (add or read) that showed it exists, once computed. */
  known?: Op;
}

/** Whether a read returned `e` (reads can be long: no per-read sets). */
function saw(r: Read, e: unknown): boolean {
  if (typeof e !== "object" || e === null) return r.values.includes(e);
  const k = valueKey(e);
  return r.values.some((v) => valueKey(v) === k);
}

/** Every add and ok read, in one pass; elements keyed as the checker does. */
function traces(ctx: Context, addF: string): { elements: Map<string, Trace>; reads: Read[] } {
  const elements = new Map<string, Trace>();
  const reads: Read[] = [];
  for (const op of ctx.history) {
    if (op.process === "nemesis") continue;
    if (op.f === addF) {
      const inv = ctx.invocation(op);
      const k = valueKey(inv.value);
      if (op.type === "invoke") elements.set(k, { element: op.value, add: op });
      else {
        const t = elements.get(k);
        if (t !== undefined) t.addDone = op;
      }
    } else if (op.f === "read" && op.type === "ok") {
      reads.push({ inv: ctx.invocation(op), done: op, values: readElements(op.value) });
    }
  }
  return { elements, reads };
}

/**
 * Set-full's "known": the first ok completion, add or read, that showed the
 * element exists. Only reads that completed after the add was invoked (and,
 * if the add succeeded, before its acknowledgement) can come first.
 */
function knownOf(t: Trace, reads: readonly Read[]): Op | undefined {
  if (t.known !== undefined || t.add === undefined) return t.known;
  const ack = t.addDone?.type === "ok" ? t.addDone : undefined;
  for (const r of reads) {
    if (r.done.index < t.add.index) continue;
    if (ack !== undefined && r.done.index > ack.index) break;
    if (saw(r, t.element)) return t.known = r.done;
  }
  return t.known = ack;
}

/** How the element became known: `acknowledged by n3 at 2.31 s`. */
function knownWords(ctx: Context, t: Trace): string {
  const known = t.known!;
  if (known.f !== "read") return `was acknowledged by ${ctx.where(known)} at ${sec(known.time)}`;
  const add = t.add === undefined
    ? ""
    : ` (its ${t.add.f} to ${ctx.where(t.add)} ${
      t.addDone === undefined ? "never completed" : ctx.outcome(t.add)
    })`;
  return `was first returned by a read on ${ctx.where(known)} at ${sec(known.time)}${add}`;
}

/** The reads of each node after the element was known, and which saw it. */
function byNode(ctx: Context, reads: readonly Read[], known: Op, element: unknown) {
  const nodes = new Map<string, { reads: Read[]; lastSeen?: Read }>();
  for (const r of reads) {
    if (r.inv.index <= known.index) continue;
    const node = ctx.where(r.inv);
    let n = nodes.get(node);
    if (n === undefined) nodes.set(node, n = { reads: [] });
    n.reads.push(r);
    if (saw(r, element)) n.lastSeen = r;
  }
  return nodes;
}

function lostText(ctx: Context, t: Trace, reads: readonly Read[]): string {
  const known = t.known!;
  const nodes = byNode(ctx, reads, known, t.element);
  const never: string[] = [], dropped: string[] = [], kept: string[] = [];
  let misses = 0, lastMiss: Read | undefined;
  for (const [node, n] of [...nodes].sort(([a], [b]) => byNodeName(a, b))) {
    const last = n.reads[n.reads.length - 1];
    if (saw(last, t.element)) kept.push(node);
    else if (n.lastSeen === undefined) {
      never.push(node);
      misses += n.reads.length;
      if (lastMiss === undefined || last.inv.time > lastMiss.inv.time) lastMiss = last;
    } else {
      const later = n.reads.filter((r) => r.inv.index > n.lastSeen!.inv.index);
      dropped.push(
        `${node} returned it at ${sec(n.lastSeen.done.time)} but not in its ${
          later.length === 1
            ? `later read at ${sec(last.inv.time)}`
            : `${later.length} later reads (the last at ${sec(last.inv.time)})`
        }`,
      );
    }
  }
  const parts = [`value ${show(t.element)} ${knownWords(ctx, t)}`];
  if (never.length) {
    const final = lastMiss?.inv.final ? ", a final read" : "";
    parts.push(
      `it never appeared in a read on ${list(never)} after that (${
        plural(misses, "read")
      } missed it, the last at ${sec(lastMiss!.inv.time)}${final})`,
    );
  }
  parts.push(...dropped);
  if (kept.length) parts.push(`only ${list(kept)} still returned it at the end`);
  const note = ctx.partitionNote(known.time, ctx.nodeOf(known));
  return `${parts.join("; ")}.${note ? ` At ${sec(known.time)} ${note}.` : ""}`;
}

/**
 * Explains a broadcast or g-set `workload` result.
 * @param ctx The run.
 * @returns Explanations of lost elements (invalid), an unknown verdict,
 * and the worst stale element and never-read elements (notes).
 */
export function explainSetFull(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  if (r === undefined || typeof r["lost-count"] !== "number") return [];
  const addF = ctx.history.some((op) => op.f === "broadcast") ? "broadcast" : "add";
  const { elements, reads } = traces(ctx, addF);
  const out: Explanation[] = [];
  const lost = (r.lost as unknown[] | undefined ?? [])
    .map((e) => elements.get(valueKey(e)))
    .filter((t): t is Trace => t !== undefined && knownOf(t, reads) !== undefined)
    .sort((a, b) => a.known!.time - b.known!.time);
  if (lost.length > 0) {
    const first = lost[0];
    out.push({
      checker: "workload",
      kind: "lost",
      count: r["lost-count"] as number,
      severity: "invalid",
      text: `${plural(r["lost-count"] as number, "value")} of ${
        r["attempt-count"]
      } lost; the first: ${lostText(ctx, first, reads)}`,
      at: { time: seconds(first.known!.time), node: ctx.nodeOf(first.known!) },
    });
  }
  if (r["valid?"] === "unknown" && r["stable-count"] === 0) {
    out.push({
      checker: "workload",
      kind: "nothing-stable",
      count: 1,
      severity: "unknown",
      text: `no value was ever confirmed by a later read (${
        plural(r["attempt-count"] as number, "value")
      } added, ${plural(reads.length, "ok read")}), so the checker cannot decide.`,
    });
  }
  const worst = rec((r["worst-stale"] as unknown[] | undefined)?.[0]);
  if (worst && rec(worst.known) && rec(worst["last-absent"])) {
    const known = ctx.op((worst.known as Op).index) ?? worst.known as Op;
    const absent = ctx.op((worst["last-absent"] as Op).index) ?? worst["last-absent"] as Op;
    const t = elements.get(valueKey(worst.element)) ?? { element: worst.element, known };
    t.known = known;
    const note = ctx.partitionNote(known.time, ctx.nodeOf(known));
    out.push({
      checker: "workload",
      kind: "stale",
      count: r["stale-count"] as number,
      severity: "note",
      text: `${
        plural(r["stale-count"] as number, "value")
      } showed up late (allowed); the slowest: value ${show(worst.element)} ${
        knownWords(ctx, t)
      }, but a read on ${ctx.where(absent)} at ${sec(absent.time)} still missed it (${
        ((worst["stable-latency"] as number) / 1000).toFixed(2)
      } s later).${note ? ` At ${sec(known.time)} ${note}.` : ""}`,
      at: { time: seconds(absent.time), node: ctx.nodeOf(absent) },
    });
  }
  const neverRead = (r["never-read"] as unknown[] | undefined) ?? [];
  if (neverRead.length > 0 && r["valid?"] !== true) {
    const t = elements.get(valueKey(neverRead[0]));
    const known = t && knownOf(t, reads);
    const why = known !== undefined
      ? `acknowledged by ${ctx.where(known)} at ${sec(known.time)}, but no read began after that`
      : t?.add !== undefined
      ? `its ${t.add.f} to ${ctx.where(t.add)} at ${sec(t.add.time)} ${
        ctx.outcome(t.add)
      } and no read returned it`
      : "no read returned it";
    const at = known ?? t?.add;
    out.push({
      checker: "workload",
      kind: "never-read",
      count: r["never-read-count"] as number,
      severity: "note",
      text: `${
        plural(r["never-read-count"] as number, "value")
      } neither confirmed nor lost; the first: value ${show(neverRead[0])}: ${why}.`,
      ...(at ? { at: { time: seconds(at.time), node: ctx.nodeOf(at) } } : {}),
    });
  }
  return out;
}

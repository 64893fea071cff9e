/**
 * Explains what happened to the nodes themselves: a node that crashed, a
 * node whose stdout the bench stopped reading after a bad line, and a node
 * that stopped answering its clients for the rest of the run.
 * @module
 */

import type { Op } from "../history.ts";
import { type Context, type Explanation, plural, sec, seconds, show } from "./_context.ts";
import { byNodeName } from "./partitions.ts";

/** Time of the last message a node sent (journal), if any. */
function lastSent(ctx: Context, node: string): number | undefined {
  for (let i = ctx.journal.length - 1; i >= 0; i--) {
    const e = ctx.journal[i];
    if (e.type === "send" && e.message.src === node) return e.time;
  }
  return undefined;
}

function lastWords(ctx: Context, node: string): string {
  const t = lastSent(ctx, node);
  if (t === undefined) return "before it sent any message";
  // Times count from the first op; a node's init reply comes before it.
  return t < 0 ? "after its last message, sent during init" : `after its last message at ${sec(t)}`;
}

function crashes(ctx: Context): Explanation[] {
  return ctx.crashes.map((c) => {
    const tail = c.stderr.filter((l) => l.trim() !== "").slice(-2);
    const t = lastSent(ctx, c.node);
    return {
      checker: "nodes",
      kind: "crashed",
      count: 1,
      severity: "invalid" as const,
      text: `${c.node} exited with status ${c.code}${c.signal ? ` (signal ${c.signal})` : ""} ${
        lastWords(ctx, c.node)
      }, so the test crashed${
        tail.length ? `; its last stderr: ${tail.map((l) => show(l, 160)).join(" / ")}` : ""
      }.`,
      ...(t === undefined ? {} : { at: { time: seconds(t), node: c.node } }),
    };
  });
}

/** Client ops sent to `node` that never got an answer (timeout or no completion), after `from`. */
function unanswered(ctx: Context, node: string, from: number): Op[] {
  return ctx.history.filter((op) => {
    if (op.type !== "invoke" || op.process === "nemesis" || op.time < from) return false;
    if (ctx.nodeOf(op) !== node) return false;
    const done = ctx.completion(op);
    return done === undefined || done.error === "net-timeout";
  });
}

/** The reason in a bad-line error (`not well-formed JSON`), or the whole message. */
function reason(error: string): string {
  return /bad line to stdout \((.+?)\): /.exec(error)?.[1] ?? error;
}

function cutOff(ctx: Context): Explanation[] {
  const valid = ctx.results["valid?"] === true;
  return ctx.outputErrors.map((e) => {
    const t = lastSent(ctx, e.node);
    const lost = unanswered(ctx, e.node, t ?? 0).length;
    return {
      checker: "nodes",
      kind: "stdout-cut-off",
      count: 1,
      severity: valid ? "note" as const : "invalid" as const,
      text: `${e.node} wrote a line to stdout that is not a Maelstrom message (${
        reason(e.error)
      }): ${
        show(e.line, 100)
      }. Like Maelstrom, the bench ignored everything ${e.node} wrote from then on (${
        t === undefined
          ? "it had sent nothing before"
          : t < 0
          ? "its last message got through during init, before the first op"
          : `its last message got through at ${sec(t)}`
      }), so ${plural(lost, "request")} to ${e.node} went unanswered. Log to stderr, never stdout.`,
      ...(t === undefined ? {} : { at: { time: seconds(t), node: e.node } }),
    };
  });
}

/** Nodes that answered no client request from some time to the end (at least 3 unanswered). */
function silent(ctx: Context, explained: Set<string>): Explanation[] {
  const nodes = ctx.test.nodes ?? [];
  const out: Explanation[] = [];
  for (const node of [...nodes].sort(byNodeName)) {
    if (explained.has(node)) continue;
    let lastOk: Op | undefined;
    for (const op of ctx.history) {
      if (op.type === "ok" && op.process !== "nemesis" && ctx.nodeOf(op) === node) lastOk = op;
    }
    const after = lastOk === undefined ? 0 : lastOk.time;
    const later = ctx.history.filter((op) =>
      op.type === "invoke" && op.process !== "nemesis" && ctx.nodeOf(op) === node &&
      op.time > after
    );
    const lost = unanswered(ctx, node, after);
    if (lost.length < 3 || lost.length !== later.length) continue;
    out.push({
      checker: "nodes",
      kind: "silent",
      count: lost.length,
      severity: "note",
      text: lastOk === undefined
        ? `${node} never answered a client: all ${plural(lost.length, "request")} to it timed out.`
        : `${node} answered no client after ${sec(lastOk.time)}: all ${
          plural(lost.length, "later request")
        } to it (the last at ${sec(lost[lost.length - 1].time)}) timed out.`,
      at: { time: seconds(lost[0].time), node },
    });
  }
  return out;
}

/**
 * Explains crashed, cut-off and silent nodes.
 * @param ctx The run.
 * @returns Crashes and cut-off stdouts (invalid), silent nodes (notes).
 */
export function explainNodes(ctx: Context): Explanation[] {
  const explained = new Set([...ctx.crashes, ...ctx.outputErrors].map((x) => x.node));
  return [...crashes(ctx), ...cutOff(ctx), ...silent(ctx, explained)];
}

/**
 * Explains a lin-kv result: for the first key that cannot be linearized,
 * the op that breaks it, what the register could hold instead, and the
 * plainest reason that holds — no op ever wrote the value, every write of
 * it began only after the op had returned, or it had been overwritten by
 * an op that finished before this one began — with the ops open at the
 * time (Knossos's failure window) and the partition in force. Times have
 * millisecond digits: whether one op finished before another began is the
 * whole argument, and ops on a key are often a few milliseconds apart.
 * @module
 */

import { valueKey } from "../checkers/_util.ts";
import type { Op } from "../history.ts";
import { type Context, type Explanation, plural, rec, sec, seconds, show } from "./_context.ts";
import { list } from "./partitions.ts";

/** One op on a key: its invocation, completion and unwrapped value. */
interface KeyOp {
  inv: Op;
  done?: Op;
  f: string;
  /** read: the value read; write: the value; cas: [from, to]. */
  value: unknown;
}

/** The value an op leaves in the register when it takes effect, if it writes. */
function written(o: KeyOp): unknown {
  if (o.f === "write") return o.value;
  if (o.f === "cas" && Array.isArray(o.value)) return o.value[1];
  return undefined;
}

function opsOfKey(ctx: Context, key: string): KeyOp[] {
  const out: KeyOp[] = [];
  for (const inv of ctx.history) {
    if (inv.type !== "invoke" || inv.process === "nemesis" || !Array.isArray(inv.value)) continue;
    if (JSON.stringify(inv.value[0]) !== key) continue;
    const done = ctx.completion(inv);
    const v = inv.f === "read"
      ? (Array.isArray(done?.value) ? done!.value[1] : null)
      : inv.value[1];
    out.push({ inv, done, f: inv.f, value: v });
  }
  return out;
}

/** `n1 read 2`, `n2 write 3`, `n0 cas 3→4`. */
function what(ctx: Context, o: KeyOp): string {
  const v = o.f === "cas" && Array.isArray(o.value)
    ? `${show(o.value[0])}→${show(o.value[1])}`
    : o.f === "read" && o.done?.type !== "ok"
    ? ""
    : show(o.value);
  return `${ctx.where(o.inv)} ${o.f}${v ? ` ${v}` : ""}`;
}

function when(ctx: Context, o: KeyOp): string {
  const end = o.done?.type === "ok"
    ? "ok"
    : o.done?.type === "fail"
    ? "failed"
    : o.done === undefined
    ? "never completed"
    : o.done.error === "net-timeout"
    ? "timed out"
    : "indefinite";
  return `${ctx.span(o.inv, 3)}, ${end}`;
}

/** Why the op cannot be linearized, in the plainest terms the history supports. */
function reason(ctx: Context, ops: KeyOp[], bad: KeyOp, target: unknown, key: string): string {
  const t = valueKey(target);
  const writers = ops.filter((o) =>
    o !== bad && o.done?.type !== "fail" && written(o) !== undefined && valueKey(written(o)) === t
  );
  const doneAt = bad.done!.time;
  if (writers.length === 0) return `no operation ever wrote ${show(target)} to key ${key}`;
  const before = writers.filter((w) => w.inv.time < doneAt);
  if (before.length === 0) {
    const first = writers.reduce((a, b) => a.inv.time < b.inv.time ? a : b);
    return `${writers.length === 1 ? "the only write" : "every write"} of ${
      show(target)
    } began later (${what(ctx, first)} at ${
      sec(first.inv.time, 3)
    }), after this ${bad.f} had returned`;
  }
  // Stale: every write of the value that could take effect before this op
  // returned had finished before some op overwrote it, and that op finished
  // before this one began, so nothing could put the value back in time.
  if (before.every((w) => w.done?.type === "ok")) {
    const lastDone = Math.max(...before.map((w) => w.done!.time));
    const over = ops.find((o) =>
      o.done?.type === "ok" && written(o) !== undefined && valueKey(written(o)) !== t &&
      o.inv.time > lastDone && o.done.time < bad.inv.time
    );
    if (over !== undefined) {
      const w = before.find((x) => x.done!.time === lastDone)!;
      return `${show(target)} was stale: ${what(ctx, w)} finished at ${
        sec(w.done!.time, 3)
      }, then ${what(ctx, over)} (${when(ctx, over)}) overwrote it before this ${bad.f} began`;
    }
  }
  return "";
}

/** Keys the checker could not decide (its search budget ran out), if any. */
function undecided(results: Record<string, unknown>): Explanation[] {
  const keys = Object.entries(results).filter(([, v]) => rec(v)?.["valid?"] === "unknown");
  if (keys.length === 0) return [];
  const [key, v] = keys[0];
  const why = rec(rec(v)?.linearizable)?.explanation;
  return [{
    checker: "workload",
    kind: "undecided",
    count: keys.length,
    severity: "unknown",
    text: `the checker could not decide ${plural(keys.length, "key")} (${
      keys.slice(0, 8).map(([k]) => k).join(", ")
    }); key ${key}: ${
      typeof why === "string" ? why : "no reason given"
    }. The search grows with the ops open at once on a key, above all :info ones (timeouts), which stay open to the end.`,
  }];
}

/**
 * Explains a lin-kv `workload` result.
 * @param ctx The run.
 * @returns The first key (by the time of its failing op) that cannot be
 * linearized, or nothing when every key could.
 */
export function explainLinearizable(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  const results = rec(r?.results);
  if (r === undefined || results === undefined || !Array.isArray(r.failures)) return [];
  const failing = r.failures
    .map((k) => {
      const name = typeof k === "string" ? k : JSON.stringify(k);
      const lin = rec(rec(results[name])?.linearizable);
      const op = rec(lin?.op) as Op | undefined;
      return { key: k, lin, op: op && (ctx.op(op.index) ?? op) };
    })
    .filter((x) => x.op !== undefined && x.lin !== undefined)
    .sort((a, b) => a.op!.time - b.op!.time);
  if (failing.length === 0) return undecided(results);
  const { key, lin, op } = failing[0];
  const k = JSON.stringify(key);
  const ops = opsOfKey(ctx, k);
  const bad = ops.find((o) => o.done?.index === op!.index)!;
  const target = bad.f === "cas" && Array.isArray(bad.value) ? bad.value[0] : bad.value;
  const values = (lin!.values as unknown[] | undefined) ?? [];
  const could = values.length
    ? `while it was open key ${k} could only hold ${
      list(values.map((v) => show(v))).replace(/ and /, " or ")
    }`
    : "";
  const why = reason(ctx, ops, bad, target, k);
  const verb = bad.f === "cas"
    ? `cas from ${show(target)} to ${show((bad.value as unknown[])[1])} succeeded`
    : bad.f === "read"
    ? `read ${show(target)}`
    : `${bad.f} ${show(target)}`;
  const head = `key ${k}: ${ctx.where(bad.inv)} ${verb} at ${ctx.span(bad.inv, 3)}, but ${
    [why, could].filter(Boolean).join("; ")
  }.`;
  const open = ops.filter((o) =>
    o !== bad && o.inv.time < bad.done!.time && (o.done === undefined || o.done.time > bad.inv.time)
  );
  const shown = open.slice(0, 4).map((o) => `${what(ctx, o)} (${when(ctx, o)})`);
  const concurrent = open.length
    ? `\n  Also open then: ${shown.join("; ")}${
      open.length > 4 ? `; ${open.length - 4} more` : ""
    }.`
    : `\n  No other op on key ${k} was open then.`;
  const note = ctx.partitionNote(bad.inv.time, ctx.nodeOf(bad.inv), bad.done!.time);
  return [{
    checker: "workload",
    kind: "not-linearizable",
    count: failing.length,
    severity: "invalid",
    text: `${plural(failing.length, "key")} of ${Object.keys(results).length} cannot be linearized${
      failing.length > 1
        ? ` (${failing.slice(0, 8).map((f) => JSON.stringify(f.key)).join(", ")}${
          failing.length > 8 ? ", …" : ""
        })`
        : ""
    }; the first: ${head}${concurrent}${note ? `\n  While it was open, ${note}.` : ""}`,
    at: { time: seconds(bad.inv.time), node: ctx.nodeOf(bad.inv) },
  }];
}

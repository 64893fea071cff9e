/**
 * Explains a txn result (txn-rw-register, txn-list-append; Elle's
 * anomalies): for each anomaly type its first case in plain words — G1a
 * (a read of a failed txn's write), G1b (a read of an intermediate write),
 * internal inconsistency, the dependency cycles G0, G1c, G-single,
 * G-nonadjacent, G2 and their `-process` / `-realtime` variants step by
 * step, lost updates, and list-append's own checks — plus the models the
 * run rules out, and the bench's convergence check.
 *
 * Txns are named `T<history index of their completion>`, so they can be
 * found in `history.jsonl`.
 * @module
 */

import type { Op } from "../history.ts";
import { type Context, type Explanation, plural, rec, sec, seconds, show } from "./_context.ts";
import { list } from "./partitions.ts";

type Case = Record<string, unknown>;

/** What each anomaly type means, in a few words (Adya; Elle's names). */
const MEANING: Readonly<Record<string, string>> = {
  "G0":
    "a write cycle: each txn's write came right after another's in some key's order, in a circle",
  "G1c": "circular information flow: each txn saw (or overwrote) another's write, in a circle",
  "G-single":
    "read skew: one anti-dependency (a txn missed a write of a txn that, by the rest of the cycle, came before it)",
  "G-nonadjacent":
    "a cycle with two or more anti-dependencies (missed writes), no two in a row; snapshot isolation forbids it",
  "G2":
    "a cycle with two or more anti-dependencies (missed writes), some in a row; write skew is the classic case",
};

const VARIANT: Readonly<Record<string, string>> = {
  "process": ", counting each process's own order of txns",
  "realtime": ", counting real time (a txn that finished before another began comes first)",
};

/** `G-single-item-realtime` → base `G-single`, variant `realtime`. */
function cycleType(type: string): { base: string; variant?: string } | undefined {
  const m = /^(G0|G1c|G-single|G-nonadjacent|G2)(?:-item)?(?:-(process|realtime))?$/.exec(type);
  return m ? { base: m[1], variant: m[2] } : undefined;
}

/** `T412`. */
function tname(op: Op): string {
  return `T${op.index}`;
}

/** `T412 (n1, 2.31 s)`. */
function txn(ctx: Context, op: Op): string {
  return `${tname(op)} (${ctx.where(op)}, ${sec(op.time)})`;
}

/** `key 3 = 5` (rw-register) or `key 3 = [1, 2]` (list-append). */
function kv(key: unknown, value: unknown): string {
  return `key ${show(key)} = ${show(value)}`;
}

function opOf(ctx: Context, v: unknown): Op {
  const o = v as Op;
  return ctx.op(o.index) ?? o;
}

function micro(op: Op): string {
  return show(op.value, 90);
}

/**
 * The case to explain: the shortest cycle (the easiest proof to follow),
 * else the case whose ops completed first.
 */
function firstCase(ctx: Context, cases: Case[]): Case {
  const steps = (c: Case) => Array.isArray(c.steps) ? c.steps.length : 0;
  const shortest = Math.min(...cases.map(steps));
  cases = cases.filter((c) => steps(c) === shortest);
  const t = (c: Case) => {
    const ops = [
      c.op,
      ...(Array.isArray(c.txns) ? c.txns : []),
      ...(Array.isArray(c.cycle) ? c.cycle : []),
    ]
      .filter((o) => rec(o) && typeof (o as Op).time === "number") as Op[];
    return ops.length ? Math.max(...ops.map((o) => opOf(ctx, o).time)) : Infinity;
  };
  return cases.reduce((a, b) => t(b) < t(a) ? b : a);
}

/** The writes `writer` made to `key` after writing `value` (for G1b). */
function laterWrites(op: Op, key: unknown, value: unknown): unknown[] {
  const mops = (Array.isArray(op.value) ? op.value : []) as unknown[][];
  const writes = mops.filter((m) =>
    (m[0] === "w" || m[0] === "append") && show(m[1]) === show(key)
  );
  const i = writes.findIndex((m) => show(m[2]) === show(value));
  return i < 0 ? [] : writes.slice(i + 1).map((m) => m[2]);
}

function g1a(ctx: Context, c: Case, appends: boolean): [string, Op] {
  const op = opOf(ctx, c.op), writer = opOf(ctx, c.writer);
  const mop = c.mop as unknown[];
  const what = appends
    ? `read ${kv(mop[1], mop[2])}, which includes ${show(c.element)}`
    : `read ${kv(mop[1], mop[2])}`;
  return [
    `${txn(ctx, op)} ${what}, ${appends ? "appended" : "written"} by ${txn(ctx, writer)}, which ${
      ctx.outcome(writer)
    }: a txn that failed must have no visible effect`,
    op,
  ];
}

function g1b(ctx: Context, c: Case, appends: boolean): [string, Op] {
  const op = opOf(ctx, c.op), writer = opOf(ctx, c.writer);
  const mop = c.mop as unknown[];
  const v = appends ? c.element : mop[2];
  const later = laterWrites(writer, mop[1], v);
  const then = later.length
    ? `, which then ${appends ? "appended" : "wrote"} ${
      later.map((x) => show(x)).join(", ")
    } to key ${show(mop[1])} before it committed`
    : "";
  return [
    `${txn(ctx, op)} read ${kv(mop[1], mop[2])}${
      appends ? `, ending in ${show(v)}` : ""
    }, an intermediate write of ${txn(ctx, writer)}${then}: only a txn's final writes may be seen`,
    op,
  ];
}

function internal(ctx: Context, c: Case): [string, Op] {
  const op = opOf(ctx, c.op);
  const mop = c.mop as unknown[];
  return [
    `${txn(ctx, op)} read ${kv(mop[1], mop[2])}, but its own earlier micro-ops imply ${
      show(c.expected)
    }: a txn must see its own writes. The txn: ${micro(op)}`,
    op,
  ];
}

/** One step of a cycle, in words. */
function step(s: Case, a: string, b: string, appends: boolean): string {
  const k = show(s.key), v = show(s.value), v2 = show(s["value'"]);
  switch (s.type) {
    case "wr":
      return appends
        ? `${b} saw ${a}'s append of ${v} to key ${k}`
        : `${b} read key ${k} = ${v}, written by ${a}`;
    case "ww":
      return appends
        ? `${b} appended ${v2} to key ${k} right after ${a}'s append of ${v}`
        : `${a} wrote key ${k} = ${v}, then ${b} overwrote it with ${v2}`;
    case "rw":
      return appends
        ? s.value === null
          ? `${a} read key ${k} empty, so it came before ${b}'s append of ${v2}`
          : `${a} read key ${k} up to ${v}, missing ${b}'s append of ${v2} (anti-dependency)`
        : `${a} read key ${k} = ${v}, missing ${b}'s overwrite with ${v2} (anti-dependency)`;
    case "process":
      return `${a} and ${b} ran on process ${s.process}, ${a} first`;
    default:
      return `${a} finished before ${b} began`;
  }
}

function cycle(ctx: Context, c: Case, type: string, appends: boolean): [string, Op] {
  const ops = ((c.cycle ?? []) as unknown[]).map((o) => opOf(ctx, o));
  const steps = (c.steps ?? []) as Case[];
  const names = ops.map(tname);
  const t = cycleType(type)!;
  // A long cycle's steps are the proof; its txns' contents would bury them.
  const defs = ops.length > 7
    ? []
    : ops.slice(0, -1).map((op, i) =>
      `  ${names[i]} = ${ctx.where(op)}, ${ctx.span(op)}: ${micro(op)}`
    );
  const why = steps.slice(0, 12).map((s, i) =>
    `  ${names[i]} → ${names[i + 1]}: ${step(s, names[i], names[i + 1], appends)}`
  );
  if (steps.length > 12) why.push(`  … ${steps.length - 12} more steps in results.json`);
  return [
    `${MEANING[t.base]}${t.variant ? VARIANT[t.variant] : ""}. ${
      plural(ops.length - 1, "txn")
    } in the first cycle:\n${
      [...defs, ...why].join("\n")
    }\n  So each of these txns must come before itself: no order of them explains what they saw.`,
    ops[0],
  ];
}

/** The first case of one anomaly type, in words, and the op to point at. */
function describe(
  ctx: Context,
  type: string,
  cases: Case[],
  appends: boolean,
): [string, Op | undefined] {
  const c = firstCase(ctx, cases);
  if (type === "G1a") return g1a(ctx, c, appends);
  if (type === "G1b") return g1b(ctx, c, appends);
  if (type === "internal") return internal(ctx, c);
  if (cycleType(type) !== undefined && Array.isArray(c.cycle)) return cycle(ctx, c, type, appends);
  switch (type) {
    case "lost-update": {
      const ts = (c.txns as unknown[]).map((o) => opOf(ctx, o));
      return [
        `${list(ts.map((op) => txn(ctx, op)))} ${ts.length === 2 ? "both" : "all"} read ${
          kv(c.key, c.value)
        } and ${ts.length === 2 ? "both" : "all"} ${appends ? "appended to" : "wrote"} key ${
          show(c.key)
        }: neither saw the other's write, which no serial order allows (a lost update)`,
        ts[ts.length - 1],
      ];
    }
    case "future-read": {
      const op = opOf(ctx, c.op);
      return [
        `${txn(ctx, op)} read ${show(c.element)} before appending it itself: ${micro(op)}`,
        op,
      ];
    }
    case "duplicate-elements": {
      const op = opOf(ctx, c.op);
      const mop = c.mop as unknown[];
      return [
        `${txn(ctx, op)} read ${kv(mop[1], mop[2])}, with ${show(c.duplicates)} (element, times)`,
        op,
      ];
    }
    case "incompatible-order": {
      const [a, b] = c.values as unknown[][];
      return [
        `two reads of key ${show(c.key)} disagree on the order of its appends: ${
          show(a)
        } is not a prefix of ${show(b)}, so the key has no single history`,
        undefined,
      ];
    }
    case "dirty-update": {
      const [a, b] = (c.txns as unknown[]).map((o) => opOf(ctx, o));
      return [
        `key ${show(c.key)} holds ${show(c.values)}: ${txn(ctx, b)} appended after the append of ${
          txn(ctx, a)
        }, which ${ctx.outcome(a)}`,
        b,
      ];
    }
    case "cyclic-versions":
      return [
        `the versions of key ${show(c.key)} form a cycle (${
          show(c.scc)
        }): no order of its writes fits what was read`,
        undefined,
      ];
    case "empty-transaction-graph":
      return [
        "no txn depended on another (no txn read what another wrote), so there is nothing to check",
        undefined,
      ];
    default: {
      if (type.endsWith("-cycle-exists")) {
        return [
          `${plural(c["scc-size"] as number, "txn")} (history indices ${
            ((c.scc ?? []) as number[]).slice(0, 8).join(", ")
          }) depend on each other in a cycle that rules out ${c.not}`,
          undefined,
        ];
      }
      return [show(c, 200), undefined];
    }
  }
}

function convergence(ctx: Context, conv: Case): Explanation | undefined {
  if (conv["valid?"] !== false) return undefined;
  const missing = (conv.missing ?? []) as string[];
  const divergent = (conv.divergent ?? []) as Array<
    { key: unknown; values: Record<string, unknown> }
  >;
  const parts: string[] = [];
  if (divergent.length) {
    const d = divergent[0];
    parts.push(
      `${plural(conv["divergent-count"] as number, "key")} ${
        conv["divergent-count"] === 1 ? "differs" : "differ"
      } between nodes after healing and recovery; the first: key ${show(d.key)}: ${
        Object.entries(d.values).map(([n, v]) => `${n} has ${show(v)}`).join(", ")
      }`,
    );
  }
  if (missing.length) parts.push(`${list(missing)} did not answer the final read`);
  const final = ctx.history.find((op) => op.final && op.type !== "invoke");
  return {
    checker: "workload",
    kind: "convergence",
    count: (conv["divergent-count"] as number) + missing.length,
    severity: "invalid",
    text: `${parts.join("; ")}.`,
    ...(final ? { at: { time: seconds(final.time) } } : {}),
  };
}

/**
 * Explains a txn-rw-register or txn-list-append `workload` result.
 * @param ctx The run.
 * @returns One explanation per anomaly type (its first case), the models
 * ruled out, and the convergence check.
 */
export function explainTxn(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  if (r === undefined) return [];
  const out: Explanation[] = [];
  const anomalies = rec(r.anomalies) ?? {};
  const types = (r["anomaly-types"] as string[] | undefined) ?? Object.keys(anomalies);
  const appends = ctx.test.workload === "txn-list-append" ||
    ctx.history.some((op) =>
      Array.isArray(op.value) && op.value.some((m) => Array.isArray(m) && m[0] === "append")
    );
  const severity = r["valid?"] === false ? "invalid" : "unknown";
  for (const type of types) {
    const raw = anomalies[type];
    const cases = (Array.isArray(raw) ? raw : [raw]).filter(rec) as Case[];
    if (cases.length === 0 && raw !== true) continue;
    const [text, op] = cases.length
      ? describe(ctx, type, cases, appends)
      : describe(ctx, type, [{}], appends);
    const note = op === undefined ? undefined : ctx.partitionNote(op.time, ctx.nodeOf(op));
    out.push({
      checker: "workload",
      kind: type,
      count: cases.length || 1,
      severity: type === "empty-transaction-graph" ? "unknown" : severity,
      text: `${cases.length > 1 ? `${plural(cases.length, "case")}; the first: ` : ""}${text}${
        /[.:]$/.test(text) ? "" : "."
      }${note ? `\n  At ${sec(op!.time)} ${note}.` : ""}`,
      ...(op ? { at: { time: seconds(op.time), node: ctx.nodeOf(op) } } : {}),
    });
  }
  const not = (r.not as string[] | undefined) ?? [];
  if (r["valid?"] === false && not.length) {
    const models = (ctx.test.consistencyModels ?? []).join(", ");
    out.push({
      checker: "workload",
      kind: "models",
      count: not.length,
      severity: "note",
      text: `these anomalies rule out ${list(not)} and every stronger model${
        models ? `; the run was checked against ${models}` : ""
      }.`,
    });
  }
  const conv = rec(r.convergence);
  const c = conv && convergence(ctx, conv);
  if (c) out.push(c);
  return out;
}

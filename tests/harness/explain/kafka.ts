/**
 * Explains a kafka result: for each error type that invalidates the run
 * (Jepsen's kafka checker: lost writes, poll skips, nonmonotonic polls and
 * sends, duplicates, inconsistent offsets, aborted reads, unseen messages,
 * cycles), its first case — which key, values and offsets, which node and
 * process, when — and the partition in force.
 * @module
 */

import { ALLOWED_ERROR_TYPES, kafkaErrors } from "../checkers/kafka.ts";
import type { Op } from "../history.ts";
import {
  type Context,
  errorWords,
  type Explanation,
  plural,
  rec,
  sec,
  seconds,
  show,
} from "./_context.ts";
import { list } from "./partitions.ts";

type Err = Record<string, unknown>;

/** Where a value of a key sits: the first offset an ok send or poll reported for it. */
class Offsets {
  #at = new Map<string, Map<string, number>>();
  #placed = new Map<string, Map<string, Array<{ offset: number; op: Op }>>>();

  constructor(ctx: Context) {
    for (const op of ctx.history) {
      if (op.type !== "ok" || !Array.isArray(op.value)) continue;
      for (const m of op.value) {
        if (!Array.isArray(m)) continue;
        if (m[0] === "send" && Array.isArray(m[2])) this.#put(String(m[1]), m[2][1], m[2][0], op);
        if (m[0] === "poll" && rec(m[1])) {
          for (const [k, pairs] of Object.entries(rec(m[1])!)) {
            if (!Array.isArray(pairs)) continue;
            for (const p of pairs) if (Array.isArray(p)) this.#put(k, p[1], p[0], op);
          }
        }
      }
    }
  }

  #put(key: string, value: unknown, offset: unknown, op: Op): void {
    if (typeof offset !== "number") return;
    const v = JSON.stringify(value);
    let m = this.#at.get(key);
    if (m === undefined) this.#at.set(key, m = new Map());
    if (!m.has(v)) m.set(v, offset);
    let p = this.#placed.get(key);
    if (p === undefined) this.#placed.set(key, p = new Map());
    const l = p.get(v) ?? [];
    if (!l.some((x) => x.offset === offset)) l.push({ offset, op });
    p.set(v, l);
  }

  /** `12 (offset 4)`, or `12` when no offset is known. */
  value(key: string, v: unknown): string {
    const o = this.#at.get(key)?.get(JSON.stringify(v));
    return o === undefined ? show(v) : `${show(v)} (offset ${o})`;
  }

  /** The first op that placed `v` at each offset it was seen at. */
  placements(key: string, v: unknown): Array<{ offset: number; op: Op }> {
    return this.#placed.get(key)?.get(JSON.stringify(v)) ?? [];
  }
}

/** The values one op sent or polled for a key, in order. */
function valuesOf(op: Op, key: string, what: "send" | "poll"): unknown[] {
  const out: unknown[] = [];
  for (const m of Array.isArray(op.value) ? op.value : []) {
    if (!Array.isArray(m) || m[0] !== what) continue;
    if (what === "send" && String(m[1]) === key) out.push(Array.isArray(m[2]) ? m[2][1] : m[2]);
    if (what === "poll") {
      const pairs = rec(m[1])?.[key];
      if (Array.isArray(pairs)) { for (const p of pairs) out.push(Array.isArray(p) ? p[1] : p); }
    }
  }
  return out;
}

function timeOf(e: Err): number {
  const ops = [e.op, e.reader, e.writer, ...(Array.isArray(e.ops) ? e.ops : [])]
    .filter((o): o is Op => rec(o) !== undefined && typeof (o as Op).time === "number");
  return ops.length ? Math.max(...ops.map((o) => o.time)) : Infinity;
}

/** `process 3 on n2`. */
function who(ctx: Context, op: Op): string {
  const node = ctx.nodeOf(op);
  return node === undefined ? `process ${op.process}` : `process ${op.process} on ${node}`;
}

function placedBy(ctx: Context, op: Op): string {
  return op.f === "send"
    ? `acknowledged by ${ctx.where(op)} at ${sec(op.time)}`
    : `polled on ${ctx.where(op)} at ${sec(op.time)}`;
}

/** One case of an error type, with what every describer needs. */
interface KafkaCase {
  ctx: Context;
  off: Offsets;
  /** The error as the checker reports it. */
  e: Err;
  key: string;
  /** `ops` of the error (two consecutive ops of one process), if any. */
  ops: Op[];
  /** `values` of the error, if any. */
  vals: unknown[];
}

/** A sentence for a case, and the op to point at. */
type Describer = (c: KafkaCase) => [string, Op | undefined];

function skippedWords({ off, key, e }: KafkaCase): string {
  const skipped = (e.skipped ?? []) as unknown[];
  return `${list(skipped.slice(0, 6).map((v) => off.value(key, v)))}${
    skipped.length > 6 ? " and more" : ""
  }`;
}

const lostWrite: Describer = ({ ctx, off, e, key: k }) => {
  const w = e.writer as Op, top = e["max-read"] as Op | undefined;
  const highest = top === undefined ? [] : valuesOf(top, k, "poll");
  const past = top === undefined
    ? "read later offsets"
    : `read past it, up to ${off.value(k, highest[highest.length - 1])} (on ${ctx.where(top)} at ${
      sec(top.time)
    })`;
  const how = w.type === "ok" ? "acknowledged" : "sent (and, by a poll, seen committed)";
  return [
    `key ${k}: ${off.value(k, e.value)} was ${how} by ${ctx.where(w)} at ${
      sec(w.time)
    }, but no poll ever returned it, although polls ${past}`,
    w,
  ];
};

const pollSkip: Describer = (c) => {
  const { ctx, off, key: k, ops: [a, b] } = c;
  const before = valuesOf(a, k, "poll"), after = valuesOf(b, k, "poll");
  return [
    `key ${k}: ${who(ctx, b)} polled ${off.value(k, after[0])} at ${
      sec(b.time)
    } right after its previous poll (${sec(a.time)}) ended at ${
      off.value(k, before[before.length - 1])
    }, skipping ${skippedWords(c)}`,
    b,
  ];
};

const nonmonotonicPoll: Describer = ({ ctx, off, key: k, ops: [a, b], vals }) => [
  `key ${k}: ${who(ctx, b)} polled ${off.value(k, vals[1])} at ${
    sec(b.time)
  }, after its previous poll (${sec(a.time)}) had already reached ${
    off.value(k, vals[0])
  }: its polls went backwards or repeated`,
  b,
];

const intPoll = (skips: boolean): Describer => (c) => {
  const { ctx, off, key: k, e, vals } = c;
  const op = e.op as Op;
  return [
    `key ${k}: one poll on ${ctx.where(op)} at ${sec(op.time)} returned ${
      off.value(k, vals[0])
    } and then ${off.value(k, vals[1])}${
      skips ? `, skipping ${skippedWords(c)}` : ", out of order"
    }`,
    op,
  ];
};

const nonmonotonicSend: Describer = ({ ctx, off, key: k, ops: [a, b], vals }) => [
  `key ${k}: ${who(ctx, b)} sent ${off.value(k, vals[1])}, acknowledged at ${
    sec(b.time)
  }, yet it sits no later in the log than ${
    off.value(k, vals[0])
  }, which the same process sent before (acknowledged at ${sec(a.time)})`,
  b,
];

const duplicate: Describer = ({ ctx, off, key: k, e }) => {
  const places = off.placements(k, e.value);
  return [
    `key ${k}: ${show(e.value)} sits at ${plural(places.length, "offset")}: ${
      places.map((p) => `${p.offset} (${placedBy(ctx, p.op)})`).join(", ")
    }; every value is sent once, so it must sit at one offset`,
    places[places.length - 1]?.op,
  ];
};

const inconsistentOffsets: Describer = ({ ctx, off, key: k, e, vals }) => {
  const at = (v: unknown) => off.placements(k, v).find((x) => x.offset === e.offset);
  const parts = vals.map((v) => {
    const p = at(v);
    return p === undefined ? show(v) : `${show(v)} (${placedBy(ctx, p.op)})`;
  });
  return [
    `key ${k}: offset ${e.offset} holds ${vals.length} different values: ${
      list(parts)
    }; each offset must name one message, so offsets must be assigned in one place (or agreed on)`,
    at(vals[0])?.op,
  ];
};

const abortedRead: Describer = ({ ctx, key: k, e }) => {
  const reader = e.reader as Op, writer = e.writer as Op | undefined;
  const failed = writer
    ? ` to ${ctx.where(writer)} failed${errorWords(writer)} at ${sec(writer.time)}`
    : " failed";
  return [
    `key ${k}: a poll on ${ctx.where(reader)} at ${sec(reader.time)} returned ${
      show(e.value)
    }, but its send${failed}: a failed send must leave no trace`,
    reader,
  ];
};

/** The describer of each error type the checker reports case by case. */
const DESCRIBERS: Readonly<Record<string, Describer>> = {
  "lost-write": lostWrite,
  "poll-skip": pollSkip,
  "nonmonotonic-poll": nonmonotonicPoll,
  "int-poll-skip": intPoll(true),
  "int-nonmonotonic-poll": intPoll(false),
  "nonmonotonic-send": nonmonotonicSend,
  "duplicate": duplicate,
  "inconsistent-offsets": inconsistentOffsets,
  "G1a": abortedRead,
};

/** One sentence for the first case of an error type, and the op to point at. */
function describe(ctx: Context, off: Offsets, type: string, e: Err): [string, Op | undefined] {
  const describer = DESCRIBERS[type];
  if (describer === undefined) return [show(e, 200), undefined];
  const ops = (Array.isArray(e.ops) ? e.ops : []) as Op[];
  return describer({ ctx, off, e, key: String(e.key), ops, vals: (e.values ?? []) as unknown[] });
}

/** The `unseen` map: acknowledged messages no poll returned by the end. */
function unseen(u: Err): Explanation {
  const counts = rec(u.unseen) ?? {};
  const msgs = rec(u.messages) ?? {};
  const total = Object.values(counts).reduce((s: number, n) => s + (n as number), 0);
  const keys = Object.keys(counts).slice(0, 4).map((k) =>
    `key ${k}: ${((msgs[k] ?? []) as unknown[]).slice(0, 5).map((v) => show(v)).join(", ")}${
      (counts[k] as number) > 5 ? ", …" : ""
    }`
  );
  return {
    checker: "workload",
    kind: "unseen",
    count: total,
    severity: "invalid",
    text: `${
      plural(total, "acknowledged message")
    } had never been returned by a poll when the run ended (${sec(u.time as number)}): ${
      keys.join("; ")
    }${Object.keys(counts).length > 4 ? "; …" : ""}.`,
    at: { time: seconds(u.time as number) },
  };
}

function cycle(ctx: Context, off: Offsets, c: Err, count: number): Explanation {
  const ops = (c.cycle ?? []) as Op[];
  const steps = (c.steps ?? []) as Err[];
  const name = (i: number) => `T${i + 1}`;
  const lines = ops.slice(0, -1).map((op, i) =>
    `  ${name(i)} = ${op.f} on ${ctx.where(op)} at ${sec(op.time)}: ${show(op.value, 80)}`
  );
  const why = steps.map((s, i) => {
    const a = name(i), b = name((i + 1) % (ops.length - 1));
    return s.type === "wr"
      ? `  ${a} → ${b}: ${b} polled ${
        off.value(String(s.key), s.value)
      } of key ${s.key}, which ${a} sent`
      : `  ${a} → ${b}: ${a} completed before ${b} began`;
  });
  return {
    checker: "workload",
    kind: String(c.type),
    count,
    severity: "invalid",
    text: `${
      plural(count, "cycle")
    }: these ops cannot be put in any order that respects both what polls saw and real time; the first:\n${
      [...lines, ...why].join("\n")
    }`,
    at: ops[0] ? { time: seconds(ops[0].time), node: ctx.nodeOf(ops[0]) } : undefined,
  };
}

/**
 * Explains a kafka `workload` result.
 * @param ctx The run.
 * @returns One explanation per invalidating error type (its first case).
 */
export function explainKafka(ctx: Context): Explanation[] {
  const r = rec(ctx.results.workload);
  const bad = r?.["bad-error-types"];
  if (r === undefined || !Array.isArray(bad) || bad.length === 0) return [];
  // The results keep only the most telling cases of a type; the first one
  // in time needs them all, so re-derive them only when some were left out.
  const shown = Object.fromEntries(bad.map((t) => [t, t === "unseen" ? r[t] : rec(r[t])?.errs]));
  const complete = bad.every((t) =>
    t === "unseen" ||
    (Array.isArray(shown[t]) && (shown[t] as unknown[]).length === rec(r[t])?.count)
  );
  let raw: Record<string, unknown> = shown;
  if (!complete) {
    try {
      raw = kafkaErrors(ctx.history);
    } catch { /* keep what the results show */ }
  }
  const off = new Offsets(ctx);
  const out: Explanation[] = [];
  for (const type of bad as string[]) {
    if (ALLOWED_ERROR_TYPES.has(type)) continue;
    const errs = raw[type];
    if (type === "unseen" && rec(errs)) {
      out.push(unseen(rec(errs)!));
      continue;
    }
    if (!Array.isArray(errs) || errs.length === 0) continue;
    if (type === "strong-PL-2-cycle-exists" && bad.includes("G1c-realtime")) continue;
    if (type.startsWith("G1c") || type.startsWith("G0")) {
      const steps = (e: Err) => Array.isArray(e.steps) ? e.steps.length : Infinity;
      const shortest = (errs as Err[]).reduce((a, b) => steps(b) < steps(a) ? b : a);
      out.push(cycle(ctx, off, shortest, rec(r[type])?.count as number ?? errs.length));
      continue;
    }
    const first = (errs as Err[]).reduce((a, b) => timeOf(b) < timeOf(a) ? b : a);
    const count = (rec(r[type])?.count as number | undefined) ?? errs.length;
    const [text, op] = describe(ctx, off, type, first);
    const note = op === undefined ? undefined : ctx.partitionNote(op.time, ctx.nodeOf(op));
    out.push({
      checker: "workload",
      kind: type,
      count,
      severity: "invalid",
      text: `${plural(count, "case")}; the first: ${text}.${
        note ? ` At ${sec(op!.time)} ${note}.` : ""
      }`,
      ...(op ? { at: { time: seconds(op.time), node: ctx.nodeOf(op) } } : {}),
    });
  }
  return out;
}

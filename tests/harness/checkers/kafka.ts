/**
 * The kafka workload's checker: Jepsen's `jepsen.tests.kafka/checker` (0.3.7,
 * the version Maelstrom runs) for the non-transactional, assign-only way
 * Maelstrom uses it.
 *
 * From every poll, and from every send that is `ok` (or `info` but observed by
 * an ok poll), it builds one log per key (offset → values). The *version
 * order* of a key is its non-empty offsets ascending; a value's *index* is its
 * position in that dense list. Error types, each reported as
 * `{count, errs}` (except `unseen`):
 *
 * | type | meaning |
 * |---|---|
 * | `inconsistent-offsets` | one offset holds two or more values |
 * | `duplicate` | one value sits at two or more offsets |
 * | `lost-write` | a committed value below the highest index some ok poll read was never read |
 * | `poll-skip` / `nonmonotonic-poll` | consecutive ok polls of a key by one process jump forward / do not advance |
 * | `int-poll-skip` / `int-nonmonotonic-poll` | the same inside one poll's list |
 * | `nonmonotonic-send` | consecutive sends to a key by one process do not advance |
 * | `int-send-skip` / `int-nonmonotonic-send` | two sends to a key in one op (never with one send per op) |
 * | `G1a` | an ok poll read a value whose send failed |
 * | `unseen` | acknowledged sends never read by an ok poll (`{time, unseen, messages}`) |
 * | `G1c-realtime`, `strong-PL-2-cycle-exists` | a cycle of send→poll (wr) and real-time edges |
 * | `empty-transaction-graph` | no wr and no real-time edge at all (tiny histories) |
 *
 * `valid?` is true iff every error type found is in Jepsen's allowed set
 * (`int-send-skip`, `G0`, `G0-process`, `G0-realtime`, `PL-1-cycle-exists`,
 * `strong-PL-1-cycle-exists`). Where Jepsen's checker throws (a polled value
 * nobody sent; a key that ok polls saw only as empty lists), the result is
 * `{"valid?": "unknown", error}` as Maelstrom's `check-safe` makes it.
 *
 * Known differences from Jepsen: when one offset holds several values Jepsen
 * picks an arbitrary one (hash order) for the version order, this checker the
 * smallest; cycles are reported one per strongly connected component, found
 * by a breadth-first search rather than Elle's; `precommitted-read` (a txn
 * polling its own send) is not checked (impossible without txns).
 * @module
 */

import { type CheckResult, clientOps, type Op, type Process } from "../history.ts";

/** A message value in canonical JSON form (so 7 and "7" differ). */
type V = string;
/** A log key (Maelstrom sends keys as strings). */
type Key = string;

interface Pair {
  offset: number | null;
  v: V;
}

/** A key's version order. */
interface VersionOrder {
  /** The non-empty offsets ascending, each with its values sorted. */
  entries: Array<{ offset: number; values: V[] }>;
  /** Index → the value Jepsen takes as that index's value. */
  byIndex: V[];
  /** Value → index (the last index it appears at as `byIndex`). */
  byValue: Map<V, number>;
}

/** One entry of the per-type error lists. */
export type KafkaError = Record<string, unknown>;

/** Error types that do not invalidate a kafka run (Jepsen's allowed set). */
export const ALLOWED_ERROR_TYPES: ReadonlySet<string> = new Set([
  "int-send-skip",
  "G0",
  "G0-process",
  "G0-realtime",
  "PL-1-cycle-exists",
  "strong-PL-1-cycle-exists",
]);

const canon = (x: unknown): V => JSON.stringify(x) ?? "null";
const uncanon = (v: V | undefined): unknown => v === undefined ? null : JSON.parse(v);

/** Jepsen's value order for sorting: numbers numerically, then by text. */
function cmpV(a: V, b: V): number {
  const x = Number(a), y = Number(b);
  if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  if (!Number.isNaN(x)) return -1;
  if (!Number.isNaN(y)) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

const mops = (op: Op): unknown[][] =>
  Array.isArray(op.value) ? op.value.filter((m): m is unknown[] => Array.isArray(m)) : [];

function offsetOf(x: unknown): number | null {
  if (x === null || x === undefined) return null;
  if (typeof x !== "number" || !Number.isInteger(x)) {
    throw new Error(`Cannot use offset as an integer: ${JSON.stringify(x)}`);
  }
  return x;
}

/** Keys → pairs sent by an op (send/txn completions); offsets may be null. */
function opWritePairs(op: Op): Map<Key, Pair[]> {
  const out = new Map<Key, Pair[]>();
  if (op.f !== "send" && op.f !== "txn") return out;
  for (const m of mops(op)) {
    if (m[0] !== "send") continue;
    const k = String(m[1]);
    const x = m[2];
    const pair: Pair = Array.isArray(x)
      ? { offset: offsetOf(x[0]), v: canon(x[1]) }
      : { offset: null, v: canon(x) };
    const list = out.get(k) ?? [];
    list.push(pair);
    out.set(k, list);
  }
  return out;
}

/** Keys → pairs read by an op (poll/txn completions carrying results). */
function opReadPairs(op: Op): Map<Key, Pair[]> {
  const out = new Map<Key, Pair[]>();
  if (op.f !== "poll" && op.f !== "txn") return out;
  for (const m of mops(op)) {
    if (m[0] !== "poll" || m.length < 2) continue;
    const msgs = m[1];
    if (msgs === null || typeof msgs !== "object") continue;
    for (const [k, pairs] of Object.entries(msgs as Record<string, unknown>)) {
      const list = out.get(k) ?? [];
      if (Array.isArray(pairs)) {
        for (const p of pairs) {
          const pair = Array.isArray(p) ? p : [null, p];
          list.push({ offset: offsetOf(pair[0]), v: canon(pair[1]) });
        }
      }
      out.set(k, list);
    }
  }
  return out;
}

const values = (m: Map<Key, Pair[]>): Map<Key, V[]> =>
  new Map([...m].map(([k, ps]) => [k, ps.map((p) => p.v)]));

/** Highest polled offset per key (-1 for an empty list); ok/info ops only. */
function maxPollOffsets(op: Op, reads: Map<Key, Pair[]>): Map<Key, number> {
  const out = new Map<Key, number>();
  if (op.type !== "ok" && op.type !== "info") return out;
  for (const [k, ps] of reads) {
    let m = -1;
    for (const p of ps) if (p.offset !== null && p.offset > m) m = p.offset;
    out.set(k, Math.max(out.get(k) ?? -Infinity, m));
  }
  return out;
}

/** Highest sent offset per key; ok/info ops only. */
function maxSendOffsets(op: Op, writes: Map<Key, Pair[]>): Map<Key, number> {
  let out = new Map<Key, number>();
  if (op.type !== "ok" && op.type !== "info") return out;
  for (const [k, ps] of writes) {
    for (const p of ps) {
      // Jepsen's reduction restarts from nil on a send without an offset.
      if (p.offset === null) out = new Map();
      else out.set(k, Math.max(out.get(k) ?? 0, p.offset));
    }
  }
  return out;
}

function mergeMax(a: Map<Key, number>, b: Map<Key, number>): Map<Key, number> {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, Math.max(out.get(k) ?? -Infinity, v));
  return out;
}

/** Everything the analyses share, computed once. */
interface Analysis {
  history: Op[];
  reads: Map<Op, Map<Key, Pair[]>>;
  writes: Map<Op, Map<Key, Pair[]>>;
  okReads: Map<Key, Set<V>>;
  failWrites: Map<Key, Set<V>>;
  writerOf: Map<Key, Map<V, Op>>;
  readersOf: Map<Key, Map<V, Op[]>>;
  orders: Map<Key, VersionOrder>;
  completion: Map<Op, Op>;
  invocation: Map<Op, Op>;
}

function addTo<T>(m: Map<Key, Set<T>>, k: Key, xs: Iterable<T>): void {
  let s = m.get(k);
  if (s === undefined) m.set(k, s = new Set());
  for (const x of xs) s.add(x);
}

function mustHaveCommitted(a: Analysis, op: Op): boolean {
  if (op.type === "ok") return true;
  if (op.type !== "info") return false;
  for (const [k, ps] of a.writes.get(op) ?? new Map<Key, Pair[]>()) {
    const ok = a.okReads.get(k);
    if (ok !== undefined && ps.some((p) => ok.has(p.v))) return true;
  }
  return false;
}

function analyse(all: readonly Op[]): Analysis {
  const history = clientOps(all);
  const reads = new Map<Op, Map<Key, Pair[]>>();
  const writes = new Map<Op, Map<Key, Pair[]>>();
  const okReads = new Map<Key, Set<V>>();
  const failWrites = new Map<Key, Set<V>>();
  const writerOf = new Map<Key, Map<V, Op>>();
  const readersOf = new Map<Key, Map<V, Op[]>>();
  const completion = new Map<Op, Op>();
  const invocation = new Map<Op, Op>();
  const open = new Map<Process, Op>();
  for (const op of history) {
    const r = opReadPairs(op), w = opWritePairs(op);
    reads.set(op, r);
    writes.set(op, w);
    if (op.type === "invoke") {
      open.set(op.process, op);
      continue;
    }
    const inv = open.get(op.process);
    if (inv !== undefined) {
      open.delete(op.process);
      completion.set(inv, op);
      invocation.set(op, inv);
    }
    if (op.type === "ok") { for (const [k, vs] of values(r)) addTo(okReads, k, vs); }
    if (op.type === "fail") { for (const [k, vs] of values(w)) addTo(failWrites, k, vs); }
    for (const [k, ps] of w) {
      let m = writerOf.get(k);
      if (m === undefined) writerOf.set(k, m = new Map());
      for (const p of ps) m.set(p.v, op);
    }
    for (const [k, ps] of r) {
      let m = readersOf.get(k);
      if (m === undefined) readersOf.set(k, m = new Map());
      for (const p of ps) {
        const l = m.get(p.v);
        if (l === undefined) m.set(p.v, [op]);
        else l.push(op);
      }
    }
  }
  const a: Analysis = {
    history,
    reads,
    writes,
    okReads,
    failWrites,
    writerOf,
    readersOf,
    orders: new Map(),
    completion,
    invocation,
  };
  a.orders = versionOrders(a);
  return a;
}

function versionOrders(a: Analysis): Map<Key, VersionOrder> {
  const logs = new Map<Key, Map<number, Set<V>>>();
  const put = (k: Key, p: Pair) => {
    if (p.offset === null) return;
    let log = logs.get(k);
    if (log === undefined) logs.set(k, log = new Map());
    let s = log.get(p.offset);
    if (s === undefined) log.set(p.offset, s = new Set());
    s.add(p.v);
  };
  for (const op of a.history) {
    if (op.f !== "poll" && op.f !== "send" && op.f !== "txn") continue;
    // Polls always count; sends only when their effect is certain.
    if (mustHaveCommitted(a, op)) {
      for (const [k, ps] of a.writes.get(op)!) ps.forEach((p) => put(k, p));
    }
    for (const [k, ps] of a.reads.get(op)!) ps.forEach((p) => put(k, p));
  }
  const out = new Map<Key, VersionOrder>();
  for (const [k, log] of logs) {
    // Jepsen's log vector runs from offset 0: negative offsets vanish.
    const entries = [...log].filter(([o]) => o >= 0).sort(([x], [y]) => x - y)
      .map(([offset, s]) => ({ offset, values: [...s].sort(cmpV) }));
    const byIndex = entries.map((e) => e.values[0]);
    const byValue = new Map<V, number>();
    byIndex.forEach((v, i) => byValue.set(v, i));
    out.set(k, { entries, byIndex, byValue });
  }
  return out;
}

function inconsistentOffsets(a: Analysis): KafkaError[] {
  const errs: KafkaError[] = [];
  for (const [k, vo] of a.orders) {
    vo.entries.forEach((e, index) => {
      if (e.values.length >= 2) {
        errs.push({ key: k, offset: e.offset, index, values: e.values.map(uncanon) });
      }
    });
  }
  return errs;
}

function duplicates(a: Analysis): KafkaError[] {
  const errs: KafkaError[] = [];
  for (const [k, vo] of a.orders) {
    const offsets = new Map<V, number[]>();
    for (const e of vo.entries) {
      for (const v of e.values) {
        const l = offsets.get(v);
        if (l === undefined) offsets.set(v, [e.offset]);
        else l.push(e.offset);
      }
    }
    for (const [v, os] of offsets) {
      if (os.length > 1) errs.push({ key: k, value: uncanon(v), count: os.length, offsets: os });
    }
  }
  return errs;
}

function g1a(a: Analysis): KafkaError[] {
  const errs: KafkaError[] = [];
  for (const op of a.history) {
    if (op.type !== "ok" || (op.f !== "poll" && op.f !== "txn")) continue;
    for (const [k, ps] of a.reads.get(op)!) {
      const failed = a.failWrites.get(k);
      if (failed === undefined) continue;
      for (const p of ps) {
        if (failed.has(p.v)) {
          errs.push({
            key: k,
            value: uncanon(p.v),
            writer: a.writerOf.get(k)?.get(p.v),
            reader: op,
          });
        }
      }
    }
  }
  return errs;
}

function lostWrites(a: Analysis): KafkaError[] {
  const errs: KafkaError[] = [];
  for (const [k, vs] of a.okReads) {
    const entries = a.orders.get(k)?.entries ?? [];
    const firstIndex = new Map<V, number>();
    const lastIndex = new Map<V, number>();
    entries.forEach((e, i) => {
      for (const v of e.values) {
        if (!firstIndex.has(v)) firstIndex.set(v, i);
        lastIndex.set(v, i);
      }
    });
    const lastIndexValues: V[][] = [];
    for (const [v, i] of lastIndex) (lastIndexValues[i] ??= []).push(v);
    let bound = -1;
    for (const v of vs) bound = Math.max(bound, firstIndex.get(v) ?? -1);
    if (bound < 0) {
      // Jepsen's `(nth last-index->values bound)` throws here.
      throw new Error(
        `IndexOutOfBoundsException in lost-write analysis: key ${JSON.stringify(k)} ` +
          "was polled by ok polls but only as empty lists",
      );
    }
    const maxReadValue = lastIndexValues[bound]?.[0];
    const maxRead = maxReadValue === undefined
      ? undefined
      : a.readersOf.get(k)?.get(maxReadValue)?.[0];
    const seen = new Set<V>();
    for (let i = 0; i <= bound; i++) {
      for (const v of lastIndexValues[i] ?? []) {
        if (seen.has(v)) continue;
        seen.add(v);
        if (vs.has(v)) continue;
        const w = a.writerOf.get(k)?.get(v);
        if (w === undefined) {
          throw new Error(`No writer of value ${v} for key ${JSON.stringify(k)}`);
        }
        if (!mustHaveCommitted(a, w)) continue;
        errs.push({
          key: k,
          value: uncanon(v),
          index: firstIndex.get(v),
          "max-read-index": bound,
          writer: w,
          "max-read": maxRead,
        });
      }
    }
  }
  return errs;
}

type Typed = KafkaError & { type: "skip" | "nonmonotonic" };

function split(errs: Typed[]): { skip: KafkaError[]; nonmonotonic: KafkaError[] } {
  const out = { skip: [] as KafkaError[], nonmonotonic: [] as KafkaError[] };
  for (const { type, ...rest } of errs) out[type].push(rest);
  return out;
}

const skipped = (vo: VersionOrder, i1: number, i2: number) =>
  vo.byIndex.slice(i1 + 1, i2).map(uncanon);

/**
 * One step inside a poll's or a send's list of values: consecutive values
 * must sit at consecutive indices of the key's version order; a gap is a
 * skip, going back or repeating is nonmonotonic.
 */
function checkStep(
  errs: Typed[],
  op: Op,
  k: Key,
  vo: VersionOrder | undefined,
  [v1, i1]: [V | undefined, number | undefined],
  [v2, i2]: [V, number | undefined],
): void {
  const delta = i1 !== undefined && i2 !== undefined ? i2 - i1 : 1;
  if (delta > 1) {
    errs.push({
      type: "skip",
      key: k,
      values: [uncanon(v1), uncanon(v2)],
      delta,
      skipped: skipped(vo!, i1!, i2!),
      op,
    });
  } else if (delta < 1) {
    errs.push({ type: "nonmonotonic", key: k, values: [uncanon(v1), uncanon(v2)], delta, op });
  }
}

function intPollCases(a: Analysis): Typed[] {
  const errs: Typed[] = [];
  for (const op of a.history) {
    for (const [k, ps] of a.reads.get(op)!) {
      const vo = a.orders.get(k);
      let i1: number | undefined, v1: V | undefined;
      for (const { v: v2 } of ps) {
        const i2 = vo?.byValue.get(v2);
        checkStep(errs, op, k, vo, [v1, i1], [v2, i2]);
        i1 = i2;
        v1 = v2;
      }
    }
  }
  return errs;
}

function intSendCases(a: Analysis): Typed[] {
  const errs: Typed[] = [];
  for (const op of a.history) {
    if (op.type === "invoke") continue;
    for (const [k, ps] of a.writes.get(op)!) {
      const vo = a.orders.get(k);
      for (let j = 1; j < ps.length; j++) {
        const v1 = ps[j - 1].v, v2 = ps[j].v;
        const i1 = vo?.byValue.get(v1), i2 = vo?.byValue.get(v2);
        checkStep(errs, op, k, vo, [v1, i1], [v2, i2]);
      }
    }
  }
  return errs;
}

function byProcess(history: readonly Op[]): Map<Process, Op[]> {
  const out = new Map<Process, Op[]>();
  for (const op of history) {
    const l = out.get(op.process);
    if (l === undefined) out.set(op.process, [op]);
    else l.push(op);
  }
  return out;
}

const assignedKeys = (op: Op): Set<Key> =>
  new Set(Array.isArray(op.value) ? op.value.map((k) => String(k)) : []);

function restrict<T>(m: Map<Key, T>, keys: Set<Key>): Map<Key, T> {
  return new Map([...m].filter(([k]) => keys.has(k)));
}

function pollCases(a: Analysis): Typed[] {
  const errs: Typed[] = [];
  for (const ops of byProcess(a.history).values()) {
    let last = new Map<Key, Op>();
    for (const op of ops) {
      if (op.f === "assign" || op.f === "subscribe") {
        if (op.type !== "invoke" && op.type !== "fail") last = restrict(last, assignedKeys(op));
        continue;
      }
      if (op.f !== "poll" && op.f !== "txn") continue;
      const reads = a.reads.get(op)!;
      for (const [k, ps] of reads) {
        const lastOp = last.get(k);
        if (lastOp === undefined) continue;
        const prev = a.reads.get(lastOp)!.get(k) ?? [];
        const v = prev.at(-1)?.v, v2 = ps[0]?.v;
        const vo = a.orders.get(k);
        const i = v === undefined ? undefined : vo?.byValue.get(v);
        const i2 = v2 === undefined ? undefined : vo?.byValue.get(v2);
        const delta = i !== undefined && i2 !== undefined ? i2 - i : 1;
        if (delta > 1) {
          errs.push({
            type: "skip",
            key: k,
            delta,
            skipped: skipped(vo!, i!, i2!),
            ops: [lastOp, op],
          });
        }
        if (delta < 1) {
          errs.push({
            type: "nonmonotonic",
            key: k,
            values: [uncanon(v), uncanon(v2)],
            delta,
            ops: [lastOp, op],
          });
        }
      }
      if (op.type === "ok") { for (const k of reads.keys()) last.set(k, op); }
    }
  }
  return errs;
}

function nonmonotonicSends(a: Analysis): KafkaError[] {
  const errs: KafkaError[] = [];
  for (const ops of byProcess(a.history).values()) {
    let last = new Map<Key, Op>();
    for (const op of ops) {
      if (op.type !== "ok" && op.type !== "info") continue;
      if (op.f === "assign" || op.f === "subscribe") {
        last = restrict(last, assignedKeys(op));
        continue;
      }
      if (op.f !== "send" && op.f !== "txn") continue;
      const sends = a.writes.get(op)!;
      for (const [k, ps] of sends) {
        const lastOp = last.get(k);
        if (lastOp === undefined) continue;
        const v = a.writes.get(lastOp)!.get(k)!.at(-1)!.v, v2 = ps[0].v;
        const vo = a.orders.get(k);
        const i = vo?.byValue.get(v), i2 = vo?.byValue.get(v2);
        if (i !== undefined && i2 !== undefined && i2 - i < 1) {
          errs.push({
            key: k,
            values: [uncanon(v), uncanon(v2)],
            delta: i2 - i,
            ops: [lastOp, op],
          });
        }
      }
      for (const k of sends.keys()) last.set(k, op);
    }
  }
  return errs;
}

/** Jepsen's `unseen`: the state after the last ok send/poll, or undefined. */
function unseen(a: Analysis): KafkaError | undefined {
  // `sent` is Jepsen's loop state: per key, sent values not yet polled. Only
  // keys an op touches change, plus the quirk below.
  const sent = new Map<Key, Set<V>>();
  const polled = new Map<Key, Set<V>>();
  let fresh = new Set<Key>();
  let time: number | undefined;
  for (const op of a.history) {
    if (op.type !== "ok" || (op.f !== "poll" && op.f !== "send" && op.f !== "txn")) continue;
    const writes = values(a.writes.get(op)!), reads = values(a.reads.get(op)!);
    const touched = new Set<Key>([...writes.keys(), ...reads.keys(), ...fresh]);
    const seen = new Set(sent.keys());
    for (const [k, vs] of writes) addTo(sent, k, vs);
    for (const [k, vs] of reads) addTo(polled, k, vs);
    const nextFresh = new Set<Key>();
    for (const k of touched) {
      const p = polled.get(k);
      if (!seen.has(k) && !writes.has(k)) {
        // Bifurcan's merge keeps a key that was polled but never sent as it
        // is: all its polled values count as unseen until the next op.
        sent.set(k, new Set(p));
        nextFresh.add(k);
      } else if (p !== undefined) {
        const s = sent.get(k)!;
        for (const v of s) if (p.has(v)) s.delete(v);
      }
    }
    fresh = nextFresh;
    time = op.time;
  }
  if (time === undefined) return undefined;
  const keys = [...sent.keys()].filter((k) => sent.get(k)!.size > 0).sort();
  if (keys.length === 0) return undefined;
  return {
    time,
    unseen: Object.fromEntries(keys.map((k) => [k, sent.get(k)!.size])),
    messages: Object.fromEntries(
      keys.map((k) => [k, [...sent.get(k)!].sort(cmpV).slice(0, 32).map(uncanon)]),
    ),
  };
}

/** One realtime-lag measurement (times in nanoseconds). */
export interface Lag {
  time: number;
  process: Process;
  key: Key;
  lag: number;
}

/**
 * Jepsen's realtime lag: for every ok poll and every key the polling process
 * tracks, how long (at least) the highest offset it has seen had already been
 * superseded when the poll was invoked.
 */
function realtimeLags(a: Analysis): Lag[] {
  // Per key: segments [upTo, time], upTo ascending; offset i expired at the
  // time of the first segment with upTo >= i.
  const expired = new Map<Key, Array<[number, number]>>();
  const maxOffsets = (op: Op) =>
    mergeMax(
      maxPollOffsets(op, a.reads.get(op)!),
      maxSendOffsets(op, a.writes.get(op)!),
    );
  for (const op of a.history) {
    for (const [k, o] of maxOffsets(op)) {
      const segs = expired.get(k) ?? [];
      const top = segs.length === 0 ? -1 : segs[segs.length - 1][0];
      if (o > top) segs.push([o, op.time]);
      expired.set(k, segs);
    }
  }
  const expiredAt = (k: Key, i: number): number => {
    const segs = expired.get(k);
    if (segs === undefined || i < 0) return Infinity;
    let lo = 0, hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (segs[mid][0] >= i) hi = mid;
      else lo = mid + 1;
    }
    return lo < segs.length ? segs[lo][1] : Infinity;
  };
  const lags: Lag[] = [];
  const offsets = new Map<Process, Map<Key, number>>();
  for (const op of a.history) {
    if (op.type !== "ok") continue;
    if (op.f === "assign") {
      const old = offsets.get(op.process) ?? new Map<Key, number>();
      const keys = assignedKeys(op);
      offsets.set(op.process, new Map([...keys].map((k) => [k, old.get(k) ?? -1])));
    } else if (op.f === "subscribe") {
      offsets.set(op.process, new Map());
    } else if (op.f === "poll" || op.f === "txn") {
      const invokeTime = a.invocation.get(op)?.time ?? op.time;
      const next = mergeMax(offsets.get(op.process) ?? new Map(), maxOffsets(op));
      for (const [k, o] of next) {
        const lag = Math.max(0, invokeTime - expiredAt(k, o + 1));
        lags.push({ time: invokeTime, process: op.process, key: k, lag });
      }
      offsets.set(op.process, next);
    }
  }
  return lags;
}

/** Cycles over wr edges (send → polls of its values) and real-time order. */
function cycles(a: Analysis): Record<string, unknown> {
  const ops = a.history.filter((op) => op.f === "poll" || op.f === "send" || op.f === "txn");
  type Edge = { to: Op; rel: "wr" | "realtime"; key?: Key; value?: unknown };
  const out = new Map<Op, Edge[]>();
  const vertices = new Set<Op>();
  const link = (from: Op, e: Edge) => {
    vertices.add(from).add(e.to);
    const l = out.get(from);
    if (l === undefined) out.set(from, [e]);
    else if (!l.some((x) => x.to === e.to && x.rel === e.rel)) l.push(e);
  };
  for (const op of ops) {
    if (op.type === "invoke") continue;
    for (const [k, ps] of a.reads.get(op)!) {
      for (const p of ps) {
        const w = a.writerOf.get(k)?.get(p.v);
        if (w === undefined) {
          throw new Error(`No writer of value ${p.v} for key ${JSON.stringify(k)}`);
        }
        if (w !== op) link(w, { to: op, rel: "wr", key: k, value: uncanon(p.v) });
      }
    }
  }
  // Elle's transitive reduction of real-time precedence.
  const into = new Map<Op, Set<Op>>();
  const oks = new Set<Op>();
  for (const op of ops) {
    if (op.type === "invoke") {
      const c = a.completion.get(op);
      if (c === undefined) continue;
      for (const o of oks) {
        link(o, { to: c, rel: "realtime" });
        let s = into.get(c);
        if (s === undefined) into.set(c, s = new Set());
        s.add(o);
      }
    } else if (op.type === "ok") {
      for (const o of into.get(op) ?? []) oks.delete(o);
      oks.add(op);
    }
  }
  if (vertices.size === 0) return { "empty-transaction-graph": true };

  // Tarjan's strongly connected components, iteratively.
  const index = new Map<Op, number>(), low = new Map<Op, number>();
  const onStack = new Set<Op>(), stack: Op[] = [];
  const sccs: Op[][] = [];
  let counter = 0;
  for (const root of vertices) {
    if (index.has(root)) continue;
    const work: Array<[Op, number]> = [[root, 0]];
    index.set(root, counter), low.set(root, counter++), stack.push(root), onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const edges = out.get(v) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const w = edges[i].to;
        if (!index.has(w)) {
          index.set(w, counter), low.set(w, counter++), stack.push(w), onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      } else {
        work.pop();
        if (work.length > 0) {
          const u = work[work.length - 1][0];
          low.set(u, Math.min(low.get(u)!, low.get(v)!));
        }
        if (low.get(v) === index.get(v)) {
          const scc: Op[] = [];
          let w: Op;
          do {
            w = stack.pop()!;
            onStack.delete(w);
            scc.push(w);
          } while (w !== v);
          if (scc.length > 1) sccs.push(scc);
        }
      }
    }
  }
  if (sccs.length === 0) return {};
  const g1c: unknown[] = [], exists: unknown[] = [];
  for (const scc of sccs) {
    const members = new Set(scc);
    const start = scc.reduce((x, y) => x.index < y.index ? x : y);
    // Breadth-first search for the shortest way back to `start`.
    const prev = new Map<Op, [Op, Edge]>();
    const queue = [start];
    let found: [Op, Edge] | undefined;
    for (let q = 0; q < queue.length && found === undefined; q++) {
      for (const e of out.get(queue[q]) ?? []) {
        if (!members.has(e.to)) continue;
        if (e.to === start) {
          found = [queue[q], e];
          break;
        }
        if (!prev.has(e.to)) {
          prev.set(e.to, [queue[q], e]);
          queue.push(e.to);
        }
      }
    }
    const steps: Edge[] = [];
    const cycle: Op[] = [start];
    let cur: [Op, Edge] | undefined = found;
    while (cur !== undefined) {
      steps.unshift(cur[1]);
      cycle.unshift(cur[0]);
      cur = cur[0] === start ? undefined : prev.get(cur[0]);
    }
    g1c.push({
      type: "G1c-realtime",
      cycle,
      steps: steps.map(({ rel, key, value }) =>
        rel === "wr" ? { type: "wr", key, value } : { type: "realtime" }
      ),
    });
    exists.push({
      type: "strong-PL-2-cycle-exists",
      not: "strong-read-committed",
      subgraph: ["union", "ww", "wr", "realtime"],
      "scc-size": scc.length,
      scc: scc.map((op) => op.index).sort((x, y) => x - y),
    });
  }
  return { "G1c-realtime": g1c, "strong-PL-2-cycle-exists": exists };
}

const sortBy = <T>(xs: T[], f: (x: T) => number): T[] => [...xs].sort((x, y) => f(x) - f(y));

/** Jepsen's `condense-error`: a count and the most telling errors. */
function condense(type: string, errs: unknown): unknown {
  if (type === "unseen") return errs;
  const list = Array.isArray(errs) ? errs as KafkaError[] : undefined;
  const count = list === undefined ? 1 : list.length;
  if (list === undefined) return { count, errs };
  const delta = (e: KafkaError) => e.delta as number;
  let shown: unknown[] = list;
  switch (type) {
    case "duplicate":
      shown = sortBy(list, (e) => e.count as number).slice(0, 32);
      break;
    case "G0":
    case "G0-process":
    case "G0-realtime":
    case "G1c":
    case "G1c-process":
    case "G1c-realtime":
      shown = sortBy(list, (e) => (e.steps as unknown[]).length).slice(0, 8);
      break;
    case "inconsistent-offsets":
      shown = sortBy(list, (e) => (e.values as unknown[]).length).slice(0, 32);
      break;
    case "int-nonmonotonic-poll":
    case "int-nonmonotonic-send":
    case "nonmonotonic-poll":
    case "nonmonotonic-send":
      shown = sortBy(list, delta).slice(0, 8);
      break;
    case "int-poll-skip":
    case "int-send-skip":
    case "poll-skip":
      shown = sortBy(list, delta).slice(-8);
      break;
  }
  return { count, errs: shown };
}

/**
 * The raw (uncondensed) errors of a kafka history, by type.
 * @param history The run's history.
 * @returns Error type → its errors (`unseen`: one map); `{}` when clean.
 * @throws {Error} where Jepsen's checker would throw (see {@link checkKafka}).
 */
export function kafkaErrors(history: readonly Op[]): Record<string, unknown> {
  return errorsOf(analyse(history)).errors;
}

function errorsOf(a: Analysis): { errors: Record<string, unknown>; lags: Lag[] } {
  const errors: Record<string, unknown> = {};
  const add = (type: string, errs: unknown[] | undefined) => {
    if (errs !== undefined && errs.length > 0) errors[type] = errs;
  };
  const intPoll = split(intPollCases(a));
  const intSend = split(intSendCases(a));
  const poll = split(pollCases(a));
  add("duplicate", duplicates(a));
  add("int-poll-skip", intPoll.skip);
  add("int-nonmonotonic-poll", intPoll.nonmonotonic);
  add("int-nonmonotonic-send", intSend.nonmonotonic);
  add("int-send-skip", intSend.skip);
  add("inconsistent-offsets", inconsistentOffsets(a));
  add("G1a", g1a(a));
  add("lost-write", lostWrites(a));
  add("nonmonotonic-poll", poll.nonmonotonic);
  add("nonmonotonic-send", nonmonotonicSends(a));
  add("poll-skip", poll.skip);
  const u = unseen(a);
  if (u !== undefined) errors.unseen = u;
  Object.assign(errors, cycles(a));
  return { errors, lags: realtimeLags(a) };
}

/**
 * Checks a kafka history the way Maelstrom's kafka workload checker does.
 *
 * @param history The run's history (nemesis entries are ignored).
 * @returns `valid?`, `error-types`, `bad-error-types`, `info-txn-causes`,
 *   `worst-realtime-lag` (`{time, lag}` in seconds, plus `process` and `key`
 *   when there was any poll) and, per error type, `{count, errs}`
 *   (`unseen`: `{time, unseen, messages}`); `{"valid?": "unknown", error}`
 *   where Jepsen's checker would throw.
 * @example Two sends, both polled in order
 * ```ts
 * import { checkKafka } from "./kafka.ts";
 * const ops = [
 *   { f: "send", type: "invoke", value: [["send", "1", 1]] },
 *   { f: "send", type: "ok", value: [["send", "1", [0, 1]]] },
 *   { f: "poll", type: "invoke", value: [["poll"]] },
 *   { f: "poll", type: "ok", value: [["poll", { "1": [[0, 1]] }]] },
 * ] as const;
 * const history = ops.map((op, index) => ({ ...op, index, time: index, process: 0 }));
 * console.assert(checkKafka(history)["valid?"] === true);
 * ```
 */
export function checkKafka(history: readonly Op[]): CheckResult {
  let errors: Record<string, unknown>, lags: Lag[];
  const a0 = clientOps(history);
  try {
    ({ errors, lags } = errorsOf(analyse(a0)));
  } catch (e) {
    return { "valid?": "unknown", error: e instanceof Error ? e.message : String(e) };
  }
  const types = Object.keys(errors).sort();
  const bad = types.filter((t) => !ALLOWED_ERROR_TYPES.has(t));
  // Jepsen's `max-by`: the first measurement with the greatest lag.
  let worst: Lag | { time: number; lag: number } = lags[0] ?? { time: 0, lag: 0 };
  for (const l of lags) if (l.lag > worst.lag) worst = l;
  const causes: unknown[] = [];
  const seen = new Set<string>();
  for (const op of a0) {
    if (op.type !== "info" || !["txn", "send", "poll"].includes(op.f)) continue;
    const c = JSON.stringify(op.error ?? null);
    if (!seen.has(c)) seen.add(c), causes.push(op.error ?? null);
  }
  const result: CheckResult = {
    "valid?": bad.length === 0,
    "worst-realtime-lag": { ...worst, time: worst.time / 1e9, lag: worst.lag / 1e9 },
    "bad-error-types": bad,
    "error-types": types,
    "info-txn-causes": causes,
  };
  for (const t of types) result[t] = condense(t, errors[t]);
  return result;
}

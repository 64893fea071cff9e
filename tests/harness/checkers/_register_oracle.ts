/**
 * Test oracles for the CAS-register linearizability checker: a brute-force
 * search that tries every order of the operations, written from the
 * definition alone (no pruning, no shared code), and random small histories
 * to compare it with.
 * @module
 */

import { clientOps, type Op, pairs } from "../history.ts";
import { Random } from "../random.ts";
import { history, type Row } from "./_testing.ts";

interface BruteOp {
  f: string;
  value: unknown;
  inv: number;
  /** Completion index; Infinity for an op that may never have completed (info or missing). */
  ret: number;
  /** Must take effect (ok), or may (info). */
  required: boolean;
}

function apply(state: unknown, op: BruteOp): { ok: boolean; state: unknown } {
  const eq = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  switch (op.f) {
    case "write":
      return { ok: true, state: op.value };
    case "cas": {
      const [from, to] = op.value as [unknown, unknown];
      return eq(state, from) ? { ok: true, state: to } : { ok: false, state };
    }
    case "read":
      return { ok: op.value === null || op.value === undefined || eq(state, op.value), state };
    default:
      throw new TypeError(`Unknown f "${op.f}"`);
  }
}

/**
 * Whether a one-key history is linearizable, by trying every order: an op
 * may come next iff no op that must take effect completed before it was
 * invoked; `:info` ops (and invocations without completion) may be left out;
 * `:fail` ops never happened. Exponential: for histories of up to ~9 ops.
 * @param ops The key's history (values unwrapped, as checkCasRegister takes them).
 * @returns Whether some order explains every ok op.
 */
export function bruteForceLinearizable(ops: readonly Op[]): boolean {
  const all: BruteOp[] = [];
  for (const [inv, done] of pairs(clientOps(ops))) {
    const type = done?.type ?? "info";
    if (type === "fail") continue;
    all.push({
      f: inv.f,
      value: inv.f === "read" ? (type === "ok" ? done!.value : null) : inv.value,
      inv: inv.index,
      ret: type === "ok" ? done!.index : Infinity,
      required: type === "ok",
    });
  }
  const done = new Array<boolean>(all.length).fill(false);
  const search = (state: unknown, left: number): boolean => {
    if (left === 0) return true;
    // The earliest completion among ops that must still take effect.
    let horizon = Infinity;
    for (let i = 0; i < all.length; i++) {
      if (!done[i] && all[i].required) horizon = Math.min(horizon, all[i].ret);
    }
    for (let i = 0; i < all.length; i++) {
      if (done[i] || all[i].inv > horizon) continue;
      const r = apply(state, all[i]);
      if (!r.ok) continue;
      done[i] = true;
      const found = search(r.state, left - (all[i].required ? 1 : 0));
      done[i] = false;
      if (found) return true;
    }
    return false;
  };
  return search(null, all.filter((o) => o.required).length);
}

/** Options of {@linkcode randomRegisterHistory}. */
export interface RandomHistoryOptions {
  /** Operations (default 6). */
  ops?: number;
  /** Values are 0 … values − 1 (default 3). */
  values?: number;
  /** Chance that a write or cas ends `:info` (default 0.3). */
  info?: number;
  /** Chance that an op ends `:fail` (default 0.1). */
  fail?: number;
  /** Chance that a read's result is drawn at random rather than simulated (default 0.3). */
  noise?: number;
}

/**
 * A small random one-key history, often linearizable, often not: ops take
 * effect at a random point of their interval on a simulated register, and
 * some reads and cas outcomes are then replaced by random ones; some ops end
 * `:info` (taking effect or not) or `:fail`, and some never complete.
 * @param seed The seed.
 * @param options Sizes and chances.
 * @returns The history, as checkCasRegister takes it.
 */
export function randomRegisterHistory(seed: number, options: RandomHistoryOptions = {}): Op[] {
  const r = new Random(seed);
  const n = options.ops ?? 6;
  const values = options.values ?? 3;
  const infoP = options.info ?? 0.3, failP = options.fail ?? 0.1, noise = options.noise ?? 0.3;
  type Ev = { t: number; run: () => void };
  const evs: Ev[] = [];
  let state: unknown = null;
  const rows: Array<{ t: number; row: Row }> = [];
  for (let p = 0; p < n; p++) {
    const start = r.uniform(0, 10), end = start + r.uniform(0.1, 6);
    const at = r.uniform(start, end);
    const kind = r.int(0, 3);
    const f = kind === 0 ? "read" : kind === 1 ? "write" : "cas";
    const value = f === "read" ? null : f === "write" ? r.int(0, values) : [
      r.int(0, values),
      r.int(0, values),
    ];
    rows.push({ t: start, row: [start, "invoke", p, f, value] });
    const roll = r.next();
    const info = f !== "read" && roll < infoP;
    const fail = !info && roll < infoP + failP;
    const missing = info && r.next() < 0.2;
    const effect = !fail && (!info || r.next() < 0.5);
    const done: Row = [end, info ? "info" : fail ? "fail" : "ok", p, f, value];
    evs.push({
      t: at,
      run: () => {
        if (!effect) return;
        const out = apply(state, { f, value, inv: 0, ret: 0, required: true });
        if (f === "read") done[4] = r.next() < noise ? r.int(0, values) : state;
        else if (f === "cas" && !out.ok && !info) {
          // A cas whose from did not match fails (error 22), unless noise says it claims success.
          done[1] = r.next() < noise ? "ok" : "fail";
        }
        if (out.ok) state = out.state;
      },
    });
    if (!missing) rows.push({ t: end, row: done });
  }
  evs.sort((a, b) => a.t - b.t);
  for (const e of evs) e.run();
  rows.sort((a, b) => a.t - b.t);
  return history(rows.map((x) => x.row));
}

/**
 * A random one-key history that tests the accounting of `:info` ops: a pool
 * of `:info` writes and cas invoked first, then sequential ok writes and
 * reads of random values, so that whether it is linearizable depends on
 * which `:info` ops can explain which reads, each at most once.
 * @param seed The seed.
 * @param options `infos` in the pool (default 4), sequential `ops` after it (default 5), `values` (default 3).
 * @returns The history, as checkCasRegister takes it.
 */
export function randomInfoPoolHistory(
  seed: number,
  options: { infos?: number; ops?: number; values?: number } = {},
): Op[] {
  const r = new Random(seed);
  const values = options.values ?? 3;
  const rows: Row[] = [];
  let t = 0;
  let p = 0;
  for (let i = 0; i < (options.infos ?? 4); i++) {
    const value = r.next() < 0.4 ? r.int(0, values) : [r.int(0, values), r.int(0, values)];
    const f = Array.isArray(value) ? "cas" : "write";
    rows.push([t++, "invoke", p, f, value], [t++, "info", p++, f, value]);
  }
  for (let i = 0; i < (options.ops ?? 5); i++) {
    if (r.next() < 0.25) {
      const v = r.int(0, values);
      rows.push([t++, "invoke", p, "write", v], [t++, "ok", p, "write", v]);
    } else {
      rows.push([t++, "invoke", p, "read", null], [t++, "ok", p, "read", r.int(0, values)]);
    }
  }
  return history(rows);
}

/** Parameters of {@linkcode simulatedKeyHistory}. */
export interface KeySimulation {
  /** Reader threads. */
  readers: number;
  /** Writer threads (write or cas). */
  writers: number;
  /** Ops to attempt (fewer when `maxInfo` have ended :info). */
  ops: number;
  /** Latency is uniform in [0.1, lat) ms … */
  lat: number;
  /** … except this fraction, uniform in [lat, 1000) ms. */
  tail: number;
  /** Chance that a write or cas times out (:info after 1 s). */
  infoP: number;
  /** A timed-out op takes effect within this many ms of its invocation … */
  late: number;
  /** … with this chance. */
  eff: number;
  /** Values 0 … vals − 1. */
  vals: number;
  /** Chance that a writer writes rather than cas. */
  writeP: number;
  /** Stop after this many :info ops (default 16; Maelstrom's lin-kv moves to a new key after 20 − 2N). */
  maxInfo?: number;
  /** Mean gap between invocations is gap / 2 ms. */
  gap: number;
}

/**
 * A linearizable one-key history from a simulated register: each ok op
 * takes effect at a uniform point of its interval, a cas whose `from` does
 * not match fails (22), timed-out ops take effect late or never. With many
 * writers and long latency tails it is hard for a breadth-first search.
 * @param seed The seed.
 * @param p The simulation's parameters.
 * @returns The history, as checkCasRegister takes it.
 */
export function simulatedKeyHistory(seed: number, p: KeySimulation): Op[] {
  const r = new Random(seed);
  const threads = p.readers + p.writers;
  const free = new Array<number>(threads).fill(0);
  const proc = Array.from({ length: threads }, (_, i) => i);
  type Ev = { t: number; seq: number; run: () => void };
  const evs: Ev[] = [];
  const rows: { t: number; row: Row }[] = [];
  let value: number | null = null;
  let t = 0, infos = 0, seq = 0;
  const apply = (f: string, v: unknown): boolean => {
    if (f === "write") value = v as number;
    else if (f === "cas" && value === (v as number[])[0]) value = (v as number[])[1];
    else return f === "read";
    return true;
  };
  for (let i = 0; i < p.ops && infos < (p.maxInfo ?? 16); i++) {
    t += r.uniform(0, p.gap);
    const th = r.int(0, threads);
    const start = Math.max(t, free[th]);
    const f = th < p.readers ? "read" : r.next() < p.writeP ? "write" : "cas";
    const v: unknown = f === "read"
      ? null
      : f === "write"
      ? r.int(0, p.vals)
      : [r.int(0, p.vals), r.int(0, p.vals)];
    const lat = r.next() < p.tail ? r.uniform(p.lat, 1000) : r.uniform(0.1, p.lat);
    const pr = proc[th];
    rows.push({ t: start, row: [start, "invoke", pr, f, v] });
    if (f !== "read" && r.next() < p.infoP) {
      infos++;
      proc[th] += threads;
      rows.push({ t: start + 1000, row: [start + 1000, "info", pr, f, v] });
      free[th] = start + 1000.01;
      if (r.next() < p.eff) {
        evs.push({ t: start + r.uniform(0, p.late), seq: seq++, run: () => void apply(f, v) });
      }
      continue;
    }
    const end = start + lat;
    free[th] = end + 0.01;
    const rec: Row = [end, "ok", pr, f, v];
    rows.push({ t: end, row: rec });
    evs.push({
      t: r.uniform(start, end),
      seq: seq++,
      run: () => {
        if (f === "read") rec[4] = value;
        else if (!apply(f, v)) {
          rec[1] = "fail";
          rec[5] = { code: 22 };
        }
      },
    });
  }
  evs.sort((a, b) => a.t - b.t || a.seq - b.seq);
  for (const e of evs) e.run();
  rows.sort((a, b) => a.t - b.t);
  return history(rows.map((x) => x.row));
}

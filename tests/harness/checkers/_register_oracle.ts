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

/**
 * Availability figures of a run: how much of what the clients asked was
 * answered, where, how soon, and (from Raft role changes) how the leader
 * came and went. Answered = ok, or a definite error that is an answer
 * (20 key-does-not-exist, 22 precondition-failed): the op was executed and
 * its outcome is known.
 * @module
 */

import { type Op, pairs } from "../history.ts";
import { type PartitionPeriod, partitionPeriods } from "./partitions.ts";
import type { RoleEvent } from "./roles.ts";

/** Error codes that are answers (the op ran; its result is the error). */
const ANSWER_CODES = new Set([20, 22]);
/** Maelstrom's error names, for histories that carry the name but not the code. */
const CODES: Record<string, number> = {
  "temporarily-unavailable": 11,
  "crash": 13,
  "key-does-not-exist": 20,
  "precondition-failed": 22,
  "txn-conflict": 30,
};

/** The error code of a completion, if it was an error reply. */
export function errorCode(op: Op | undefined): number | undefined {
  if (op === undefined) return undefined;
  if (typeof op.code === "number") return op.code;
  const name = Array.isArray(op.error) ? op.error[0] : undefined;
  return typeof name === "string" ? CODES[name] : undefined;
}

/** Whether a completion answered its op (ok, or error 20 or 22). */
export function answered(op: Op | undefined): boolean {
  if (op === undefined) return false;
  if (op.type === "ok") return true;
  const code = errorCode(op);
  return op.type === "fail" && code !== undefined && ANSWER_CODES.has(code);
}

/** Latency quantiles in ms (null when there are no samples). */
export interface Quantiles {
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** Role-change figures (from node logs). */
export interface RoleFigures {
  /** ms from the origin to the first `leader` event. */
  firstLeaderMs: number | null;
  /** `leader` events in the run. */
  elections: number;
  /** Partitions with a majority side whose leader was cut off from it. */
  lostLeaders: number;
  /** ms from such a partition's start to a new leader on the majority side, worst case. */
  worstReplaceMs: number | null;
  /** Lost leaders not replaced before the partition healed. */
  unreplaced: number;
  /** Heals of partitions whose leader kept the majority side. */
  heals: number;
  /** Leader changes (higher-term `leader` events) after such heals, before the next partition. */
  healChanges: number;
}

/** The figures of {@linkcode availabilityFigures}. */
export interface AvailabilityFigures {
  /** Client ops invoked. */
  ops: number;
  /** Fraction of them answered. */
  answered: number;
  /** ms from the origin to the completion of the first answered op. */
  firstAnsweredMs: number | null;
  /** Latency of the answered ops. */
  latency: Quantiles;
  /** Writes and cas (txns for txn workloads) that ended `:info` or never completed. */
  info: { updates: number; count: number; share: number };
  /** Ops sent to the majority side of a partition. */
  majority: { ops: number; answered: number; worst: number | null; partitions: number };
  /** Ops sent during partitions without a majority side (majorities rings). */
  noMajority: { ops: number; answered: number };
  /** Ops sent to nodes cut off from the majority side. */
  minority: {
    ops: number;
    /** Answered with 11 (temporarily unavailable), a fraction of `ops`. */
    refused: number;
    /** Answered with 11 within 100 ms, a fraction of `ops`. */
    refusedFast: number;
    /** Latency of the 11 answers. */
    latency: Quantiles;
  };
  roles?: RoleFigures;
}

/** Options of {@linkcode availabilityFigures}. */
export interface AvailabilityOptions {
  /** Every node, in order (thread t talks to `nodes[t mod N]`). */
  nodes: readonly string[];
  /** Client threads (process p is thread `p mod concurrency`). */
  concurrency: number;
  /** Role changes from the node logs, on the history's clock. */
  roles?: readonly RoleEvent[];
  /** The ops that update state (default: everything but `read`). */
  updates?: (f: string) => boolean;
}

function quantiles(ms: number[]): Quantiles {
  if (ms.length === 0) return { p50: null, p99: null, max: null };
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(s.length * p))];
  return { p50: q(0.5), p99: q(0.99), max: s[s.length - 1] };
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/**
 * Computes the availability figures of a run from its history (and, for
 * the leader figures, the role changes its nodes logged).
 * @param history The run's history, nemesis ops included.
 * @param options Nodes, concurrency and role changes.
 * @returns The figures; `roles` only when role changes were given.
 * @example One answered read, one refused
 * ```ts
 * import { availabilityFigures } from "./figures.ts";
 * import assert from "node:assert/strict";
 * const op = (index: number, time: number, type: "invoke" | "ok" | "fail", process: number, code?: number) =>
 *   ({ index, time, type, process, f: "read", value: null, code });
 * const f = availabilityFigures([
 *   op(0, 0, "invoke", 0), op(1, 2e6, "ok", 0), op(2, 3e6, "invoke", 1), op(3, 4e6, "fail", 1, 11),
 * ], { nodes: ["n0", "n1"], concurrency: 2 });
 * assert.equal(f.answered, 0.5);
 * assert.equal(f.firstAnsweredMs, 2);
 * ```
 */
export function availabilityFigures(
  history: readonly Op[],
  options: AvailabilityOptions,
): AvailabilityFigures {
  const { nodes, concurrency } = options;
  const updates = options.updates ?? ((f: string) => f !== "read");
  const periods = partitionPeriods(history, nodes);
  const nodeOf = (p: number) => nodes[(p % concurrency) % nodes.length];
  const periodAt = (t: number) => periods.find((p) => p.start <= t && t < p.end);
  let ops = 0, ok = 0, first: number | null = null, upd = 0, info = 0;
  const latencies: number[] = [];
  const maj = new Map<PartitionPeriod, [number, number]>();
  const noMaj = { ops: 0, answered: 0 };
  const mino = { ops: 0, refused: 0, fast: 0, ms: [] as number[] };
  for (const [inv, done] of pairs(history)) {
    if (inv.process === "nemesis" || typeof inv.process !== "number") continue;
    ops++;
    const yes = answered(done);
    if (yes) {
      ok++;
      if (first === null || done!.time < first) first = done!.time;
      latencies.push((done!.time - inv.time) / 1e6);
    }
    if (updates(inv.f)) {
      upd++;
      if (done === undefined || done.type === "info") info++;
    }
    const period = periodAt(inv.time);
    if (period === undefined) continue;
    const node = nodeOf(inv.process);
    if (period.majority.length === 0) {
      noMaj.ops++;
      if (yes) noMaj.answered++;
    } else if (period.majority.includes(node)) {
      const c = maj.get(period) ?? [0, 0];
      c[0]++;
      if (yes) c[1]++;
      maj.set(period, c);
    } else {
      mino.ops++;
      if (done?.type === "fail" && errorCode(done) === 11) {
        const ms = (done.time - inv.time) / 1e6;
        mino.refused++;
        if (ms <= 100) mino.fast++;
        mino.ms.push(ms);
      }
    }
  }
  const counts = [...maj.values()];
  const majOps = counts.reduce((s, c) => s + c[0], 0);
  const majOk = counts.reduce((s, c) => s + c[1], 0);
  const out: AvailabilityFigures = {
    ops,
    answered: ratio(ok, ops),
    firstAnsweredMs: first === null ? null : first / 1e6,
    latency: quantiles(latencies),
    info: { updates: upd, count: info, share: upd === 0 ? 0 : info / upd },
    majority: {
      ops: majOps,
      answered: ratio(majOk, majOps),
      worst: counts.length === 0 ? null : Math.min(...counts.map(([n, a]) => a / n)),
      partitions: counts.length,
    },
    noMajority: { ops: noMaj.ops, answered: ratio(noMaj.answered, noMaj.ops) },
    minority: {
      ops: mino.ops,
      refused: ratio(mino.refused, mino.ops),
      refusedFast: ratio(mino.fast, mino.ops),
      latency: quantiles(mino.ms),
    },
  };
  if (options.roles !== undefined) out.roles = roleFigures(options.roles, periods);
  return out;
}

/** The leader at time `t`: among nodes whose last role is leader, the one of the highest term. */
function leaderAt(
  events: readonly RoleEvent[],
  t: number,
): { node: string; term: number } | undefined {
  const last = new Map<string, RoleEvent>();
  for (const e of events) {
    if (e.time > t) break;
    last.set(e.node, e);
  }
  let best: { node: string; term: number } | undefined;
  for (const e of last.values()) {
    if (e.event === "leader" && (best === undefined || e.term > best.term)) {
      best = { node: e.node, term: e.term };
    }
  }
  return best;
}

/**
 * Leader figures from role changes and the partitions.
 * @param roles Role changes, by time.
 * @param periods The run's partitions.
 * @returns The figures.
 */
export function roleFigures(
  roles: readonly RoleEvent[],
  periods: readonly PartitionPeriod[],
): RoleFigures {
  const events = [...roles].sort((a, b) => a.time - b.time);
  const leaders = events.filter((e) => e.event === "leader");
  const out: RoleFigures = {
    firstLeaderMs: leaders.length === 0 ? null : leaders[0].time / 1e6,
    elections: leaders.length,
    lostLeaders: 0,
    worstReplaceMs: null,
    unreplaced: 0,
    heals: 0,
    healChanges: 0,
  };
  periods.forEach((p, i) => {
    if (p.majority.length === 0) return;
    const before = leaderAt(events, p.start);
    if (before !== undefined && !p.majority.includes(before.node)) {
      out.lostLeaders++;
      const next = leaders.find((e) =>
        e.time >= p.start && e.time < p.end && e.term > before.term && p.majority.includes(e.node)
      );
      if (next === undefined) out.unreplaced++;
      else {
        const ms = (next.time - p.start) / 1e6;
        out.worstReplaceMs = Math.max(out.worstReplaceMs ?? 0, ms);
      }
    }
    if (p.end === Infinity) return;
    const atHeal = leaderAt(events, p.end);
    if (atHeal === undefined || !p.majority.includes(atHeal.node)) return;
    out.heals++;
    const until = periods[i + 1]?.start ?? Infinity;
    out.healChanges += leaders.filter((e) =>
      e.time > p.end && e.time < until && e.term > atHeal.term
    ).length;
  });
  return out;
}

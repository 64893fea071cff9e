/**
 * The data behind the report's charts, computed from a history.
 * @module
 */

import type { Op } from "../history.ts";
import { quantile } from "../checkers/_util.ts";
import { type TimedOp, timedOps } from "../checkers/latency.ts";

/** A period during which the network was partitioned, in nanoseconds. */
export interface NemesisPeriod {
  /** When the partition was installed. */
  start: number;
  /** When it was healed (absent: still in place at the end). */
  stop?: number;
  /** What it was, e.g. the spec `"majority"`. */
  label?: string;
}

/** Partition periods read from the history's nemesis entries. */
export function nemesisPeriods(history: readonly Op[]): NemesisPeriod[] {
  const out: NemesisPeriod[] = [];
  let open: NemesisPeriod | undefined;
  for (const op of history) {
    if (op.process !== "nemesis") continue;
    if (op.f === "start-partition") {
      if (open === undefined) {
        open = { start: op.time };
        out.push(open);
      }
      if (typeof op.value === "string") open.label = op.value;
    } else if (op.f === "stop-partition" && open !== undefined) {
      open.stop = op.time;
      open = undefined;
    }
  }
  return out;
}

/** Chart series as the page script expects them (times in seconds, latencies in ms). */
export interface ChartData {
  /** Seconds of the last history entry (the x range's end). */
  end: number;
  nemesis: Array<{ start: number; stop: number; label: string }>;
  /** Raw latencies: x = invocation time; one array per completion type (null elsewhere). */
  latency: {
    t: number[];
    f: string[];
    ok: Array<number | null>;
    info: Array<number | null>;
    fail: Array<number | null>;
  };
  /** Latency quantiles of ok ops per bucket and `:f`. */
  quantiles: {
    t: number[];
    bucket: number;
    series: Array<{ f: string; q: string; values: Array<number | null> }>;
  };
  /** Completions per second per bucket, `:f` and type. */
  rate: {
    t: number[];
    bucket: number;
    series: Array<{ f: string; type: string; values: number[] }>;
  };
}

const NS = 1e9;
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** A "nice" bucket width (1, 2 or 5 × 10^k seconds) giving about `n` buckets over `span`. */
export function niceBucket(span: number, n = 100): number {
  const raw = Math.max(span / n, 0.01);
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}

/**
 * Computes the chart data of a history.
 *
 * @param history The run's history.
 * @param nemesis Partition periods (default: read from the history).
 * @returns Series for the latency, latency-quantile and rate charts.
 */
export function chartData(history: readonly Op[], nemesis?: readonly NemesisPeriod[]): ChartData {
  const timed: TimedOp[] = timedOps(history).sort((a, b) => a.invoke.time - b.invoke.time);
  const last = history.reduce((m, op) => Math.max(m, op.time), 0);
  const end = last / NS;
  const periods = (nemesis ?? nemesisPeriods(history)).map((p) => ({
    start: r4(p.start / NS),
    stop: r4((p.stop ?? last) / NS),
    label: p.label ?? "partition",
  }));

  const latency: ChartData["latency"] = { t: [], f: [], ok: [], info: [], fail: [] };
  for (const { invoke, complete, latency: ns } of timed) {
    latency.t.push(r4(invoke.time / NS));
    latency.f.push(invoke.f);
    const ms = Math.max(0.001, Math.round(ns / 1e4) / 100);
    for (const type of ["ok", "info", "fail"] as const) {
      latency[type].push(complete.type === type ? ms : null);
    }
  }

  const fs = [...new Set(timed.map((o) => o.invoke.f))].sort();
  const bucket = niceBucket(end, 60);
  const buckets = Math.max(1, Math.ceil(end / bucket) + 1);
  const bt = Array.from({ length: buckets }, (_, i) => r4(i * bucket));

  // Rate: completions per second by completion time.
  const rate: ChartData["rate"] = { t: bt, bucket, series: [] };
  const counts = new Map<string, number[]>();
  for (const o of timed) {
    const key = `${o.invoke.f}\u0000${o.complete.type}`;
    let c = counts.get(key);
    if (c === undefined) counts.set(key, c = new Array<number>(buckets).fill(0));
    c[Math.min(buckets - 1, Math.max(0, Math.floor(o.complete.time / NS / bucket)))]++;
  }
  for (const f of fs) {
    for (const type of ["ok", "info", "fail"]) {
      const c = counts.get(`${f}\u0000${type}`);
      if (c) rate.series.push({ f, type, values: c.map((n) => r4(n / bucket)) });
    }
  }

  // Quantiles of ok latencies by invocation bucket (Jepsen uses 30 s buckets; we scale).
  const qBucket = niceBucket(end, 30);
  const qCount = Math.max(1, Math.ceil(end / qBucket) + 1);
  const quantiles: ChartData["quantiles"] = {
    t: Array.from({ length: qCount }, (_, i) => r4((i + 0.5) * qBucket)),
    bucket: qBucket,
    series: [],
  };
  for (const f of fs) {
    const groups: number[][] = Array.from({ length: qCount }, () => []);
    for (const o of timed) {
      if (o.invoke.f !== f || o.complete.type !== "ok") continue;
      groups[Math.min(qCount - 1, Math.max(0, Math.floor(o.invoke.time / NS / qBucket)))].push(
        o.latency / 1e6,
      );
    }
    if (groups.every((g) => g.length === 0)) continue;
    const sorted = groups.map((g) => Float64Array.from(g).sort());
    for (const [q, p] of [["0.5", 0.5], ["0.95", 0.95], ["0.99", 0.99], ["1", 1]] as const) {
      quantiles.series.push({
        f,
        q,
        values: sorted.map((s) =>
          s.length === 0 ? null : Math.max(0.001, Math.round(quantile(s, p) * 100) / 100)
        ),
      });
    }
  }
  return { end: r4(end), nemesis: periods, latency, quantiles, rate };
}

/**
 * Operation latency quantiles per `:f`, and Maelstrom's `:perf` result.
 * @module
 */

import { type CheckResult, type Op, pairs } from "../history.ts";
import { quantile } from "./_util.ts";

/** Latency quantiles of ok operations, in milliseconds. */
export interface LatencySummary {
  /** Number of ok operations. */
  count: number;
  /** Median. */
  p50: number;
  /** 95th percentile. */
  p95: number;
  /** 99th percentile. */
  p99: number;
  /** Maximum. */
  max: number;
}

/** One completed client operation: its invocation, completion and latency. */
export interface TimedOp {
  /** The invocation. */
  invoke: Op;
  /** Its completion. */
  complete: Op;
  /** Completion time − invocation time, nanoseconds. */
  latency: number;
}

/** Pairs client invocations with their completions (unmatched ones dropped). */
export function timedOps(history: readonly Op[]): TimedOp[] {
  const out: TimedOp[] = [];
  for (const [invoke, complete] of pairs(history)) {
    if (complete === undefined || invoke.process === "nemesis") continue;
    out.push({ invoke, complete, latency: complete.time - invoke.time });
  }
  return out;
}

const round3 = (ms: number) => Math.round(ms * 1000) / 1000;

function summarize(latenciesNs: number[]): LatencySummary {
  const sorted = Float64Array.from(latenciesNs).sort();
  const q = (p: number) => round3(quantile(sorted, p) / 1e6);
  return { count: sorted.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: q(1) };
}

/**
 * Latency quantiles of ok client operations (completion − invocation time),
 * per `:f` and over all, with Jepsen's index rule `min(n − 1, floor(n · q))`,
 * in milliseconds rounded to the microsecond. Not a Maelstrom result (it
 * only plots latency); the bench reports it under `"latency"`. Always valid.
 *
 * @param history The run's history.
 * @returns `{valid?: true, all?, by-f: {f: {count, p50, p95, p99, max}}}`
 * (`all` only when some op succeeded; `by-f` sorted by `:f`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { latency } from "./latency.ts";
 * const r = latency([
 *   { index: 0, time: 0, type: "invoke", process: 0, f: "echo", value: "a" },
 *   { index: 1, time: 2_500_000, type: "ok", process: 0, f: "echo", value: {} },
 * ]);
 * assert.deepEqual(r["by-f"], { echo: { count: 1, p50: 2.5, p95: 2.5, p99: 2.5, max: 2.5 } });
 * ```
 */
export function latency(history: readonly Op[]): CheckResult {
  const byF = new Map<string, number[]>();
  const all: number[] = [];
  for (const { invoke, complete, latency } of timedOps(history)) {
    if (complete.type !== "ok") continue;
    all.push(latency);
    const list = byF.get(invoke.f);
    if (list) list.push(latency);
    else byF.set(invoke.f, [latency]);
  }
  const out: CheckResult = { "valid?": true };
  if (all.length > 0) out.all = summarize(all);
  const perF: Record<string, LatencySummary> = {};
  for (const f of [...byF.keys()].sort()) perF[f] = summarize(byF.get(f)!);
  out["by-f"] = perF;
  return out;
}

/**
 * Maelstrom's `:perf` result when its graphs were drawn (the bench draws them
 * in `report.html`): `{latency-graph: {valid? true}, rate-graph: {valid? true},
 * valid? true}`.
 *
 * @returns The constant perf result.
 */
export function perf(): CheckResult {
  return { "latency-graph": { "valid?": true }, "rate-graph": { "valid?": true }, "valid?": true };
}

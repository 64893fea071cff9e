/**
 * Jepsen's `stats` checker wrapped as Maelstrom wraps it (with Kafka's
 * `stats-checker`), for every workload.
 * @module
 */

import { type CheckResult, clientOps, mergeValid, type Op } from "../history.ts";

/** Counts of completions of one kind of operation. */
export interface OpCounts {
  /** Whether some completion was ok. */
  "valid?": boolean;
  /** Completions. */
  count: number;
  /** Ok completions. */
  "ok-count": number;
  /** Failed completions. */
  "fail-count": number;
  /** Indefinite completions. */
  "info-count": number;
}

/** `:f`s whose lack of an ok completion does not fail the stats. */
const EXEMPT = new Set(["crash", "debug-topic-partitions"]);

function counts(ops: readonly Op[]): OpCounts {
  let ok = 0, fail = 0, info = 0;
  for (const op of ops) {
    if (op.type === "ok") ok++;
    else if (op.type === "fail") fail++;
    else if (op.type === "info") info++;
  }
  return {
    "valid?": ok > 0,
    count: ok + fail + info,
    "ok-count": ok,
    "fail-count": fail,
    "info-count": info,
  };
}

/**
 * Counts client completions (invocations and nemesis ops excluded) overall
 * and per `:f`. Each `by-f` entry is valid iff it has an ok completion; the
 * result is valid iff every `:f` other than `crash` and
 * `debug-topic-partitions` is (Kafka's wrapper, which Maelstrom applies to
 * every workload), so e.g. a broadcast run whose reads all failed is invalid.
 *
 * @param history The run's history.
 * @returns `{valid?, count, ok-count, fail-count, info-count, by-f}` with
 * `by-f` keyed by `:f` in sorted order.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stats } from "./stats.ts";
 * const r = stats([
 *   { index: 0, time: 0, type: "invoke", process: 0, f: "echo", value: "x" },
 *   { index: 1, time: 1, type: "fail", process: 0, f: "echo", value: "x" },
 * ]);
 * assert.equal(r["valid?"], false);
 * ```
 */
export function stats(history: readonly Op[]): CheckResult {
  const completions = clientOps(history).filter((op) => op.type !== "invoke");
  const groups = new Map<string, Op[]>();
  for (const op of completions) {
    const group = groups.get(op.f);
    if (group) group.push(op);
    else groups.set(op.f, [op]);
  }
  const byF: Record<string, OpCounts> = {};
  for (const f of [...groups.keys()].sort()) byF[f] = counts(groups.get(f)!);
  const { "valid?": _, ...all } = counts(completions);
  const relevant = Object.entries(byF).filter(([f]) => !EXEMPT.has(f));
  const valid = relevant.every(([, c]) => c["valid?"])
    ? true
    : mergeValid(Object.values(byF).map((c) => c["valid?"]));
  return { "valid?": valid, ...all, "by-f": byF };
}

/**
 * The short summary printed at the end of a bench run.
 * @module
 */

import type { CheckResult, Validity } from "../history.ts";
import type { TestOptions } from "../options.ts";

/** Jepsen's closing verdict lines (`jepsen.cli`), byte for byte. */
export const VERDICTS: Readonly<Record<"true" | "false" | "unknown", string>> = {
  true: "Everything looks good! ヽ(‘ー`)ノ",
  false: "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻",
  unknown: "Errors occurred during analysis, but no anomalies found. ಠ~ಠ",
};

/**
 * The verdict line for a `valid?` value.
 *
 * @param valid The top-level `valid?`.
 * @returns Jepsen's line for it.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verdictLine } from "./summary.ts";
 * assert.equal(verdictLine(false), "Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻");
 * ```
 */
export function verdictLine(valid: Validity): string {
  return VERDICTS[String(valid) as keyof typeof VERDICTS] ?? VERDICTS.unknown;
}

/** What {@linkcode summary} reads from the test: any of the run's options. */
export type SummaryTest = Partial<TestOptions>;

/** Options of {@linkcode summary}. */
export interface SummaryOptions {
  /** Start with the verdict line (default true); false when the caller prints it last. */
  verdict?: boolean;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v as Rec : undefined;
const num = (v: unknown): string =>
  typeof v === "number" ? String(Math.round(v * 1000) / 1000) : "–";

/**
 * Formats the end-of-run summary: the verdict line (Jepsen's exact text),
 * then one row each for the run, the op counts, messages per op, latency
 * (set-full's stable latency 0.5/1 for broadcast and g-set, else per-`:f`
 * p50/p99 of ok ops), availability, and the checkers that were not valid.
 *
 * @param results The composed results (`stats`, `net`, `availability`,
 * `workload`, `latency`, …).
 * @param test The run's options (workload, nodes, time limit, rate, …).
 * @param options Whether to include the verdict line.
 * @returns Lines joined by `\n`, without a trailing newline.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { summary } from "./summary.ts";
 * const text = summary({ "valid?": true, stats: { "valid?": true, count: 2, "ok-count": 2, "fail-count": 0, "info-count": 0 } });
 * assert.match(text, /^Everything looks good!/);
 * assert.match(text, /ops\s+2 {2}ok 2 {2}fail 0 {2}info 0/);
 * ```
 */
export function summary(
  results: CheckResult,
  test: SummaryTest = {},
  options: SummaryOptions = {},
): string {
  const rows: Array<[string, string]> = [];
  const run: string[] = [];
  if (test.workload) run.push(test.workload);
  if (test.nodes?.length) {
    run.push(`${test.nodes.length} node${test.nodes.length === 1 ? "" : "s"}`);
  }
  if (test.timeLimit !== undefined) run.push(`${test.timeLimit} s`);
  if (test.rate !== undefined) run.push(`rate ${test.rate}/s`);
  if (test.concurrency !== undefined) run.push(`concurrency ${test.concurrency}`);
  if (test.latency) run.push(`latency ${test.latency} ms ${test.latencyDist ?? ""}`.trim());
  if (test.nemesis?.length) run.push(`nemesis ${test.nemesis.join(",")}`);
  if (run.length) rows.push(["run", run.join("  ")]);

  const stats = rec(results.stats);
  if (stats) {
    rows.push([
      "ops",
      `${stats.count}  ok ${stats["ok-count"]}  fail ${stats["fail-count"]}  info ${
        stats["info-count"]
      }`,
    ]);
  }
  const net = rec(results.net);
  if (net) {
    const servers = rec(net.servers), all = rec(net.all);
    rows.push(
      servers?.["msgs-per-op"] !== undefined
        ? ["msgs/op", `servers ${num(servers["msgs-per-op"])}  all ${num(all?.["msgs-per-op"])}`]
        : ["msgs", `servers ${servers?.["msg-count"] ?? 0}  all ${all?.["msg-count"] ?? 0}`],
    );
  }
  const workload = rec(results.workload);
  const stable = rec(workload?.["stable-latencies"]);
  const byF = rec(rec(results.latency)?.["by-f"]);
  if (stable) {
    rows.push(["stable latency", `p50 ${stable["0.5"]} ms  max ${stable["1"]} ms`]);
    const lost = workload?.["lost-count"];
    if (typeof lost === "number") {
      rows.push([
        "elements",
        `stable ${workload?.["stable-count"]}  stale ${
          workload?.["stale-count"]
        }  lost ${lost}  never-read ${workload?.["never-read-count"]}`,
      ]);
    }
  } else if (byF && Object.keys(byF).length) {
    const width = Math.max(...Object.keys(byF).map((f) => f.length));
    Object.entries(byF).forEach(([f, q], i) => {
      const s = rec(q) ?? {};
      rows.push([
        i === 0 ? "latency (ms)" : "",
        `${f.padEnd(width)}  p50 ${num(s.p50)}  p99 ${num(s.p99)}  max ${num(s.max)}`,
      ]);
    });
  }
  const avail = rec(results.availability);
  if (avail) {
    const goal = test.availability === undefined ? "" : `  goal ${test.availability}`;
    rows.push(["availability", `${num(avail["ok-fraction"])}${goal}${flag(avail["valid?"])}`]);
  }
  const bad = Object.entries(results)
    .filter(([k, v]) => k !== "valid?" && rec(v) && rec(v)!["valid?"] !== true)
    .map(([k, v]) => `${k} (${rec(v)!["valid?"] === false ? "invalid" : "unknown"})`);
  if (bad.length) rows.push(["not valid", bad.join("  ")]);

  const pad = Math.max(0, ...rows.map(([k]) => k.length)) + 2;
  const lines = rows.map(([k, v]) => k.padEnd(pad) + v);
  if (options.verdict ?? true) lines.unshift(verdictLine(results["valid?"]));
  return lines.join("\n");
}

function flag(valid: unknown): string {
  return valid === true ? "" : valid === false ? "  (invalid)" : "  (unknown)";
}

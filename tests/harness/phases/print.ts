/**
 * What a test prints when it ends: a crash and its nodes' last stderr
 * lines, or the nodes whose stdout was cut off, the short summary table,
 * the bench's figures and Jepsen's verdict line; then every
 * {@link AFTER_VERDICT} section (the plain-words account of what went
 * wrong goes there).
 * @module
 */

import { join } from "node:path";
import { explain, formatAccount } from "../explain/mod.ts";
import type { CheckResult, Op } from "../history.ts";
import { summary, verdictLine } from "../report/summary.ts";
import type { StoredRun } from "./store.ts";

/** A run as printed: the stored run and its directory. */
export interface PrintedRun extends StoredRun {
  /** The run's store directory. */
  dir: string;
}

/**
 * Sections printed after the verdict line, in order; each returns its text,
 * or nothing to print nothing.
 */
export const AFTER_VERDICT: ReadonlyArray<(run: PrintedRun) => string | undefined> = [
  (run) => formatAccount(explain(run)),
  (run) => `Report: ${join(run.dir, "report.html")}`,
];

type Rec = Record<string, unknown>;

/**
 * The row naming the most frequent exception of the ops that ended in one
 * (a malformed reply, say), with one example: the cause a node's author
 * needs, which the op counts alone hide.
 * @param results The composed results.
 * @returns `exceptions    12 × "Malformed RPC response: …" (e.g. op 7, process 0, echo)`, or
 * undefined when no op ended in an exception.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exceptionLine } from "./print.ts";
 * const example = { index: 7, time: 0, type: "info", process: 0, f: "echo", value: null, exception: "Malformed RPC response: x" };
 * const line = exceptionLine({ "valid?": true, exceptions: { "valid?": true, exceptions: [{ count: 2, class: "Error", example }] } });
 * assert.match(line!, /2 × Malformed RPC response: x/);
 * ```
 */
export function exceptionLine(results: CheckResult): string | undefined {
  const groups = (results.exceptions as Rec | undefined)?.exceptions;
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  const top = groups[0] as { count: number; example: Op };
  const text = String(top.example.exception ?? top.example.error ?? "");
  const shown = text.length > 400 ? text.slice(0, 399) + "…" : text;
  const others = groups.length > 1 ? ` (and ${groups.length - 1} other kind(s))` : "";
  return `exceptions    ${top.count} × ${shown}\n              e.g. op ${top.example.index}, ` +
    `process ${top.example.process}, ${top.example.f}${others}`;
}

/**
 * Prints the end of a crashed test to stderr: each crashed node with its
 * last stderr lines, then the reason.
 * @param run The run (its `error` set).
 */
export function printCrash(run: PrintedRun): void {
  if (run.bench.interrupted) {
    // The nodes died of the same Ctrl-C: nothing to say about them.
    console.error(`Test interrupted: ${run.error}\nstore ${run.dir}`);
    return;
  }
  for (const c of run.crashes) {
    console.error(
      `Node ${c.node} crashed with exit status ${c.code}${
        c.signal ? ` (signal ${c.signal})` : ""
      }. Last stderr lines:\n${c.stderr.map((l) => `  ${l}`).join("\n")}`,
    );
  }
  console.error(`Test crashed: ${run.error}`);
}

/**
 * Prints the end of an analyzed test to stdout.
 * @param run The run (its `results` set).
 */
export function printOutcome(run: PrintedRun): void {
  const results = run.results!;
  if (run.outputErrors.length > 0) {
    console.log(`\nNodes whose stdout was cut off by a bad line (read no further, as Maelstrom):`);
    for (const e of run.outputErrors) console.log(`  ${e.node}: ${e.error}`);
  }
  console.log(summary(results, run.test, { verdict: false }));
  const exception = exceptionLine(results);
  if (exception !== undefined) console.log(exception);
  const { bench } = run;
  const d = bench.delivery.lateness;
  console.log(
    `bench: seed ${bench.seed}, ${bench.ops} ops, ${bench.messages} messages, ` +
      `delivery lateness p50 ${d.p50.toFixed(2)} / p99 ${d.p99.toFixed(2)} / max ${
        d.max.toFixed(2)
      } ms, cpu ${(bench.cpu.share * 100).toFixed(0)}% of a core, store ${run.dir}`,
  );
  console.log(verdictLine(results["valid?"]));
  for (const section of AFTER_VERDICT) {
    const text = section(run);
    if (text !== undefined && text !== "") console.log(text);
  }
}

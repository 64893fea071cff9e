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

/**
 * Prints the end of a crashed test to stderr: each crashed node with its
 * last stderr lines, then the reason.
 * @param run The run (its `error` set).
 */
export function printCrash(run: PrintedRun): void {
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

/**
 * The analyze phase of a test, as Jepsen's `analyze!`: Maelstrom's composed
 * checker (`perf`, `timeline`, `exceptions`, `stats`, `availability`, `net`,
 * `workload`, and the bench's `latency`) over the history and the network
 * journal. A function of its input alone, so that `analyze` gives a stored
 * run the verdict its test gave.
 * @module
 */

import { availability } from "../checkers/availability.ts";
import { composeAsync } from "../checkers/compose.ts";
import { exceptions } from "../checkers/exceptions.ts";
import { latency, perf } from "../checkers/latency.ts";
import { net as netChecker } from "../checkers/net.ts";
import { stats } from "../checkers/stats.ts";
import { UsageError } from "../errors.ts";
import type { JournalEvent, Op, Validity } from "../history.ts";
import type { TestOptions } from "../options.ts";
import { Random } from "../random.ts";
import type { Workload } from "../workload.ts";
import { loadWorkload } from "../workloads/mod.ts";
import type { Analysis } from "./types.ts";

/** What analysis reads. */
export interface AnalysisInput {
  /** The test's options (workload, nodes, availability, consistency models, …). */
  test: TestOptions;
  history: readonly Op[];
  journal: readonly JournalEvent[];
  /** The workload the test ran; default: made anew from `test`. */
  workload?: Workload;
}

/**
 * The exit status of a verdict, as Jepsen's: 0 valid, 1 invalid, 2 unknown.
 * @param valid The top-level `valid?`.
 * @returns The exit status.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exitCodeOf } from "./analyze.ts";
 * assert.equal(exitCodeOf("unknown"), 2);
 * ```
 */
export function exitCodeOf(valid: Validity): number {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

/**
 * Checks a recorded test.
 * @param input The test's options, history and journal.
 * @returns The composed results and the verdict.
 * @throws {UsageError} for an unknown workload.
 */
export async function analyze(input: AnalysisInput): Promise<Analysis> {
  const { test, history, journal } = input;
  const workload = input.workload ?? await makeWorkload(test);
  const a0 = performance.now();
  const results = await composeAsync({
    perf: perf(),
    timeline: { "valid?": true },
    exceptions: () => exceptions(history),
    stats: () => stats(history),
    availability: () => availability(history, test.availability),
    net: () => netChecker(journal, history),
    workload: () => workload.check(history),
    latency: () => latency(history),
  });
  const valid = results["valid?"];
  return {
    results,
    valid,
    exitCode: exitCodeOf(valid),
    seconds: (performance.now() - a0) / 1000,
  };
}

async function makeWorkload(test: TestOptions): Promise<Workload> {
  const factory = await loadWorkload(test.workload);
  if (factory === undefined) throw new UsageError(`Unknown workload: "${test.workload}"`);
  return factory({ options: test, random: new Random(test.seed).fork() });
}

/**
 * `results.edn`, as Jepsen's store writes it: the composed results
 * pretty-printed by fipp (width 70), keys and names as keywords, ops as
 * `#jepsen.history.Op{…}`, so that `grep ':valid? true' results.edn` and
 * Clojure's EDN reader both work on it. The bench-only `latency` summary
 * (not a Maelstrom checker) stays in `results.json`.
 * @module
 */

import { join } from "node:path";
import type { CheckResult } from "../history.ts";
import { pprint } from "./edn.ts";
import { ednResults } from "./ednify.ts";
import { writeFile } from "./_files.ts";

/** Result keys of the bench that Maelstrom's composed checker does not have. */
export const BENCH_ONLY_KEYS: readonly string[] = ["latency"];

/**
 * The text of `results.edn`.
 * @param results The composed results (as `results.json`).
 * @param workload The workload (how its ops print).
 * @returns The pretty-printed EDN, ending in a newline.
 */
export function resultsEdn(results: CheckResult, workload: string): string {
  const maelstrom = Object.fromEntries(
    Object.entries(results).filter(([k]) => !BENCH_ONLY_KEYS.includes(k)),
  );
  return pprint(ednResults(maelstrom, workload)) + "\n";
}

/**
 * Writes `results.edn` into `dir`.
 * @param dir The run folder.
 * @param results The composed results.
 * @param workload The workload.
 */
export function writeResultsEdn(
  dir: string,
  results: CheckResult,
  workload: string,
): Promise<void> {
  return writeFile(join(dir, "results.edn"), resultsEdn(results, workload));
}

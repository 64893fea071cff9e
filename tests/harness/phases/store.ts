/**
 * The store phase of a test, as Jepsen's store: every file of a run under
 * `store/<workload>/<time>/`, each from one {@link StoreWriter} of
 * {@link WRITERS}. To add a file, write a module exporting a writer and add
 * it to the list. `test` runs every writer; `analyze` reruns the
 * `"analysis"` ones on a stored run.
 * @module
 */

import { join } from "node:path";
import type { CheckResult } from "../history.ts";
import type { TestOptions } from "../options.ts";
import { explain } from "../explain/mod.ts";
import { writeReport } from "../report/mod.ts";
import { writeHistory, writeJournal, writeJson } from "../store.ts";
import type { Recording } from "./types.ts";
import { MAELSTROM_WRITERS } from "../store/mod.ts";

/** Everything a writer may store: the recording and, unless the test crashed, its results. */
export interface StoredRun extends Recording {
  /** The test's options (`test.json`; what `analyze` rebuilds the test from). */
  test: TestOptions;
  /** The composed results; absent when the test crashed. */
  results?: CheckResult;
}

/** One file (or folder) of a stored run. */
export interface StoreWriter {
  /** What it writes, e.g. `"results.json"` (for messages). */
  name: string;
  /**
   * `"run"`: what the test recorded, the input of analysis (written by
   * `test` only, even when the test crashed); `"analysis"`: what analysis
   * found (written when there are results, again by each `analyze`).
   */
  kind: "run" | "analysis";
  /**
   * Writes the file.
   * @param dir The run's directory.
   * @param run The run.
   */
  write(dir: string, run: StoredRun): Promise<void>;
}

/**
 * The files of a run, written in this order. `report.html` stays last: it
 * links to the files written before it.
 */
export const WRITERS: readonly StoreWriter[] = [
  { name: "test.json", kind: "run", write: (dir, run) => writeJson(dir, "test.json", run.test) },
  { name: "history.jsonl", kind: "run", write: (dir, run) => writeHistory(dir, run.history) },
  { name: "journal.jsonl", kind: "run", write: (dir, run) => writeJournal(dir, run.journal) },
  { name: "bench.json", kind: "run", write: (dir, run) => writeJson(dir, "bench.json", run.bench) },
  {
    name: "results.json",
    kind: "analysis",
    write: (dir, run) => writeJson(dir, "results.json", run.results),
  },
  ...MAELSTROM_WRITERS,
  {
    name: "report.html",
    kind: "analysis",
    write: async (dir, run) => {
      await writeReport(dir, {
        test: { ...run.test },
        results: run.results!,
        history: run.history,
        journal: run.journal,
        bench: run.bench,
        // With the crashes and cut-off nodes, which the report's own inputs lack.
        explanations: explain(run),
      });
    },
  },
];

/** Options of {@link store}. */
export interface StoreOptions {
  /** Which writers to run (default both kinds). */
  kinds?: ReadonlyArray<StoreWriter["kind"]>;
  /** The writers (default {@link WRITERS}). */
  writers?: readonly StoreWriter[];
  /** Where a writer's failure is reported (default stderr). */
  warn?: (line: string) => void;
}

/**
 * Writes a run's files. A writer that fails is reported and skipped: the
 * other files are still written. The `"analysis"` writers run only when
 * the run has results.
 * @param dir The run's directory (it exists).
 * @param run The run.
 * @param options Which writers, and where failures go.
 * @returns The names of the writers that failed.
 */
export async function store(
  dir: string,
  run: StoredRun,
  options: StoreOptions = {},
): Promise<string[]> {
  const kinds = options.kinds ?? ["run", "analysis"];
  const warn = options.warn ?? ((line) => console.error(line));
  const failed: string[] = [];
  for (const writer of options.writers ?? WRITERS) {
    if (!kinds.includes(writer.kind)) continue;
    if (writer.kind === "analysis" && run.results === undefined) continue;
    try {
      await writer.write(dir, run);
    } catch (error) {
      failed.push(writer.name);
      warn(`WARN ${join(dir, writer.name)} not written: ${(error as Error).message}`);
    }
  }
  return failed;
}

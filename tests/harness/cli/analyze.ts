/**
 * `maelstrom analyze [-t INDEX|PATH]`: re-checks a stored run from its
 * history and journal, without running a node, and rewrites what analysis
 * writes (results, report). As Jepsen's `analyze`: `-t -1` (the default) is
 * the latest run, `0` the oldest, `-2` the one before the latest; a path
 * names a run's directory (or a file in it). The exit status is 0 once the
 * analysis is done, whatever the verdict (as Jepsen's); a run that cannot
 * be loaded is an error, 255.
 * @module
 */

import { basename, dirname, join } from "node:path";
import type { JournalEvent } from "../history.ts";
import { defaultOptions, type TestOptions } from "../options.ts";
import { analyze } from "../phases/analyze.ts";
import { INTERRUPTED_EXIT } from "../phases/interrupt.ts";
import { printOutcome } from "../phases/print.ts";
import { store, type StoredRun } from "../phases/store.ts";
import type { BenchStats } from "../phases/types.ts";
import { readHistory, readJournal } from "../store.ts";
import { type OptionSpec, parseOpts, summarize } from "./parse.ts";

/**
 * Options of `analyze`: Jepsen's `-t`, and our `--store`. Like Maelstrom's,
 * `analyze` has no `--help` option: `-h` is an unknown option (exit 254),
 * and like every error here it prints the help.
 */
export const ANALYZE_OPTIONS: readonly OptionSpec[] = [
  {
    short: "-t",
    long: "--test",
    arg: "INDEX_OR_PATH",
    desc: "Index (e.g. -1 for most recent) or path to a stored run.",
    default: -1,
    parse: (s) => /^-?\d+$/.test(s) ? Number(s) : s,
  },
  { long: "--store", arg: "DIR", desc: "Store root (ours; default store)", default: "store" },
];

/** A stored run that cannot be loaded. */
export class StoredRunError extends Error {
  /**
   * @param message What is missing.
   * @param options Standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StoredRunError";
  }
}

/**
 * The help of `analyze`.
 * @returns The text.
 */
export function analyzeUsage(): string {
  return `Usage: maelstrom analyze [-t INDEX|PATH]

Re-checks a stored run from its history and network journal (no node runs)
and rewrites its results and report. Exits 0 once analyzed, whatever the verdict;
a run whose test crashed is not analyzed: its crash is repeated (exit 255;
130 for a run stopped with Ctrl-C).

${summarize(ANALYZE_OPTIONS).join("\n")}`;
}

/**
 * Every stored run under a store root, oldest first (sorted by directory
 * name, a timestamp, as Jepsen's `all-tests`); the `latest`/`current`
 * links are not runs.
 * @param root The store root.
 * @returns The run directories.
 */
export async function storedRuns(root: string): Promise<string[]> {
  const runs: Array<[string, string]> = [];
  try {
    for await (const w of Deno.readDir(root)) {
      if (!w.isDirectory || w.isSymlink) continue;
      for await (const r of Deno.readDir(join(root, w.name))) {
        if (r.isDirectory && !r.isSymlink) runs.push([r.name, join(root, w.name, r.name)]);
      }
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return runs.sort((a, b) => a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0).map(([, dir]) => dir);
}

/**
 * The directory of the run that `-t` names.
 * @param which An index (negative from the latest) or a path.
 * @param root The store root.
 * @returns The run's directory.
 * @throws {StoredRunError} when there is no such run.
 */
export async function findRun(which: number | string, root: string): Promise<string> {
  if (typeof which === "string") {
    // A run's directory (or a link to one, such as store/latest), or a file in it.
    const info = await Deno.stat(which).catch(() => undefined);
    if (info === undefined) throw new StoredRunError(`No stored run at "${which}"`);
    return info.isDirectory ? which : dirname(which);
  }
  const runs = await storedRuns(root);
  const i = which < 0 ? runs.length + which : which;
  if (i < 0 || i >= runs.length) {
    throw new StoredRunError(
      `No stored run with index ${which}: ${runs.length} run(s) in "${root}"`,
    );
  }
  return runs[i];
}

/** Server node ids seen in a journal (not clients `c…`, not services). */
function journalNodes(journal: readonly JournalEvent[]): string[] {
  const nodes = new Set<string>();
  for (const e of journal) {
    for (const id of [e.message.src, e.message.dest]) {
      if (/^n/.test(id) && !id.includes("-")) nodes.add(id);
    }
  }
  return [...nodes].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/**
 * Loads a stored run's options, history and journal. A run stored before
 * the bench kept `test.json` gets its workload from its directory, its
 * nodes from its journal and Maelstrom's defaults for the rest.
 * @param dir The run's directory.
 * @returns The run (without results), and whether options were guessed.
 * @throws {StoredRunError} when the history or journal is missing.
 */
export async function loadRun(dir: string): Promise<{ run: StoredRun; guessed: boolean }> {
  let history, journal;
  try {
    [history, journal] = await Promise.all([readHistory(dir), readJournal(dir)]);
  } catch (error) {
    throw new StoredRunError(
      `Cannot load the run in "${dir}": ${(error as Error).message}`,
      { cause: error },
    );
  }
  let test: TestOptions | undefined;
  try {
    test = { ...defaultOptions(), ...JSON.parse(await Deno.readTextFile(join(dir, "test.json"))) };
  } catch {
    // Stored before test.json existed: rebuilt below.
  }
  const guessed = test === undefined;
  test ??= {
    ...defaultOptions(),
    workload: basename(dirname(await Deno.realPath(dir))),
    nodes: journalNodes(journal),
  };
  let bench: BenchStats | undefined;
  try {
    bench = JSON.parse(await Deno.readTextFile(join(dir, "bench.json")));
  } catch {
    // Optional.
  }
  bench ??= {
    seed: test.seed,
    originWallMs: 0,
    delivery: { delivered: 0, dropped: 0, lateness: { p50: 0, p99: 0, max: 0 } },
    cpu: { seconds: 0, share: 0 },
    wall: { setup: 0, main: 0, final: 0, analysis: 0, total: 0 },
    ops: history.filter((op) => op.type === "invoke" && op.process !== "nemesis").length,
    messages: journal.filter((e) => e.type === "send").length,
  };
  const run: StoredRun = { test, history, journal, bench, outputErrors: [], crashes: [] };
  return { run, guessed };
}

/**
 * Runs `maelstrom analyze`.
 * @param args The words after `analyze`.
 * @returns The exit status.
 * @throws {StoredRunError} when the run cannot be found or loaded (exit 255).
 */
export async function analyzeCommand(args: readonly string[]): Promise<number> {
  const parsed = parseOpts(args, ANALYZE_OPTIONS);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    console.error(`\n${analyzeUsage()}`);
    return 254;
  }
  const dir = await findRun(
    parsed.options.test as number | string,
    parsed.options.store as string,
  );
  console.error(`Analyzing ${dir}`);
  const { run, guessed } = await loadRun(dir);
  if (run.bench.crashed !== undefined) {
    // The test's own verdict: its history stops where the test crashed, and
    // judging what is left would call a node that died at start valid.
    if (run.bench.interrupted) {
      console.error(`Test interrupted: ${run.bench.crashed}`);
      return INTERRUPTED_EXIT;
    }
    console.error(`Test crashed: ${run.bench.crashed}`);
    return 255;
  }
  if (guessed) {
    console.error(
      `This run has no test.json (stored by an older bench): workload ${run.test.workload}, ` +
        `nodes ${run.test.nodes.join(",")} and Maelstrom's defaults for the other options.`,
    );
  }
  const analysis = await analyze({ test: run.test, history: run.history, journal: run.journal });
  run.results = analysis.results;
  run.bench.wall.analysis = analysis.seconds;
  await store(dir, run, { kinds: ["analysis"] });
  printOutcome({ ...run, dir });
  return 0;
}

/**
 * One bench test, start to verdict, as Jepsen's `run!`: the phases of
 * `phases/`, each in its own file —
 *
 * 1. set up (`phases/setup.ts`): services, nodes, `init`, workload setup;
 * 2. run (`phases/run_case.ts`): the main and final phases → history, journal;
 * 3. recover/teardown (`phases/teardown.ts`): crash detection, kill;
 * 4. analyze (`phases/analyze.ts`): history + journal → results;
 * 5. store (`phases/store.ts`): the run's files; then the printed summary
 *    (`phases/print.ts`).
 *
 * `test` is all of them; `analyze` is 4 and 5 on a stored run.
 * @module
 */

import { TestCrashed } from "./errors.ts";
import type { TestOptions } from "./options.ts";
import { analyze } from "./phases/analyze.ts";
import { INTERRUPTED_EXIT, Interruption } from "./phases/interrupt.ts";
import { printCrash, printOutcome } from "./phases/print.ts";
import { runCase } from "./phases/run_case.ts";
import { prepare, setUpClients, startNodes } from "./phases/setup.ts";
import { store, type StoredRun } from "./phases/store.ts";
import { killLeftRunning, stopRun, tearDown } from "./phases/teardown.ts";
import type { Bench, Recording, RunResult } from "./phases/types.ts";

export type { BenchStats, CrashReport, OutputError, RunResult } from "./phases/types.ts";

/**
 * Runs one test: set up, run, tear down, analyze, store, print.
 * @param options The run's options (see `options.ts`; `bin` required).
 * @returns The verdict, history, journal and figures. Never throws for a
 * failing node: a crashed test comes back with `exitCode` 255 (130 when
 * Ctrl-C stopped it).
 * @throws {UsageError} for an unknown workload or missing `bin`.
 */
export async function runTest(options: TestOptions): Promise<RunResult> {
  await killLeftRunning();
  let bench;
  try {
    bench = await prepare(options);
  } catch (e) {
    if (!(e instanceof TestCrashed)) throw e;
    // Nothing ran, nothing is stored (Maelstrom dies as early on these).
    console.error(`Test crashed: ${e.message}`);
    const none = { history: [], journal: [], outputErrors: [], crashes: [] };
    return { exitCode: 255, valid: "crashed", error: e.message, ...none };
  }
  const { recording, interrupted } = await record(bench);
  const { dir } = bench;
  const stats = recording.bench;
  const run: StoredRun = { ...recording, test: options };
  const total = () => stats.wall.total = (performance.now() - bench.start.wallMs) / 1000;

  if (recording.error !== undefined) {
    total();
    stats.crashed = recording.error;
    if (interrupted) stats.interrupted = true;
    await store(dir, run, { warn: bench.log });
    printCrash({ ...run, dir });
    const exitCode = interrupted ? INTERRUPTED_EXIT : 255;
    return { exitCode, valid: "crashed", dir, ...recording };
  }

  const analysis = await analyze({
    test: options,
    history: recording.history,
    journal: recording.journal,
    workload: bench.workload,
  });
  stats.wall.analysis = analysis.seconds;
  total();
  run.results = analysis.results;
  await store(dir, run, { warn: bench.log });
  if (!options.quiet) printOutcome({ ...run, dir });
  return {
    exitCode: analysis.exitCode,
    valid: analysis.valid,
    results: analysis.results,
    dir,
    ...recording,
  };
}

/**
 * The live part of a test: set-up of nodes and clients, then the run, until
 * it ends, a node dies or Ctrl-C comes; then the teardown.
 * @param bench The prepared test.
 * @returns What the run recorded, and whether Ctrl-C stopped it.
 * @throws what the run threw, other than {@link TestCrashed} (after teardown).
 */
async function record(bench: Bench): Promise<{ recording: Recording; interrupted: boolean }> {
  const interruption = new Interruption();
  try {
    let error: string | undefined;
    const work = (async () => {
      await startNodes(bench);
      await setUpClients(bench);
      await runCase(bench);
    })();
    try {
      // A node that dies ends the run at once; so does Ctrl-C.
      await Promise.race([
        work,
        bench.nodeDied.then((reason) => Promise.reject(new TestCrashed(reason))),
        interruption.fired.then((reason) => Promise.reject(new TestCrashed(reason))),
      ]);
    } catch (e) {
      stopRun(bench);
      await work.catch(() => {});
      if (!(e instanceof TestCrashed)) {
        await tearDown(bench);
        throw e;
      }
      error = e.message;
    }
    // The terminal's Ctrl-C reaches the nodes too: their deaths are its doing.
    if (interruption.happened) error = await interruption.fired;
    return { recording: await tearDown(bench, error), interrupted: interruption.happened };
  } finally {
    interruption.stop();
  }
}

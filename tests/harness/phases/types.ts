/**
 * What the phases of a bench test hand to each other: the live test of the
 * set-up and run phases ({@link Bench}), what the run recorded
 * ({@link Recording}), what analysis found ({@link Analysis}), and the whole
 * outcome ({@link RunResult}).
 * @module
 */

import type { Client, ClientIds } from "../client.ts";
import type { CheckResult, JournalEvent, Op, Validity } from "../history.ts";
import type { Interpreter } from "../interpreter.ts";
import type { DeliveryStats, Network } from "../network.ts";
import type { TestOptions } from "../options.ts";
import type { Boost, NodeProcess } from "../process.ts";
import type { Random } from "../random.ts";
import type { Recorder } from "../recorder.ts";
import type { Workload } from "../workload.ts";
import type { NodeCommand } from "./bin.ts";
import type { Log } from "./log.ts";
import type { LogLine } from "../store/jepsen_log.ts";

/** A line a node wrote to stdout that stopped the reading of its stdout. */
export interface OutputError {
  node: string;
  line: string;
  error: string;
}

/** A node that exited before teardown. */
export interface CrashReport {
  node: string;
  code: number;
  signal: string | null;
  stderr: string[];
}

/** Wall time of the phases, seconds. */
export interface WallTimes {
  setup: number;
  main: number;
  final: number;
  analysis: number;
  total: number;
}

/** The bench's own figures for a run. */
export interface BenchStats {
  seed: number;
  /**
   * Wall-clock ms (`Date.now()` scale) of the history's time 0, to map the
   * times nodes log (e.g. Raft role changes) onto the history's clock.
   */
  originWallMs: number;
  /** Delivery figures of the main and final phases. */
  delivery: DeliveryStats;
  /** Bench CPU time over the run, seconds, and as a fraction of one core. */
  cpu: { seconds: number; share: number };
  /** CPU seconds used by the node processes (from /proc, when available). */
  nodeCpuSeconds?: number;
  /** Wall time of the phases, seconds. */
  wall: WallTimes;
  ops: number;
  messages: number;
  /**
   * Why the test crashed, when it did: such a run has no results, and
   * `analyze` says so rather than judge the history it cut short.
   */
  crashed?: string;
  /** The crash was Ctrl-C (exit 130). */
  interrupted?: boolean;
}

/**
 * The live test, made by `prepare()` and carried through set-up, run and
 * teardown: the options, the workload, the network, the nodes and what they
 * did wrong so far.
 */
export interface Bench {
  readonly options: TestOptions;
  readonly workload: Workload;
  /** How to start a node (from `--bin`). */
  readonly command: NodeCommand;
  /** The run's store directory. */
  readonly dir: string;
  readonly random: Random;
  readonly net: Network;
  readonly ids: ClientIds;
  readonly boost: Boost;
  /** Spawned nodes, by id. */
  readonly procs: Map<string, NodeProcess>;
  readonly outputErrors: OutputError[];
  /** One client per node, open from client setup to teardown. */
  readonly setupClients: Client[];
  readonly wall: WallTimes;
  /** `performance.now()` and the bench's CPU seconds at the start. */
  readonly start: { wallMs: number; cpuSeconds: number };
  /** Resets at the start of the main phase (the history's time 0). */
  recorder: Recorder;
  interpreter?: Interpreter;
  /** The phase now running and when it began (for the progress line). */
  phase: { name: "setup" | "main" | "final"; startMs: number };
  /** Settles with the reason when a node exits before teardown (the run then stops at once). */
  readonly nodeDied: Promise<string>;
  /** Reports a node's early exit (settles {@link nodeDied}). */
  died(reason: string): void;
  /** Prints a line to stderr unless the run is quiet. */
  log: Log;
  /** Every line `log` was given, with when. */
  readonly logLines: LogLine[];
  /** Stops the live progress line, if any. */
  stopProgress(): void;
}

/** What a run leaves for analysis and the store: the recorded test. */
export interface Recording {
  history: Op[];
  journal: JournalEvent[];
  bench: BenchStats;
  outputErrors: OutputError[];
  crashes: CrashReport[];
  /** Why the test crashed, if it did (then there is nothing to analyze). */
  error?: string;
  /** What the bench printed during the run (`jepsen.log`). */
  log?: LogLine[];
}

/** What analysis found. */
export interface Analysis {
  /** The composed results (`results.json`, keys as in `results.edn`). */
  results: CheckResult;
  valid: Validity;
  /** 0 valid, 1 invalid, 2 unknown. */
  exitCode: number;
  /** Seconds the checkers took. */
  seconds: number;
}

/** The outcome of a test: the recording, its analysis, and where it is stored. */
export interface RunResult {
  /** 0 valid, 1 invalid, 2 unknown, 255 crashed, 130 interrupted (Ctrl-C). */
  exitCode: number;
  valid: Validity | "crashed";
  /** The composed results (absent when the test crashed). */
  results?: CheckResult;
  /** The run's store directory. */
  dir?: string;
  history: Op[];
  journal: JournalEvent[];
  bench?: BenchStats;
  outputErrors: OutputError[];
  crashes: CrashReport[];
  /** Why the test crashed, if it did. */
  error?: string;
}

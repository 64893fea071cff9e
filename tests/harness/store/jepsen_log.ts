/**
 * `jepsen.log`: the run's log as Jepsen's logback file appender writes it
 * (`<date> <time>,<ms>{GMT} TAB LEVEL TAB [thread] logger: message`): the
 * command line and the test map, what the bench printed during the run
 * (node stderr lines under `[n1 stderr] maelstrom.process`, as Maelstrom
 * logs them with `--log-stderr`), one `jepsen.util` line per op from each
 * worker (and the nemesis), then the analysis, the results map and the
 * verdict line.
 * @module
 */

import { join } from "node:path";
import type { CheckResult, Op } from "../history.ts";
import type { TestOptions } from "../options.ts";
import { verdictLine } from "../report/summary.ts";
import { pprint, pr } from "./edn.ts";
import { ednResults, opError, printedOp, type ValueStyle, valueStyle } from "./ednify.ts";
import { writeLines } from "./_files.ts";

/** A line the bench printed during the run, with when. */
export interface LogLine {
  /** Epoch ms. */
  wallMs: number;
  /** The text as printed (`WARN …`, `[n1 stderr] …`, …). */
  line: string;
  /** The logger that wrote it, when not the bench's own (e.g. `maelstrom.net`). */
  logger?: string;
}

/** What {@linkcode jepsenLog} logs. */
export interface JepsenLogInput {
  test: TestOptions;
  history: readonly Op[];
  /** Epoch ms of history time 0 ("Relative time begins now"). */
  startMs: number;
  /** What the bench printed, in order. */
  log?: readonly LogLine[];
  /** The composed results; absent when the test crashed. */
  results?: CheckResult;
  /** Why the test crashed. */
  error?: string;
  /**
   * The command line (default: `maelstrom` and the test's `argv`, as typed,
   * else one rebuilt from the options).
   */
  argv?: readonly string[];
}

/** Logback's `%d{ISO8601}{GMT}` as Jepsen's pattern prints it. */
export function logTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}{GMT}`;
}

function entry(ms: number, level: string, thread: string, logger: string, message: string): string {
  return `${logTime(ms)}\t${level}\t[${thread}] ${logger}: ${message}`;
}

/** Jepsen's `op->str`: `process TAB type TAB f TAB value [TAB error]`, the error as `str` prints it. */
export function opLine(op: Op, style: ValueStyle): string {
  const p = printedOp(op, style);
  const error = op.error === undefined || op.error === null
    ? ""
    : `\t${
      typeof op.error === "string" && op.error !== "net-timeout" ? op.error : pr(opError(op.error))
    }`;
  return `${p.process}\t${p.type}\t${p.f}\t${p.value}${error}`;
}

/** The command line Maelstrom would have been given for these options. */
export function commandLine(test: TestOptions): string {
  const words = ["maelstrom", "test", "-w", test.workload, "--bin", test.bin];
  words.push("--nodes", test.nodes.join(","));
  words.push("--time-limit", String(test.timeLimit), "--rate", String(test.rate));
  words.push("--concurrency", String(test.concurrency));
  if (test.latency !== 0) words.push("--latency", String(test.latency));
  if (test.nemesis.length > 0) {
    words.push("--nemesis", test.nemesis.join(","));
    words.push("--nemesis-interval", String(test.nemesisInterval));
  }
  if (test.availability !== undefined) words.push("--availability", String(test.availability));
  if (test.logStderr) words.push("--log-stderr");
  return words.join(" ");
}

/** The test map as Jepsen logs it: the options under Maelstrom's key names. */
function testMap(test: TestOptions): Record<string, unknown> {
  return {
    name: test.workload,
    workload: test.workload,
    bin: test.bin,
    args: test.args,
    nodes: test.nodes,
    "node-count": test.nodes.length,
    "time-limit": test.timeLimit,
    rate: test.rate,
    concurrency: test.concurrency,
    latency: { mean: test.latency, dist: test.latencyDist },
    nemesis: test.nemesis,
    "nemesis-interval": test.nemesisInterval,
    topology: test.topology,
    availability: test.availability ?? null,
    "key-count": test.keyCount ?? null,
    "max-txn-length": test.maxTxnLength,
    "max-writes-per-key": test.maxWritesPerKey,
    "consistency-models": test.consistencyModels,
    "log-stderr": test.logStderr,
    seed: test.seed,
  };
}

/** A bench line as a log entry: node stderr under its node's thread, warnings as WARN. */
function benchEntry(l: LogLine): string {
  const stderr = /^\[(\S+) stderr\] (.*)$/s.exec(l.line);
  if (stderr) return entry(l.wallMs, "INFO", `${stderr[1]} stderr`, "maelstrom.process", stderr[2]);
  const warn = /^WARN (.*)$/s.exec(l.line);
  if (warn) return entry(l.wallMs, "WARN", "jepsen test runner", "maelstrom.bench", warn[1]);
  return entry(l.wallMs, "INFO", "jepsen test runner", l.logger ?? "maelstrom.bench", l.line);
}

/**
 * The lines of `jepsen.log`.
 * @param input The test, history, start time, bench lines and outcome.
 * @returns The lines, in time order.
 */
export function* jepsenLog(input: JepsenLogInput): Iterable<string> {
  const { test, history, startMs } = input;
  const style = valueStyle(test.workload);
  const runner = "jepsen test runner";
  const log = [...(input.log ?? [])].sort((a, b) => a.wallMs - b.wallMs);
  const first = Math.min(startMs, log[0]?.wallMs ?? startMs);
  yield entry(first, "INFO", runner, "jepsen.core", "Command line:");
  const argv = input.argv ?? (test.argv ? ["maelstrom", ...test.argv] : undefined);
  yield argv ? argv.join(" ") : commandLine(test);
  yield entry(first, "INFO", runner, "jepsen.core", "Running test:");
  yield pprint(ednResults(testMap(test), test.workload));
  let li = 0;
  while (li < log.length && log[li].wallMs < startMs) yield benchEntry(log[li++]);
  yield entry(startMs, "INFO", runner, "jepsen.core", "Relative time begins now");
  let last = startMs;
  for (const op of history) {
    const ms = startMs + op.time / 1e6;
    while (li < log.length && log[li].wallMs <= ms) yield benchEntry(log[li++]);
    const thread = op.process === "nemesis"
      ? "jepsen nemesis"
      : `jepsen worker ${(op.process as number) % Math.max(1, test.concurrency)}`;
    yield entry(ms, "INFO", thread, "jepsen.util", opLine(op, style));
    last = ms;
  }
  while (li < log.length) {
    last = Math.max(last, log[li].wallMs);
    yield benchEntry(log[li++]);
  }
  if (input.error !== undefined) {
    yield entry(last, "WARN", runner, "jepsen.core", `Test crashed: ${input.error}`);
    return;
  }
  yield entry(last, "INFO", runner, "jepsen.core", "Run complete, writing");
  if (input.results === undefined) return;
  yield entry(last, "INFO", runner, "jepsen.core", "Analyzing...");
  yield entry(last, "INFO", runner, "jepsen.core", "Analysis complete");
  const { latency: _bench, ...results } = input.results;
  yield entry(last, "INFO", runner, "jepsen.core", pprint(ednResults(results, test.workload)));
  yield "\n";
  yield verdictLine(input.results["valid?"]);
}

/**
 * Writes `jepsen.log` into `dir`.
 * @param dir The run folder.
 * @param input What to log.
 */
export function writeJepsenLog(dir: string, input: JepsenLogInput): Promise<void> {
  return writeLines(join(dir, "jepsen.log"), jepsenLog(input));
}

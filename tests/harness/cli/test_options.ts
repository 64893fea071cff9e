/**
 * The options of `maelstrom test` (and of `demo`, which has all but `--bin`
 * and `-w`): Jepsen's test options (`jepsen/cli.clj`), Maelstrom's own
 * (`src/maelstrom/core.clj`) with their defaults, readers and checks, and
 * the bench's extensions; and the turning of the parsed options into
 * {@link TestOptions}, as Maelstrom's `opt-fn` does (node lists merged,
 * `--node-count` first, `Nn` concurrency).
 * @module
 */

import { defaultOptions, nodeIds, type TestOptions } from "../options.ts";
import { type OptionMap, type OptionSpec, parseOpts } from "./parse.ts";
import { cljParseLong, javaDouble, javaLong, readForm } from "./values.ts";

/** Maelstrom's workload names. */
export const WORKLOADS = [
  "broadcast",
  "echo",
  "g-counter",
  "g-set",
  "kafka",
  "lin-kv",
  "pn-counter",
  "txn-list-append",
  "txn-rw-register",
  "unique-ids",
];
/** Broadcast topologies (`tree` = `tree2`). */
export const TOPOLOGIES = ["grid", "line", "total", "tree", "tree2", "tree3", "tree4"];
const DISTS = ["constant", "uniform", "exponential"];
const DEFAULT_NODES: readonly string[] = ["n1", "n2", "n3", "n4", "n5"];

const oneOf = (names: readonly string[]) => `Must be one of ${[...names].sort().join(", ")}`;
const positive = (v: unknown) => typeof v === "number" && v > 0;
const notNegative = (v: unknown) => typeof v === "number" && v >= 0;

/** Jepsen's `-h/--help`. */
export const HELP: OptionSpec = {
  short: "-h",
  long: "--help",
  desc: "Print out this message and exit",
};

/** Jepsen's test options (jepsen.cli/test-opt-spec), `--help` first. */
export const JEPSEN_OPTIONS: readonly OptionSpec[] = [
  HELP,
  {
    short: "-n",
    long: "--node",
    arg: "HOSTNAME",
    desc: "Node(s) to run test on. Flag may be submitted many times, with one node per flag.",
    default: DEFAULT_NODES,
    defaultDesc: "[n1 n2 n3 n4 n5]",
    // The first -n replaces the default list; later ones add to it.
    assoc: (m, id, v) => {
      m[id] = m[id] === DEFAULT_NODES ? [v] : [...(m[id] as string[]), v];
    },
  },
  {
    long: "--nodes",
    arg: "NODE_LIST",
    desc: "Comma-separated list of node hostnames.",
    parse: (s) => javaSplit(s, /,\s*/),
  },
  { long: "--nodes-file", arg: "FILENAME", desc: "File containing node hostnames, one per line." },
  { long: "--username", arg: "USER", desc: "Username for logins (no-op here)", default: "root" },
  {
    long: "--password",
    arg: "PASS",
    desc: "Password for sudo access (no-op here)",
    default: "root",
  },
  {
    long: "--strict-host-key-checking",
    desc: "Whether to check host keys (no-op here)",
    default: false,
  },
  {
    long: "--no-ssh",
    desc: "If set, doesn't try to establish SSH connections to any nodes (no-op here)",
    default: false,
  },
  { long: "--ssh-private-key", arg: "FILE", desc: "Path to an SSH identity file (no-op here)" },
  {
    long: "--concurrency",
    arg: "NUMBER",
    desc:
      "How many workers should we run? Must be an integer, optionally followed by n (e.g. 3n) to multiply by the number of nodes.",
    default: "1n",
    validate: {
      check: (v) => /^\d+n?$/.test(v as string),
      message: "Must be an integer, optionally followed by n.",
    },
  },
  {
    long: "--leave-db-running",
    desc: "Leave the database running at the end of the test, so you can inspect it.",
    default: false,
  },
  {
    long: "--logging-json",
    desc: "Use JSON structured output in the Jepsen log.",
    default: false,
  },
  {
    long: "--test-count",
    arg: "NUMBER",
    desc: "How many times should we repeat a test?",
    default: 1,
    parse: javaLong,
    validate: { check: positive, message: "Must be positive" },
  },
  {
    long: "--time-limit",
    arg: "SECONDS",
    desc: "Excluding setup and teardown, how long should a test run for, in seconds?",
    default: 60,
    parse: javaLong,
    validate: { check: positive, message: "Must be positive" },
  },
];

/** Maelstrom's two options of `test` alone (not of `demo`). */
export const SINGLE_TEST_OPTIONS: readonly OptionSpec[] = [
  {
    long: "--bin",
    arg: "FILE",
    desc: "Path to binary which runs a node (or, ours, a .ts/.js source)",
    missing: "Expected a --bin PATH_TO_BINARY to test",
  },
  {
    short: "-w",
    long: "--workload",
    arg: "NAME",
    desc: "What workload to run.",
    default: "lin-kv",
    validate: { check: (v) => WORKLOADS.includes(v as string), message: oneOf(WORKLOADS) },
  },
];

/** Maelstrom's options of `test` and `demo` (maelstrom.core/opt-spec). */
export const MAELSTROM_OPTIONS: readonly OptionSpec[] = [
  {
    long: "--availability",
    arg: "EXPECTED",
    desc:
      "The fraction of client requests which must succeed. Either a number from 0 to 1 or total. If omitted, always valid.",
    default: null,
    parse: (s) => {
      if (s === "total") return "total";
      const r = readForm(s, true);
      return r.kind === "number" ? r.value : r.kind === "nil" ? null : r;
    },
    validate: {
      check: (a) => a === null || a === "total" || (typeof a === "number" && a >= 0 && a <= 1),
      message: "must be either 'total' or a number between 0 and 1.",
    },
  },
  {
    long: "--consistency-models",
    arg: "MODELS",
    desc: "A comma-separated list of consistency models to check.",
    default: ["strict-serializable"],
    defaultDesc: "[:strict-serializable]",
    // Like Maelstrom: a comma must have whitespace on both sides; every
    // name passes here (an unknown one makes the checker's result unknown).
    parse: (s) => s.split(/\s+,\s+/),
  },
  {
    long: "--key-count",
    arg: "INT",
    desc: "For the append test, how many keys should we test at once?",
    parse: cljParseLong,
    validate: { check: positive, message: "must be positive" },
  },
  {
    long: "--latency",
    arg: "MILLIS",
    desc: "Mean network latency under normal operation, in ms",
    default: 0,
    parse: cljParseLong,
    validate: { check: notNegative, message: "Must be non-negative" },
  },
  {
    long: "--latency-dist",
    arg: "TYPE",
    desc: "Kind of latency distribution to use.",
    default: "constant",
    validate: {
      check: (v) => DISTS.includes(v as string),
      message: "Must be constant, uniform, or exponential",
    },
  },
  { long: "--log-net-send", desc: "Log packets as they're sent", default: false },
  { long: "--log-net-recv", desc: "Log packets as they're received", default: false },
  { long: "--log-stderr", desc: "Whether to log debugging output from nodes", default: false },
  {
    long: "--max-txn-length",
    arg: "INT",
    desc: "What's the most operations we can execute per transaction?",
    default: 4,
    parse: cljParseLong,
    validate: { check: positive, message: "must be positive" },
  },
  {
    long: "--max-writes-per-key",
    arg: "INT",
    desc: "How many writes can we perform to any single key, for append and kafka tests?",
    default: 16,
    parse: cljParseLong,
    validate: { check: positive, message: "must be positive" },
  },
  {
    long: "--node-count",
    arg: "NUM",
    desc: "How many nodes to run. Overrides --nodes, if given.",
    default: null,
    parse: cljParseLong,
    validate: { check: positive, message: "Must be positive." },
  },
  {
    long: "--nemesis",
    arg: "FAULTS",
    desc:
      "A comma-separated list of faults to inject. The only fault currently is `partition`, which causes randomized network partitions between cluster nodes.",
    default: [],
    defaultDesc: "#{}",
    parse: (s) => [...new Set(javaSplit(s, /\s*,\s*/))],
    validate: {
      check: (v) => (v as string[]).every((f) => f === "partition"),
      message: "Must be one of partition",
    },
  },
  {
    long: "--nemesis-interval",
    arg: "SECONDS",
    desc: "How many seconds between nemesis operations, on average?",
    default: 10,
    parse: (s) => {
      const r = readForm(s);
      return r.kind === "number" ? r.value : r;
    },
    validate: { check: positive, message: "Must be positive" },
  },
  {
    long: "--rate",
    arg: "RATE",
    desc: "Approximate number of request/sec",
    default: 5,
    parse: javaDouble,
    validate: { check: notNegative, message: "Can't be negative" },
  },
  {
    long: "--topology",
    arg: "SPEC",
    desc:
      "What kind of network topology to offer to nodes, for those workloads (e.g. broadcast) which use one.",
    default: "grid",
    validate: { check: (v) => TOPOLOGIES.includes(v as string), message: oneOf(TOPOLOGIES) },
  },
];

/** The bench's own options (extensions: Maelstrom rejects them). */
export const BENCH_OPTIONS: readonly OptionSpec[] = [
  {
    long: "--seed",
    arg: "N",
    desc: "Seed of the run's random choices, partitions exactly (default: random; run i: N+i)",
    parse: javaLong,
    validate: { check: notNegative, message: "Must be non-negative" },
  },
  {
    long: "--recovery",
    arg: "SECONDS",
    desc: "Final-phase sleep before the final reads (Maelstrom: always 10)",
    default: 10,
    parse: javaDouble,
    validate: { check: notNegative, message: "Can't be negative" },
  },
  {
    long: "--check-convergence",
    desc: "txn workloads: after heal and recovery, all nodes must agree on every key",
    default: false,
  },
  { long: "--store", arg: "DIR", desc: "Store root (default store, in the current directory)" },
  { long: "--quiet", desc: "Print nothing but errors", default: false },
  { long: "--progress", desc: "Live progress line on stderr (default: when it is a terminal)" },
  {
    long: "--no-progress",
    id: "progress",
    desc: "No live progress line",
    assoc: (m, id) => void (m[id] = false),
  },
];

/** Every option of `test`, in the order of its help. */
export const TEST_OPTIONS: readonly OptionSpec[] = [
  ...JEPSEN_OPTIONS,
  ...SINGLE_TEST_OPTIONS,
  ...MAELSTROM_OPTIONS,
  ...BENCH_OPTIONS,
];

/** Every option of `demo`: those of `test` but `--bin` and `-w`. */
export const DEMO_OPTIONS: readonly OptionSpec[] = [
  ...JEPSEN_OPTIONS,
  ...MAELSTROM_OPTIONS,
  ...BENCH_OPTIONS,
];

/** Java's `String.split`: trailing empty strings dropped. */
function javaSplit(s: string, re: RegExp): string[] {
  const parts = s.split(re);
  while (parts.length > 1 && parts.at(-1) === "") parts.pop();
  return parts;
}

/** A `--nodes-file` that cannot be read: Maelstrom crashes on it (exit 255). */
export class NodesFileError extends Error {
  /**
   * @param path The file.
   * @param options Standard error options (the read error as `cause`).
   */
  constructor(readonly path: string, options?: ErrorOptions) {
    super(`Cannot read --nodes-file: "${path}" (${(options?.cause as Error)?.message})`, options);
    this.name = "NodesFileError";
  }
}

/**
 * The node list, as Jepsen's `parse-nodes` after Maelstrom's
 * `parse-node-count`: `--nodes-file` names, then `--node-count`'s `n0 …`
 * (else `--nodes`), then the `-n` names (unless only the default list).
 * @param o The parsed options.
 * @returns The node ids.
 * @throws {NodesFileError} when `--nodes-file` cannot be read.
 */
export function nodesOf(o: OptionMap): string[] {
  const count = o["node-count"] as number | null | undefined;
  const nodes = typeof count === "number" ? nodeIds(count) : o.nodes as string[] | undefined;
  const file = o["nodes-file"] as string | undefined;
  let fromFile: string[] = [];
  if (file !== undefined) {
    try {
      fromFile = javaSplit(Deno.readTextFileSync(file), /\s*\n\s*/);
    } catch (error) {
      throw new NodesFileError(file, { cause: error });
    }
  }
  const node = o.node as string[];
  const keepNode = node !== DEFAULT_NODES || (nodes === undefined && file === undefined);
  return [...fromFile, ...(nodes ?? []), ...(keepNode ? node : [])];
}

/**
 * Turns parsed options into {@link TestOptions} (without `bin`/`workload`
 * checks: the parser did them).
 * @param o The parsed options.
 * @param args The words for the node.
 * @returns The run's options.
 * @throws {NodesFileError} when `--nodes-file` cannot be read.
 */
export function toTestOptions(o: OptionMap, args: string[]): TestOptions {
  const d = defaultOptions();
  const nodes = nodesOf(o);
  const c = o.concurrency as string;
  const n = Number(c.replace("n", ""));
  const availability = o.availability as TestOptions["availability"] | null;
  return {
    ...d,
    workload: (o.workload as string | undefined) ?? d.workload,
    bin: (o.bin as string | undefined) ?? "",
    args,
    nodes,
    timeLimit: o["time-limit"] as number,
    rate: o.rate as number,
    concurrency: c.endsWith("n") ? n * nodes.length : n,
    latency: o.latency as number,
    latencyDist: o["latency-dist"] as TestOptions["latencyDist"],
    nemesis: o.nemesis as string[],
    nemesisInterval: o["nemesis-interval"] as number,
    topology: o.topology as TestOptions["topology"],
    ...(availability === null ? {} : { availability }),
    logStderr: o["log-stderr"] as boolean,
    logNetSend: o["log-net-send"] as boolean,
    logNetRecv: o["log-net-recv"] as boolean,
    leaveDbRunning: o["leave-db-running"] as boolean,
    loggingJson: o["logging-json"] as boolean,
    ...(o["key-count"] === undefined ? {} : { keyCount: o["key-count"] as number }),
    maxTxnLength: o["max-txn-length"] as number,
    maxWritesPerKey: o["max-writes-per-key"] as number,
    consistencyModels: o["consistency-models"] as string[],
    checkConvergence: o["check-convergence"] as boolean,
    seed: (o.seed as number | undefined) ?? d.seed,
    recovery: o.recovery as number,
    storeDir: (o.store as string | undefined) ?? d.storeDir,
    ...(o.progress === undefined ? {} : { progress: o.progress as boolean }),
    quiet: o.quiet as boolean,
  };
}

/** A parsed `test` command line. */
export interface ParsedTest {
  /** The run's options (meaningful only without errors and help). */
  options: TestOptions;
  /** `--test-count`. */
  testCount: number;
  /** Whether `--seed` was given (then run i gets seed + i). */
  seeded: boolean;
  help: boolean;
  errors: string[];
}

/**
 * Parses the words of `test` (or `demo`) as Maelstrom does.
 * @param args The words after the command.
 * @param specs The command's options (default {@link TEST_OPTIONS}).
 * @returns The options, `--test-count`, `--help` and the errors.
 * @throws {NodesFileError} when `--nodes-file` cannot be read (even with
 * `--help`, as in Maelstrom).
 */
export function parseTest(
  args: readonly string[],
  specs: readonly OptionSpec[] = TEST_OPTIONS,
): ParsedTest {
  const parsed = parseOpts(args, specs);
  const o = parsed.options;
  return {
    options: { ...toTestOptions(o, parsed.arguments), argv: ["test", ...args] },
    testCount: o["test-count"] as number,
    seeded: o.seed !== undefined,
    help: o.help === true,
    errors: parsed.errors,
  };
}

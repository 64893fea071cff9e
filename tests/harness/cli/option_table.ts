/**
 * The command line, option by option: each row a command as a user would
 * type it, with the exit status the real Maelstrom gives it (0.2.5-SNAPSHOT
 * with Jepsen 0.3.7, each row run on a real build) and ours. They differ
 * on the bench's extensions, which Maelstrom rejects as unknown, and on
 * `doc`, which prints rather than writes into `doc/`. Read
 * by `option_table_test.ts` (ours, in CI) and `tests/cli_compare.ts` (both,
 * by hand, where a real Maelstrom is built).
 *
 * In `argv`, `$BIN` is an echo node, `$NODES` a file naming n1 and n2, and
 * `$MISSING` a path that does not exist. Rows run in order in one
 * directory: the `analyze` rows find the runs the `test` rows stored.
 * @module
 */

/** One command and its exit statuses. */
export interface OptionRow {
  /** What the row tries. */
  name: string;
  /** The words after `maelstrom`. */
  argv: string[];
  /** Maelstrom's exit status. */
  maelstrom: number;
  /** Ours, when it differs (a bench extension). */
  ours?: number;
  /** Why ours differs, or what is worth knowing. */
  note?: string;
  /** The row runs a test (slow); else it ends in argument parsing. */
  runs?: boolean;
}

const echo = (...more: string[]) => [
  "test",
  "-w",
  "echo",
  "--bin",
  "$BIN",
  "--time-limit",
  "1",
  ...more,
];
const echo1 = (...more: string[]) => echo("--node-count", "1", ...more);
const ext = "a bench extension: the real Maelstrom rejects it as an unknown option";

/** The rows, in the order they run. */
export const OPTION_ROWS: readonly OptionRow[] = [
  { name: "no command", argv: [], maelstrom: 254, note: "prints the command list" },
  { name: "--help alone", argv: ["--help"], maelstrom: 254, note: "prints the command list" },
  { name: "-h alone", argv: ["-h"], maelstrom: 254 },
  { name: "unknown command", argv: ["bogus"], maelstrom: 254 },
  { name: "test --help", argv: ["test", "--help"], maelstrom: 0 },
  { name: "test -h", argv: ["test", "-h"], maelstrom: 0 },
  {
    name: "test --help with bad options",
    argv: ["test", "--help", "--time-limit", "0"],
    maelstrom: 0,
  },
  { name: "test without --bin", argv: ["test", "-w", "echo"], maelstrom: 254 },
  {
    name: "--bin that does not exist",
    argv: ["test", "-w", "echo", "--bin", "$MISSING", "--node-count", "1", "--time-limit", "1"],
    maelstrom: 255,
    runs: true,
  },
  { name: "unknown option", argv: echo1("--bogus"), maelstrom: 254 },
  {
    name: "option without its value",
    argv: ["test", "-w", "echo", "--bin", "$BIN", "--time-limit"],
    maelstrom: 254,
  },
  { name: "--nodes n1", argv: echo("--nodes", "n1"), maelstrom: 0, runs: true },
  { name: "--nodes n1,n2", argv: echo("--nodes", "n1,n2"), maelstrom: 0, runs: true },
  { name: "-n n1 -n n2", argv: echo("-n", "n1", "-n", "n2"), maelstrom: 0, runs: true },
  { name: "--node n1", argv: echo("--node", "n1"), maelstrom: 0, runs: true },
  { name: "--nodes-file", argv: echo("--nodes-file", "$NODES"), maelstrom: 0, runs: true },
  {
    name: "--nodes-file that does not exist",
    argv: echo("--nodes-file", "$MISSING"),
    maelstrom: 255,
    note: "Jepsen reads the file while parsing, and crashes",
  },
  { name: "--node-count 2", argv: echo("--node-count", "2"), maelstrom: 0, runs: true },
  { name: "--node-count 0", argv: echo("--node-count", "0"), maelstrom: 254 },
  { name: "--node-count x", argv: echo("--node-count", "x"), maelstrom: 254 },
  { name: "--test-count 2", argv: echo1("--test-count", "2"), maelstrom: 0, runs: true },
  { name: "--test-count 0", argv: echo1("--test-count", "0"), maelstrom: 254 },
  { name: "--log-net-send", argv: echo1("--log-net-send"), maelstrom: 0, runs: true },
  { name: "--log-net-recv", argv: echo1("--log-net-recv"), maelstrom: 0, runs: true },
  { name: "--leave-db-running", argv: echo1("--leave-db-running"), maelstrom: 0, runs: true },
  { name: "--logging-json", argv: echo1("--logging-json"), maelstrom: 0, runs: true },
  {
    name: "SSH options",
    argv: echo1(
      "--username",
      "u",
      "--password",
      "p",
      "--no-ssh",
      "--strict-host-key-checking",
      "--ssh-private-key",
      "k",
    ),
    maelstrom: 0,
    runs: true,
    note: "no-ops",
  },
  {
    name: "-wecho (value glued to a short flag)",
    argv: ["test", "-wecho", "--bin", "$BIN", "--node-count", "1", "--time-limit", "1"],
    maelstrom: 0,
    runs: true,
  },
  {
    name: "--workload=echo",
    argv: ["test", "--workload=echo", "--bin", "$BIN", "--node-count", "1", "--time-limit", "1"],
    maelstrom: 0,
    runs: true,
  },
  { name: "-w bogus", argv: ["test", "-w", "bogus", "--bin", "$BIN"], maelstrom: 254 },
  { name: "--availability 1/2", argv: echo1("--availability", "1/2"), maelstrom: 0, runs: true },
  {
    name: "--availability total",
    argv: echo1("--availability", "total"),
    maelstrom: 0,
    runs: true,
  },
  { name: "--availability 2", argv: echo1("--availability", "2"), maelstrom: 254 },
  { name: "--availability x", argv: echo1("--availability", "x"), maelstrom: 254 },
  {
    name: "--nemesis partition --nemesis-interval 1/2",
    argv: echo("--node-count", "2", "--nemesis", "partition", "--nemesis-interval", "1/2"),
    maelstrom: 0,
    runs: true,
  },
  { name: "--nemesis-interval 0", argv: echo1("--nemesis-interval", "0"), maelstrom: 254 },
  { name: "--nemesis-interval x", argv: echo1("--nemesis-interval", "x"), maelstrom: 254 },
  { name: '--nemesis ""', argv: echo1("--nemesis", ""), maelstrom: 254 },
  { name: "--nemesis kill", argv: echo1("--nemesis", "kill"), maelstrom: 254 },
  {
    name: "--time-limit 0",
    argv: ["test", "-w", "echo", "--bin", "$BIN", "--time-limit", "0"],
    maelstrom: 254,
  },
  {
    name: "--time-limit 1.5",
    argv: ["test", "-w", "echo", "--bin", "$BIN", "--time-limit", "1.5"],
    maelstrom: 254,
  },
  {
    name: "--concurrency 0",
    argv: echo1("--concurrency", "0"),
    maelstrom: 0,
    runs: true,
    note: "no client at all: an empty history, valid",
  },
  { name: "--concurrency 2n", argv: echo1("--concurrency", "2n"), maelstrom: 0, runs: true },
  { name: "--concurrency 2x", argv: echo1("--concurrency", "2x"), maelstrom: 254 },
  { name: "--rate 0", argv: echo1("--rate", "0"), maelstrom: 0, runs: true },
  { name: "--rate 1e1", argv: echo1("--rate", "1e1"), maelstrom: 0, runs: true },
  { name: "--rate -1", argv: echo1("--rate", "-1"), maelstrom: 254 },
  { name: "--latency -1", argv: echo1("--latency", "-1"), maelstrom: 254 },
  { name: "--latency 1.5", argv: echo1("--latency", "1.5"), maelstrom: 254 },
  {
    name: "--latency-dist uniform at --latency 0",
    argv: echo1("--latency-dist", "uniform"),
    maelstrom: 255,
    note:
      "Incanter's integer-distribution refuses an empty range at start-up; a build whose stand-in for Incanter lacks that check runs (exit 0)",
  },
  {
    name: "--latency 5 --latency-dist exponential",
    argv: echo1("--latency", "5", "--latency-dist", "exponential"),
    maelstrom: 0,
    runs: true,
  },
  { name: "--latency-dist bogus", argv: echo1("--latency-dist", "bogus"), maelstrom: 254 },
  { name: "--topology line", argv: echo1("--topology", "line"), maelstrom: 0, runs: true },
  { name: "--topology ring", argv: echo1("--topology", "ring"), maelstrom: 254 },
  {
    name: "--consistency-models a,b",
    argv: echo1("--consistency-models", "a,b"),
    maelstrom: 0,
    runs: true,
    note: "any name passes the command line",
  },
  { name: "--key-count 0", argv: echo1("--key-count", "0"), maelstrom: 254 },
  { name: "--max-txn-length 0", argv: echo1("--max-txn-length", "0"), maelstrom: 254 },
  { name: "--max-writes-per-key 0", argv: echo1("--max-writes-per-key", "0"), maelstrom: 254 },
  { name: "--log-stderr", argv: echo1("--log-stderr"), maelstrom: 0, runs: true },
  { name: "--log-stderr=true", argv: echo1("--log-stderr=true"), maelstrom: 0, runs: true },
  {
    name: "words for the node after --",
    argv: echo1("--", "--some-flag", "x"),
    maelstrom: 0,
    runs: true,
  },
  { name: "--seed 1", argv: echo1("--seed", "1"), maelstrom: 254, ours: 0, note: ext, runs: true },
  {
    name: "--recovery 1",
    argv: echo1("--recovery", "1"),
    maelstrom: 254,
    ours: 0,
    note: ext,
    runs: true,
  },
  { name: "--quiet", argv: echo1("--quiet"), maelstrom: 254, ours: 0, note: ext, runs: true },
  {
    name: "--no-progress",
    argv: echo1("--no-progress"),
    maelstrom: 254,
    ours: 0,
    note: ext,
    runs: true,
  },
  { name: "analyze (the latest run)", argv: ["analyze"], maelstrom: 0, runs: true },
  { name: "analyze -t 0", argv: ["analyze", "-t", "0"], maelstrom: 0, runs: true },
  { name: "analyze -t 9999", argv: ["analyze", "-t", "9999"], maelstrom: 255, note: "no such run" },
  { name: "analyze -t $MISSING", argv: ["analyze", "-t", "$MISSING"], maelstrom: 255 },
  {
    name: "analyze --help",
    argv: ["analyze", "--help"],
    maelstrom: 254,
    note: "analyze has no --help in Jepsen; ours prints its help with the error",
  },
  { name: "analyze --bogus", argv: ["analyze", "--bogus"], maelstrom: 254 },
  { name: "serve --help", argv: ["serve", "--help"], maelstrom: 0 },
  { name: "serve -p 0", argv: ["serve", "-p", "0"], maelstrom: 254 },
  { name: "serve --bogus", argv: ["serve", "--bogus"], maelstrom: 254 },
  { name: "demo --help", argv: ["demo", "--help"], maelstrom: 0 },
  { name: "demo --time-limit 0", argv: ["demo", "--time-limit", "0"], maelstrom: 254 },
  { name: "demo --bin x (not a demo option)", argv: ["demo", "--bin", "x"], maelstrom: 254 },
  { name: "doc --help", argv: ["doc", "--help"], maelstrom: 254, note: "doc has no options" },
  {
    name: "doc",
    argv: ["doc"],
    maelstrom: 255,
    ours: 0,
    note:
      "Maelstrom writes doc/workloads.md and doc/protocol.md (exit 0) and crashes where there is no doc/ directory; ours prints the reference to stdout",
  },
];

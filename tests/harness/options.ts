/**
 * The options of one bench run, with Maelstrom's defaults (the options of
 * `maelstrom test`: src/maelstrom/core.clj and Jepsen's jepsen/cli.clj).
 * `cli/test_options.ts` parses them from the command line; `runTest` takes
 * them directly.
 * @module
 */

/** Latency distributions for server-to-server messages. */
export type LatencyDist = "constant" | "uniform" | "exponential";

/** Broadcast topologies (`tree` = `tree2`). */
export type TopologyName = "grid" | "line" | "tree" | "tree2" | "tree3" | "tree4" | "total";

/** Everything a run needs to know. Times are seconds unless the name says otherwise. */
export interface TestOptions {
  /** Workload name, e.g. `"echo"`, `"broadcast"`. */
  workload: string;
  /** Node executable. */
  bin: string;
  /** Extra argv words for the node (after `--bin`). */
  args: string[];
  /** Server node ids: `n0 … n(N-1)` with `--node-count`, else `n1 … n5`. */
  nodes: string[];
  /** Length of the main phase, seconds. */
  timeLimit: number;
  /** Client ops per second (0 = no ops). */
  rate: number;
  /** Number of client worker threads. */
  concurrency: number;
  /** Mean one-way latency of server traffic, ms. */
  latency: number;
  latencyDist: LatencyDist;
  /** Faults; only `"partition"` exists. */
  nemesis: string[];
  /** Mean gap between nemesis ops, seconds. */
  nemesisInterval: number;
  /** Broadcast topology. */
  topology: TopologyName;
  /** `--availability`: absent, `"total"`, or a fraction in [0, 1]. */
  availability?: "total" | number;
  /** Echo node stderr lines to the console. */
  logStderr: boolean;
  /** Log every message as the network accepts it (`--log-net-send`). */
  logNetSend?: boolean;
  /** Log every message as the network delivers it (`--log-net-recv`). */
  logNetRecv?: boolean;
  /**
   * `--leave-db-running`: the nodes are not killed at the end of the test
   * (so, as in Maelstrom, a node that died is not noticed either); they see
   * their stdin close when the bench exits.
   */
  leaveDbRunning?: boolean;
  /** `--logging-json`: the bench's log lines on stderr as JSON objects. */
  loggingJson?: boolean;
  /** Active keys (txn, kafka); absent means the workload's default (10). */
  keyCount?: number;
  maxTxnLength: number;
  maxWritesPerKey: number;
  /** Txn consistency models, split on `\s+,\s+` like Maelstrom. */
  consistencyModels: string[];
  /**
   * Txn workloads (ours, not Maelstrom's): after heal and `recovery`, read
   * every written key on every node; all nodes must agree.
   */
  checkConvergence?: boolean;
  /** Seed of every random choice of the run. */
  seed: number;
  /** The final-phase sleep, seconds (Maelstrom: always 10). */
  recovery: number;
  /** Where runs are stored; default `store` under the current directory. */
  storeDir: string;
  /** Show a live progress line on stderr (default: when stderr is a TTY). */
  progress?: boolean;
  /** Print the results summary and verdict line (default true). */
  quiet?: boolean;
  /** The command line that made these options (`test.json` keeps it). */
  argv?: string[];
}

/** Maelstrom's defaults for everything but `bin`. */
export function defaultOptions(): TestOptions {
  return {
    workload: "lin-kv",
    bin: "",
    args: [],
    nodes: ["n1", "n2", "n3", "n4", "n5"],
    timeLimit: 60,
    rate: 5,
    concurrency: 5,
    latency: 0,
    latencyDist: "constant",
    nemesis: [],
    nemesisInterval: 10,
    topology: "grid",
    logStderr: false,
    maxTxnLength: 4,
    maxWritesPerKey: 16,
    consistencyModels: ["strict-serializable"],
    seed: Math.floor(Math.random() * 2 ** 31),
    recovery: 10,
    storeDir: "store",
  };
}

/** Node ids for `--node-count n`: `n0 … n(n-1)`. */
export function nodeIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i}`);
}

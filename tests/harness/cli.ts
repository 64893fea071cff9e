/**
 * The bench's command line, Maelstrom's `test` command (harness.md §2):
 *
 * ```sh
 * deno task harness test -w broadcast --bin dist/broadcast --node-count 5 --time-limit 20 --rate 10 [-- args]
 * ```
 *
 * Plain words after the options (or after `--`) are passed to the node as
 * argv. Our own options: `--seed N` (reproducible randomness), `--recovery
 * S` (final-phase sleep, default 10), `--store DIR`, `--quiet`,
 * `--[no-]progress`. Exit status: 0 valid, 1 invalid, 2 unknown, 254 bad
 * arguments, 255 crashed test.
 * @module
 */

import { UsageError } from "./errors.ts";
import {
  defaultOptions,
  type LatencyDist,
  nodeIds,
  type TestOptions,
  type TopologyName,
} from "./options.ts";
import { runTest } from "./run.ts";

const TOPOLOGIES = ["grid", "line", "tree", "tree2", "tree3", "tree4", "total"];
const DISTS = ["constant", "uniform", "exponential"];
const WORKLOADS = [
  "echo",
  "unique-ids",
  "broadcast",
  "g-set",
  "g-counter",
  "pn-counter",
  "kafka",
  "lin-kv",
  "txn-rw-register",
  "txn-list-append",
];

/** Usage text. */
export const USAGE = `Usage: deno task harness test -w WORKLOAD --bin PATH [options] [-- node args]

  -w, --workload NAME        ${WORKLOADS.join(", ")} (default lin-kv)
  --bin FILE                 node executable (required)
  --node-count N             nodes n0 … n(N-1) (default n1 … n5)
  --time-limit S             main phase length, seconds (default 60)
  --rate R                   ops per second (default 5)
  --concurrency N|Nn         worker threads; Nn = N × nodes (default 1n)
  --latency MS               mean server-to-server latency (default 0)
  --latency-dist D           constant, uniform, exponential (default constant)
  --nemesis partition        network partitions
  --nemesis-interval S       mean seconds between nemesis ops (default 10)
  --topology T               ${TOPOLOGIES.join(", ")} (default grid)
  --availability A           total, or a fraction in [0, 1]
  --log-stderr               echo node stderr to the console
  --key-count N              active keys (txn, kafka)
  --max-txn-length N         (default 4)
  --max-writes-per-key N     (default 16)
  --consistency-models M     txn models, separated by " , " (default strict-serializable)
  --seed N                   seed of every random choice (default random)
  --recovery S               final-phase sleep, seconds (default 10)
  --check-convergence        txn: after heal and recovery, all nodes must agree on every key
  --store DIR                store root (default store)
  --quiet                    print nothing but errors
  --progress, --no-progress  live progress line on stderr (default: when a TTY)
`;

function integer(option: string, text: string | undefined, min = 0): number {
  if (text === undefined) throw new UsageError(`Missing value for ${option}`);
  if (!/^-?\d+$/.test(text) || Number(text) < min) {
    throw new UsageError(`Invalid value for ${option}: "${text}" (expected an integer ≥ ${min})`);
  }
  return Number(text);
}

function decimal(option: string, text: string | undefined, min = 0): number {
  if (text === undefined) throw new UsageError(`Missing value for ${option}`);
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < min) {
    throw new UsageError(`Invalid value for ${option}: "${text}" (expected a number ≥ ${min})`);
  }
  return n;
}

function oneOf<T extends string>(option: string, text: string | undefined, allowed: string[]): T {
  if (text === undefined) throw new UsageError(`Missing value for ${option}`);
  if (!allowed.includes(text)) {
    throw new UsageError(
      `Invalid value for ${option}: "${text}" (expected one of ${allowed.join(", ")})`,
    );
  }
  return text as T;
}

/**
 * Parses the arguments of `test` (without the command word).
 * @param args The arguments.
 * @returns The options.
 * @throws {UsageError} naming the offending option.
 * @example
 * ```ts
 * import { parseTestArgs } from "./cli.ts";
 * import assert from "node:assert";
 * const o = parseTestArgs(["-w", "echo", "--bin", "x", "--node-count", "2", "--concurrency", "2n"]);
 * assert.deepEqual([o.nodes, o.concurrency], [["n0", "n1"], 4]);
 * ```
 */
export function parseTestArgs(args: readonly string[]): TestOptions {
  const o = defaultOptions();
  let concurrency = "1n";
  let nodeCount: number | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      rest.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq > 0 && arg.startsWith("--") ? arg.slice(0, eq) : arg;
    const inline = eq > 0 && arg.startsWith("--") ? arg.slice(eq + 1) : undefined;
    const value = () => inline ?? args[++i];
    switch (name) {
      case "-w":
      case "--workload":
        o.workload = oneOf(name, value(), WORKLOADS);
        break;
      case "--bin": {
        const v = value();
        if (v === undefined) throw new UsageError(`Missing value for --bin`);
        o.bin = v;
        break;
      }
      case "--node-count":
        nodeCount = integer(name, value(), 1);
        break;
      case "--time-limit":
        o.timeLimit = integer(name, value(), 0);
        break;
      case "--rate":
        o.rate = decimal(name, value());
        break;
      case "--concurrency": {
        const v = value();
        if (v === undefined || !/^\d+n?$/.test(v)) {
          throw new UsageError(`Invalid value for --concurrency: "${v}" (expected N or Nn)`);
        }
        concurrency = v;
        break;
      }
      case "--latency":
        o.latency = integer(name, value(), 0);
        break;
      case "--latency-dist":
        o.latencyDist = oneOf<LatencyDist>(name, value(), DISTS);
        break;
      case "--nemesis": {
        const v = value();
        if (v === undefined) throw new UsageError(`Missing value for --nemesis`);
        const faults = v.split(",").map((s) => s.trim()).filter((s) => s !== "");
        for (const f of faults) {
          if (f !== "partition") {
            throw new UsageError(`Invalid value for --nemesis: "${f}" (only partition exists)`);
          }
        }
        o.nemesis = faults;
        break;
      }
      case "--nemesis-interval":
        o.nemesisInterval = decimal(name, value());
        break;
      case "--topology":
        o.topology = oneOf<TopologyName>(name, value(), TOPOLOGIES);
        break;
      case "--availability": {
        const v = value();
        if (v === "total") o.availability = "total";
        else {
          const a = decimal(name, v);
          if (a > 1) throw new UsageError(`Invalid value for --availability: "${v}"`);
          o.availability = a;
        }
        break;
      }
      case "--log-stderr":
        o.logStderr = true;
        break;
      case "--key-count":
        o.keyCount = integer(name, value(), 1);
        break;
      case "--max-txn-length":
        o.maxTxnLength = integer(name, value(), 1);
        break;
      case "--max-writes-per-key":
        o.maxWritesPerKey = integer(name, value(), 1);
        break;
      case "--consistency-models": {
        const v = value();
        if (v === undefined) throw new UsageError(`Missing value for --consistency-models`);
        o.consistencyModels = v.split(/\s+,\s+/);
        break;
      }
      case "--seed":
        o.seed = integer(name, value(), 0);
        break;
      case "--recovery":
        o.recovery = decimal(name, value());
        break;
      case "--check-convergence":
        o.checkConvergence = true;
        break;
      case "--store": {
        const v = value();
        if (v === undefined) throw new UsageError(`Missing value for --store`);
        o.storeDir = v;
        break;
      }
      case "--quiet":
        o.quiet = true;
        break;
      case "--progress":
        o.progress = true;
        break;
      case "--no-progress":
        o.progress = false;
        break;
      default:
        throw new UsageError(`Unknown option: ${arg}`);
    }
  }
  if (o.bin === "") throw new UsageError("Missing required option: --bin");
  if (nodeCount !== undefined) o.nodes = nodeIds(nodeCount);
  const c = Number(concurrency.replace("n", ""));
  o.concurrency = concurrency.endsWith("n") ? c * o.nodes.length : c;
  if (o.latencyDist !== "constant" && o.latency === 0) {
    throw new UsageError(
      `Invalid value for --latency: 0 with --latency-dist ${o.latencyDist} (Maelstrom dies on it)`,
    );
  }
  o.args = rest;
  return o;
}

/**
 * Runs the command line.
 * @param argv `Deno.args`.
 * @returns The exit status.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === "-h" || command === "--help") {
    console.log(USAGE);
    return command === undefined ? 254 : 0;
  }
  try {
    if (command !== "test") throw new UsageError(`Unknown command: "${command}" (expected test)`);
    const options = parseTestArgs(args);
    const result = await runTest(options);
    return result.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 254;
    }
    console.error(error);
    return 255;
  }
}

if (import.meta.main) Deno.exit(await main(Deno.args));

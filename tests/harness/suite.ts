/**
 * Runs a challenge's bench configurations against `dist/<challenge>` and
 * prints one table row per run (challenges.md):
 *
 * ```sh
 * deno run -A tests/harness/suite.ts broadcast [--short]
 * ```
 *
 * `--short`: a few seconds each, `--recovery 2` (for CI). `--bench`: only the
 * configurations marked `bench`, full length, three seeds each (`make bench`).
 * Several challenges, or `all`, may be named. With the env var
 * `MAELSTROM` naming the real launcher, runs `$MAELSTROM test …` instead and
 * reads its `store/latest/results.edn`. Exits 1 if any run is not valid.
 * Under a row whose configuration has targets (Fly.io's 3d/3e figures, 5c's
 * "fewer messages than 5b"), one line per source shows each figure beside its
 * target with ✓ or ✗ (`targets.ts`); a missed target is reported, not failed.
 * To add configurations, add entries to {@link CONFIGS}.
 * @module
 */

import { parseTestArgs } from "./cli.ts";
import { type Edn, parseEdn } from "./edn.ts";
import type { Validity } from "./history.ts";
import { runTest } from "./run.ts";
import {
  BROADCAST_3D,
  BROADCAST_3E,
  checkTargets,
  formatTargets,
  type Target,
  type TargetCheck,
} from "./targets.ts";

/** One bench configuration of a challenge. */
export interface SuiteConfig {
  /** Label, e.g. `"3d latency"`. */
  name: string;
  /** Maelstrom `test` arguments without `--bin` (trailing words go to the node). */
  args: string[];
  /** `--time-limit` in `--short` mode (default 3). */
  shortTimeLimit?: number;
  /** `--recovery` in `--short` mode (default 2). */
  shortRecovery?: number;
  /** Options of our bench only (e.g. `--check-convergence`), never passed to the real Maelstrom. */
  benchArgs?: string[];
  /** Part of `make bench`: run at full length with three seeds, figures in the table. */
  bench?: boolean;
  /**
   * The challenge's figures (Fly.io's), printed under the row with ✓ or ✗.
   * They never change the verdict or the exit status: a short or loaded run
   * may miss them.
   */
  targets?: readonly Target[];
}

const tx = (models: string, extra: string[] = []) => [
  "-w",
  "txn-rw-register",
  "--time-limit",
  "20",
  "--rate",
  "1000",
  "--concurrency",
  "2n",
  "--consistency-models",
  models,
  ...extra,
];

/** Every challenge's configurations, keyed by challenge (= `dist/` name). */
export const CONFIGS: Record<string, SuiteConfig[]> = {
  "echo": [{ name: "1", args: ["-w", "echo", "--node-count", "1", "--time-limit", "10"] }],
  "unique-ids": [{
    name: "2",
    args:
      "-w unique-ids --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition"
        .split(" "),
  }],
  "broadcast": [
    { name: "3a", args: "-w broadcast --node-count 1 --time-limit 20 --rate 10".split(" ") },
    { name: "3b", args: "-w broadcast --node-count 5 --time-limit 20 --rate 10".split(" ") },
    {
      name: "3c",
      args: "-w broadcast --node-count 5 --time-limit 20 --rate 10 --nemesis partition".split(" "),
      // Values acknowledged just before the heal are resent after 5 s (Maelstrom allows 10).
      shortRecovery: 7,
    },
    {
      name: "3d/3e",
      args: "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100".split(" "),
      shortTimeLimit: 5,
      bench: true,
      targets: [...BROADCAST_3D, ...BROADCAST_3E],
    },
    {
      name: "3d/3e latency",
      args: "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 latency"
        .split(" "),
      shortTimeLimit: 5,
      bench: true,
      targets: [...BROADCAST_3D, ...BROADCAST_3E],
    },
    {
      name: "3c 25 nodes",
      args:
        "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition"
          .split(" "),
      shortTimeLimit: 5,
      shortRecovery: 7,
    },
    {
      name: "3c 25 nodes latency",
      args:
        "-w broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100 --nemesis partition latency"
          .split(" "),
      shortTimeLimit: 5,
      shortRecovery: 7,
    },
  ],
  "g-set": [
    {
      name: "g-set",
      args: "-w g-set --node-count 3 --time-limit 20 --rate 10 --nemesis partition".split(" "),
    },
    {
      name: "g-set 5 nodes",
      args: "-w g-set --node-count 5 --time-limit 20 --rate 100 --nemesis partition".split(" "),
      bench: true,
    },
  ],
  "g-counter": [{
    name: "4",
    args: "-w g-counter --node-count 3 --rate 100 --time-limit 20 --nemesis partition".split(" "),
    bench: true,
  }],
  "pn-counter": [
    {
      name: "pn-counter",
      args: "-w pn-counter --node-count 3 --rate 100 --time-limit 20 --nemesis partition"
        .split(" "),
    },
    {
      name: "pn 5 nodes",
      args: "-w pn-counter --node-count 5 --time-limit 20 --rate 100 --nemesis partition"
        .split(" "),
      bench: true,
    },
  ],
  "kafka": [
    {
      name: "5a",
      args: "-w kafka --node-count 1 --concurrency 2n --time-limit 20 --rate 1000".split(" "),
    },
    {
      name: "5b/5c",
      args: "-w kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000".split(" "),
      bench: true,
      // Fly.io's 5c names no figure: "significantly fewer messages per
      // operation" than a 5b design that keeps the logs in lin-kv.
      targets: [{ source: "Fly.io 5c", figure: "msgs-per-op", belowThan: "5b/5c lin-kv" }],
    },
    {
      name: "5 3 nodes",
      args: "-w kafka --node-count 3 --concurrency 2n --time-limit 20 --rate 1000".split(" "),
    },
    {
      name: "5 5 nodes",
      args: "-w kafka --node-count 5 --concurrency 2n --time-limit 20 --rate 1000".split(" "),
    },
    {
      name: "5b/5c lin-kv",
      args: "-w kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 lin-kv"
        .split(" "),
      bench: true,
    },
  ],
  "txn": [
    {
      name: "6a",
      args: ["--node-count", "1", ...tx("read-uncommitted", ["--availability", "total"])],
    },
    { name: "6b i", args: ["--node-count", "2", ...tx("read-uncommitted")] },
    {
      name: "6b ii",
      args: [
        "--node-count",
        "2",
        ...tx("read-uncommitted", ["--availability", "total", "--nemesis", "partition"]),
      ],
    },
    {
      name: "6c",
      args: [
        "--node-count",
        "2",
        ...tx("read-committed", ["--availability", "total", "--nemesis", "partition"]),
      ],
      bench: true,
    },
    ...[3, 5].map((n) => ({
      name: `6c ${n} nodes`,
      args: [
        "--node-count",
        String(n),
        ...tx("read-committed", ["--availability", "total", "--nemesis", "partition"]),
      ],
    })),
  ].map((c) => ({ ...c, benchArgs: ["--check-convergence"] })),
  "lin-kv": [
    {
      name: "3 nodes partition",
      args:
        "-w lin-kv --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition"
          .split(" "),
      bench: true,
    },
    {
      name: "5 nodes partition",
      args:
        "-w lin-kv --node-count 5 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition"
          .split(" "),
    },
  ],
  "txn-list-append": [
    {
      name: "2 nodes",
      args: "-w txn-list-append --node-count 2 --concurrency 2n --time-limit 20 --rate 100"
        .split(" "),
      bench: true,
    },
    {
      name: "3 nodes partition",
      args:
        "-w txn-list-append --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition"
          .split(" "),
    },
  ],
};

/** What one run produced, for the table. */
export interface SuiteRow {
  config: string;
  valid: Validity | "crashed";
  msgsPerOp?: number;
  /** `"stable p50/max"` or `"op p50/p99"`, in ms. */
  latency: string;
  dir?: string;
  /** The results map, when the run produced one. */
  results?: unknown;
  /** The configuration's targets that could be decided. */
  targets?: TargetCheck[];
}

type Rec = Record<string, unknown>;
const get = (v: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((x, k) => (x as Rec | undefined)?.[k], v);

/** Builds a row from a results map (ours or Maelstrom's, same keys). */
export function rowOf(config: string, results: unknown, dir?: string): SuiteRow {
  const valid = get(results, "valid?") as Validity;
  const mpo = get(results, "net", "servers", "msgs-per-op");
  const stable = get(results, "workload", "stable-latencies");
  let latency = "–";
  if (stable !== undefined) {
    latency = `stable ${get(stable, "0.5")}/${get(stable, "1")}`;
  } else {
    const all = get(results, "latency", "all");
    if (all !== undefined) latency = `op ${get(all, "p50")}/${get(all, "p99")}`;
    // kafka: send and poll separately (the 5c targets are on both).
    const [send, poll] = ["send", "poll"].map((f) => get(results, "latency", "by-f", f));
    if (send !== undefined && poll !== undefined) {
      latency = `send ${get(send, "p50")}/${get(send, "p99")} poll ${get(poll, "p50")}/${
        get(poll, "p99")
      }`;
    }
  }
  return {
    config,
    valid: valid ?? "unknown",
    msgsPerOp: typeof mpo === "number" ? mpo : undefined,
    latency,
    dir,
    results,
  };
}

/** Formats a row. */
export function formatRow(r: SuiteRow): string {
  const verdict = r.valid === true ? "valid" : r.valid === false ? "INVALID" : String(r.valid);
  const mpo = r.msgsPerOp === undefined ? "–" : r.msgsPerOp.toFixed(2);
  return `${r.config.padEnd(16)} ${verdict.padEnd(8)} ${mpo.padStart(8)}  ${r.latency.padEnd(24)} ${
    r.dir ?? ""
  }`;
}

function shorten(args: string[], timeLimit: number): string[] {
  const out = [...args];
  const i = out.indexOf("--time-limit");
  if (i >= 0) out[i + 1] = String(timeLimit);
  else out.push("--time-limit", String(timeLimit));
  return out;
}

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  short?: boolean;
  /** Only the `bench` configurations, each with these seeds. */
  benchSeeds?: number[];
  /** The real Maelstrom launcher, if any. */
  maelstrom?: string;
  /** Directory of the node binaries (default `dist`). */
  dist?: string;
  /** Extra bench options (e.g. `--store`), ours only. */
  extra?: string[];
}

async function runMaelstrom(launcher: string, args: string[]): Promise<Edn> {
  const status = await new Deno.Command(launcher, { args: ["test", ...args] }).spawn().status;
  if (status.code === 255 || status.code === 254) {
    return { "valid?": "crashed" } as unknown as Edn;
  }
  return parseEdn(await Deno.readTextFile("store/latest/results.edn"));
}

async function runOne(
  c: SuiteConfig,
  seed: number | undefined,
  bin: string,
  options: SuiteOptions,
): Promise<SuiteRow> {
  let args = [...c.args, "--bin", bin];
  if (options.short) args = shorten(args, c.shortTimeLimit ?? 3);
  const label = seed === undefined ? c.name : `${c.name} seed ${seed}`;
  if (options.maelstrom !== undefined) {
    return rowOf(label, await runMaelstrom(options.maelstrom, args), "store/latest");
  }
  const extra = [
    ...(options.short ? ["--recovery", String(c.shortRecovery ?? 2)] : []),
    ...(seed === undefined ? [] : ["--seed", String(seed)]),
    ...(options.extra ?? []),
  ];
  const r = await runTest(parseTestArgs([...args, ...(c.benchArgs ?? []), ...extra, "--quiet"]));
  return r.results
    ? rowOf(label, r.results, r.dir)
    : { config: label, valid: "crashed", latency: r.error ?? "", dir: r.dir };
}

/**
 * Runs a challenge's configurations.
 * @param challenge A key of {@link CONFIGS}.
 * @param options Short mode, real Maelstrom, dist directory.
 * @returns One row per run.
 */
export async function runSuite(challenge: string, options: SuiteOptions = {}): Promise<SuiteRow[]> {
  const configs = CONFIGS[challenge];
  if (configs === undefined) {
    throw new Error(
      `Unknown challenge: "${challenge}" (known: ${Object.keys(CONFIGS).join(", ")})`,
    );
  }
  const bin = `${options.dist ?? "dist"}/${challenge}`;
  const rows: SuiteRow[] = [];
  console.log(`${"config".padEnd(16)} ${"verdict".padEnd(8)} msgs/op   latency (ms)`);
  const runs: Array<[SuiteConfig, number | undefined]> = options.benchSeeds === undefined
    ? configs.map((c) => [c, undefined])
    : configs.filter((c) => c.bench).flatMap((c) =>
      options.benchSeeds!.map((seed): [SuiteConfig, number] => [c, seed])
    );
  const done = new Map<string, SuiteRow>();
  const key = (name: string, seed: number | undefined) => `${name}\u0000${seed ?? ""}`;
  // Rows whose targets compare with a run that has not happened yet.
  const waiting: Array<{ row: SuiteRow; targets: readonly Target[]; seed?: number }> = [];
  for (const [c, seed] of runs) {
    const row = await runOne(c, seed, bin, options);
    rows.push(row);
    done.set(key(c.name, seed), row);
    console.log(formatRow(row));
    if (c.targets !== undefined) waiting.push({ row, targets: c.targets, seed });
    for (let i = 0; i < waiting.length; i++) {
      const w = waiting[i];
      const resultsOf = (name: string) => done.get(key(name, w.seed))?.results;
      if (w.targets.some((t) => t.belowThan !== undefined && !resultsOf(t.belowThan))) continue;
      w.row.targets = checkTargets(w.row.results, w.targets, { resultsOf });
      const prefix = w.row === row ? "" : `${w.row.config}: `;
      for (const line of formatTargets(w.row.targets)) {
        console.log(`${" ".repeat(17)}${prefix}${line}`);
      }
      waiting.splice(i--, 1);
    }
  }
  return rows;
}

if (import.meta.main) {
  const flags = new Set(Deno.args.filter((a) => a.startsWith("--")));
  let names = Deno.args.filter((a) => !a.startsWith("--"));
  if (names.length === 1 && names[0] === "all") names = Object.keys(CONFIGS);
  const unknown = names.filter((n) => CONFIGS[n] === undefined);
  if (names.length === 0 || unknown.length > 0) {
    console.error(
      `Usage: suite.ts <challenge…|all> [--short] [--bench]\nChallenges: ${
        Object.keys(CONFIGS).join(", ")
      }${unknown.length > 0 ? `\nUnknown: ${unknown.join(", ")}` : ""}`,
    );
    Deno.exit(254);
  }
  const rows: SuiteRow[] = [];
  for (const name of names) {
    if (names.length > 1) console.log(`\n${name}`);
    rows.push(
      ...await runSuite(name, {
        short: flags.has("--short"),
        benchSeeds: flags.has("--bench") ? [1, 2, 3] : undefined,
        maelstrom: Deno.env.get("MAELSTROM") || undefined,
      }),
    );
  }
  const passed = rows.filter((r) => r.valid === true).length;
  const checks = rows.flatMap((r) => r.targets ?? []);
  const met = checks.filter((c) => c.pass).length;
  const targets = checks.length === 0 ? "" : `; targets ${met} met, ${checks.length - met} missed`;
  console.log(`\nsuite: ${passed} passed, ${rows.length - passed} failed${targets}`);
  Deno.exit(passed === rows.length ? 0 : 1);
}

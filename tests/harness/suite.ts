/**
 * Runs a challenge's bench configurations against `dist/<challenge>` and
 * prints one table row per run (the configurations of Fly.io's challenges,
 * https://fly.io/dist-sys/, and of Maelstrom's other workloads; the course,
 * docs/README.md, says what each teaches):
 *
 * ```sh
 * deno run -A tests/harness/suite.ts broadcast [--short]
 * ```
 *
 * `--short`: a few seconds each, `--recovery 2` (for CI), leaving out the
 * configurations marked `long`. `--bench`: only the configurations marked
 * `bench`, full length, three seeds each unless they say otherwise (`make
 * bench`), and after them the challenge's reference node where it has one
 * (Maelstrom's raft.rb for lin-kv, named by `RAFT_RB`; without it, its
 * published figures, marked as such). `--seeds 1,2,3`: every configuration
 * once per seed (under `MAELSTROM`, which has no seeds, as many runs,
 * labelled `run 1`, `run 2`, …). `--only A,B`: configurations whose name starts with one of
 * these. `--json FILE`: also append each row to FILE as a JSON line (its
 * figures and targets). `--bin PATH`: run another node than `dist/<challenge>`
 * (yours, or raft.rb through `tests/fixtures/raft_rb/run.sh`). Several
 * challenges, or `all`, may be named. With the env var
 * `MAELSTROM` naming the real launcher, runs `$MAELSTROM test …` in the
 * current directory instead and reads its `store/latest/` (results.edn,
 * history.edn, node logs, jepsen.log). Exits 1 if any run is not valid.
 * Under a row whose configuration has targets (Fly.io's 3d/3e figures, 5c's
 * "fewer messages than 5b"), one line per source shows each figure beside its
 * target with ✓ or ✗ (`targets.ts`); a missed target is reported, not failed.
 * Configurations marked `availability` (lin-kv, txn-list-append) get figures
 * computed from the history and node logs (`availability/`): latency of
 * answered ops, `:info` share, answered fractions overall and on the
 * majority side of partitions, leader figures, and the checker's time.
 * To add configurations, add entries to {@link CONFIGS}.
 * @module
 */

import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runAvailability } from "./availability/mod.ts";
import { parseTestArgs } from "./cli.ts";
import type { Op, Validity } from "./history.ts";
import { runMaelstrom } from "./maelstrom_run.ts";
import { runTest } from "./run.ts";
import {
  BROADCAST_3D,
  BROADCAST_3E,
  checkTargets,
  formatTargets,
  type Target,
  type TargetCheck,
} from "./targets.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

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
  /** Seeds of this configuration in `--bench` mode (default 1, 2, 3). */
  benchSeeds?: number[];
  /** Left out of `--short` (CI runs only the short ones). */
  long?: boolean;
  /** Compute availability figures (from the history and the node logs), for targets on them. */
  availability?: boolean;
  /** In `--bench` mode, run the challenge's reference node on it too (see {@link REFERENCES}). */
  reference?: boolean;
}

/**
 * A node to compare with, run on the same configurations in `--bench`
 * mode: someone else's, never committed; the env var names it.
 */
export interface Reference {
  /** Row label, e.g. `"raft.rb"`. */
  name: string;
  /** The env var with its path (e.g. `RAFT_RB`). */
  env: string;
  /** What `--bin` runs, relative to the repository (a wrapper that reads the env var). */
  bin: string;
  /** Per configuration name: its published figures, printed when the env var is unset. */
  anchors: Record<string, string>;
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

/** The lin-kv matrix of issue 11: A no faults, B the guide's partitions, C its stress test, D latency 10. */
const LIN_KV: Record<string, string> = {
  A: "-w lin-kv --concurrency 2n --rate 100 --time-limit 60",
  B: "-w lin-kv --concurrency 4n --rate 30 --time-limit 60 --nemesis partition --nemesis-interval 10",
  C: "-w lin-kv --concurrency 10n --rate 100 --time-limit 60 --nemesis partition --nemesis-interval 3",
  D: "-w lin-kv --concurrency 2n --rate 100 --time-limit 60 --latency 10",
};

const ISSUE = "issue 11";
const t = (figure: Target["figure"], bound: Partial<Target> = {}): Target => ({
  source: ISSUE,
  figure,
  ...bound,
});

/**
 * lin-kv targets (issue 11): every run valid with at most 1 % of writes and
 * cas indefinite; A: latency and msgs/op per profile; D: latency; B: leader
 * and availability figures. Latency is over answered ops (ok, 20, 22).
 */
function linKvTargets(scenario: string, n: number, profile: string): Target[] {
  const out: Target[] = [];
  if (scenario === "A") {
    const frugal = profile === "frugal";
    out.push(
      t("msgs-per-op", { atMost: frugal ? (n === 3 ? 1.8 : 2.8) : (n === 3 ? 3.5 : 5.5) }),
      t("answered-p50", { atMost: frugal ? 30 : 10 }),
      t("answered-p99", { atMost: frugal ? 60 : 30 }),
    );
  } else if (scenario === "D") {
    out.push(
      t("msgs-per-op"),
      t("answered-p50", { atMost: 35 }),
      t("answered-p99", { atMost: 60 }),
    );
  } else out.push(t("msgs-per-op"), t("answered-p50"), t("answered-p99"));
  out.push(t("info-share", { atMost: 0.01 }));
  if (scenario === "B") {
    out.push(
      t("first-leader", { atMost: 500, optional: true }),
      t("majority-worst", { atLeast: 0.99, optional: true }),
      t("leader-replaced", { atMost: 1000, optional: true }),
      t("unreplaced", { atMost: 0, optional: true }),
      t("heal-changes", { atMost: 0, optional: true }),
      t("minority-11-p99", { atMost: 100, optional: true }),
      t("minority-refused"),
      t("first-answer"),
    );
  }
  out.push(t("answered", scenario === "B" && n === 5 ? { atLeast: 0.8 } : {}));
  out.push(t("check-seconds"));
  return out;
}

/** One configuration of the lin-kv matrix; `profile` is passed to the node as its argument. */
function linKv(
  scenario: string,
  n: number,
  profile?: "latency" | "frugal",
  extra: Partial<SuiteConfig> = {},
): SuiteConfig {
  return {
    name: `${scenario} ${n}n${profile ? ` ${profile}` : ""}`,
    args: [
      ...LIN_KV[scenario].split(" "),
      "--node-count",
      String(n),
      ...(profile === "frugal" ? [profile] : []),
    ],
    availability: true,
    benchSeeds: [1],
    targets: linKvTargets(scenario, n, profile ?? "latency"),
    ...extra,
  };
}

/** txn-list-append targets (issue 11): ≥ 99 % answered on the majority side, ≤ 4 msgs/op at 3 nodes. */
function txnTargets(n: number, partition: boolean): Target[] {
  return [
    t("msgs-per-op", n === 3 ? { atMost: 4 } : {}),
    t("answered-p50"),
    t("answered-p99"),
    ...(partition ? [t("majority-worst", { atLeast: 0.99, optional: true })] : []),
    t("info-share"),
    t("answered"),
    t("check-seconds"),
  ];
}

/** Reference nodes, by challenge. */
export const REFERENCES: Record<string, Reference> = {
  "lin-kv": {
    name: "raft.rb",
    env: "RAFT_RB",
    bin: "tests/fixtures/raft_rb/run.sh",
    // Issue 11's anchors: real Maelstrom 0.2.5 on this kind of machine (A at --time-limit 30).
    anchors: {
      "A 3n latency":
        "valid · msgs/op 2.24 · p50 31 ms · p99 55 ms (real Maelstrom, --time-limit 30)",
      "A 5n latency":
        "valid · msgs/op 3.25 · p50 29 ms · p99 54 ms (real Maelstrom, --time-limit 30)",
      "B 3n": "answered 64% · info 3.5% · 3–5 s unanswered after a heal (real Maelstrom)",
      "B 5n": "answered 21% · info 6% · crashes at start in 1 of 3 runs (real Maelstrom)",
    },
  },
};

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
    linKv("A", 3, "latency", { bench: true, reference: true }),
    linKv("A", 3, "frugal", { bench: true }),
    linKv("A", 5, "latency", { bench: true, reference: true }),
    linKv("A", 5, "frugal", { bench: true }),
    linKv("B", 3, undefined, { bench: true, reference: true }),
    linKv("B", 5, undefined, { bench: true, reference: true, shortTimeLimit: 5 }),
    linKv("C", 3),
    linKv("C", 5),
    linKv("D", 3),
    linKv("D", 5),
  ].map((c) => ({
    ...c,
    // make test: one fault-free, one partitioned and one stress run (~15 s).
    long: !["A 3n latency", "B 5n", "C 3n"].includes(c.name),
  })),
  "txn-list-append": [3, 5].flatMap((n) =>
    [false, true].map((partition): SuiteConfig => ({
      name: `${n}n${partition ? " partition" : ""}`,
      args: [
        ..."-w txn-list-append --concurrency 2n --rate 100 --time-limit 60".split(" "),
        "--node-count",
        String(n),
        ...(partition ? ["--nemesis", "partition"] : []),
      ],
      availability: true,
      bench: n === 3,
      benchSeeds: [1],
      long: !((n === 3 && partition) || (n === 5 && !partition)),
      targets: txnTargets(n, partition),
    }))
  ),
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
  /** A row of published figures, not of a run. */
  anchor?: string;
  /** What was run (for `--json`). */
  run?: { challenge: string; config: string; seed?: number; bin: string };
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

/** Width of the label column: "A 3n latency seed 12" fits. */
const LABEL = 20;

/** Formats a row. */
export function formatRow(r: SuiteRow): string {
  if (r.anchor !== undefined) return `${r.config.padEnd(LABEL)} ${r.anchor}`;
  const verdict = r.valid === true ? "valid" : r.valid === false ? "INVALID" : String(r.valid);
  const mpo = r.msgsPerOp === undefined ? "–" : r.msgsPerOp.toFixed(2);
  return `${r.config.padEnd(LABEL)} ${verdict.padEnd(8)} ${mpo.padStart(8)}  ${
    r.latency.padEnd(24)
  } ${r.dir ?? ""}`;
}

/** `args` with `--time-limit` set to `timeLimit`. */
export function shorten(args: string[], timeLimit: number): string[] {
  const out = [...args];
  const i = out.indexOf("--time-limit");
  if (i >= 0) out[i + 1] = String(timeLimit);
  else out.push("--time-limit", String(timeLimit));
  return out;
}

/** Options of {@link runSuite}. */
export interface SuiteOptions {
  short?: boolean;
  /** `--bench`: only the `bench` configurations, each with its bench seeds, and the reference. */
  bench?: boolean;
  /** Every configuration once per seed. */
  seeds?: number[];
  /** Only configurations whose name starts with one of these. */
  only?: string[];
  /** The real Maelstrom launcher, if any. */
  maelstrom?: string;
  /** Directory of the node binaries (default the repository's `dist`). */
  dist?: string;
  /** The node to run instead of `<dist>/<challenge>` (`--bin PATH`: your own, or a reference). */
  bin?: string;
  /** Extra bench options (e.g. `--store`), ours only. */
  extra?: string[];
  /** Append one JSON line per row to this file (`--json FILE`): label, verdict, figures, targets. */
  json?: string;
}

/** One run of a configuration: the node it runs, its label and seed. */
export interface Run {
  config: SuiteConfig;
  seed?: number;
  /** The node; empty for a reference whose env var is unset (its anchors are printed). */
  bin: string;
  label: string;
  /** The reference's run, not the challenge's. */
  reference?: boolean;
}

/**
 * The runs of a challenge in the suite's mode: its configurations (all,
 * the short ones, or the bench ones), once per seed, each bench one with
 * the reference node after it.
 * @param challenge A key of {@link CONFIGS}.
 * @param options The mode.
 * @returns The runs in order.
 */
export function plan(challenge: string, options: SuiteOptions): Run[] {
  const configs = CONFIGS[challenge].filter((c) =>
    (options.only === undefined || options.only.some((p) => c.name.startsWith(p))) &&
    (!options.short || !c.long) && (!options.bench || c.bench)
  );
  const bin = options.bin ?? `${options.dist ?? `${ROOT}dist`}/${challenge}`;
  const ref = REFERENCES[challenge];
  const refBin = ref && Deno.env.get(ref.env) ? `${ROOT}${ref.bin}` : undefined;
  const runs: Run[] = [];
  for (const c of configs) {
    const seeds = options.seeds ?? (options.bench ? c.benchSeeds ?? [1, 2, 3] : [undefined]);
    for (const [i, seed] of seeds.entries()) {
      const label = seed === undefined
        ? c.name
        : options.maelstrom !== undefined
        ? `${c.name} run ${i + 1}`
        : `${c.name} seed ${seed}`;
      runs.push({ config: c, seed, bin, label });
      if (options.bench && c.reference && ref !== undefined) {
        runs.push({ config: c, seed, bin: refBin ?? "", label: `  ${ref.name}`, reference: true });
      }
    }
  }
  return runs;
}

/** What a run left for its row, ours or Maelstrom's. */
interface Outcome {
  results?: unknown;
  history?: Op[];
  dir?: string;
  originWallMs?: number;
  checkSeconds?: number;
  error?: string;
}

async function runOurs(args: string[], run: Run, options: SuiteOptions): Promise<Outcome> {
  const c = run.config;
  const extra = [
    ...(options.short ? ["--recovery", String(c.shortRecovery ?? 2)] : []),
    ...(run.seed === undefined ? [] : ["--seed", String(run.seed)]),
    ...(options.extra ?? []),
  ];
  const r = await runTest(parseTestArgs([...args, ...(c.benchArgs ?? []), ...extra, "--quiet"]));
  return {
    results: r.results,
    history: r.history,
    dir: r.dir,
    originWallMs: r.bench?.originWallMs,
    checkSeconds: r.bench?.wall.analysis,
    error: r.results ? undefined : r.error ?? "crashed",
  };
}

async function runOne(run: Run, options: SuiteOptions): Promise<SuiteRow> {
  const c = run.config;
  let args = [...c.args, "--bin", run.bin];
  if (options.short) args = shorten(args, c.shortTimeLimit ?? 3);
  const out = options.maelstrom !== undefined
    ? await runMaelstrom(options.maelstrom, args)
    : await runOurs(args, run, options);
  if (out.results === undefined) {
    return { config: run.label, valid: "crashed", latency: out.error ?? "", dir: out.dir };
  }
  let results = out.results;
  if (c.availability && out.history !== undefined && out.dir !== undefined) {
    const test = parseTestArgs(args);
    const figures = await runAvailability(out.history, {
      dir: out.dir,
      nodes: test.nodes,
      concurrency: test.concurrency,
      originWallMs: out.originWallMs,
    });
    results = {
      ...results as Record<string, unknown>,
      figures: { ...figures, checkSeconds: out.checkSeconds },
    };
  }
  return rowOf(run.label, results, out.dir);
}

/**
 * Runs a challenge's configurations.
 * @param challenge A key of {@link CONFIGS}.
 * @param options Short or bench mode, seeds, real Maelstrom, dist directory.
 * @returns One row per run (and per reference anchor).
 */
export async function runSuite(challenge: string, options: SuiteOptions = {}): Promise<SuiteRow[]> {
  if (CONFIGS[challenge] === undefined) {
    throw new Error(
      `Unknown challenge: "${challenge}" (known: ${Object.keys(CONFIGS).join(", ")})`,
    );
  }
  const rows: SuiteRow[] = [];
  console.log(`${"config".padEnd(LABEL)} ${"verdict".padEnd(8)} msgs/op   latency (ms)`);
  const done = new Map<string, SuiteRow>();
  const key = (name: string, seed: number | undefined) => `${name}\u0000${seed ?? ""}`;
  // Rows whose targets compare with a run that has not happened yet.
  const waiting: Array<{ row: SuiteRow; targets: readonly Target[]; seed?: number }> = [];
  for (const run of plan(challenge, options)) {
    const c = run.config;
    if (run.bin === "") {
      const ref = REFERENCES[challenge];
      const anchor = ref.anchors[c.name] ?? "no published figures for this configuration";
      const row: SuiteRow = {
        config: run.label,
        valid: "unknown",
        latency: "",
        anchor: `not measured (set ${ref.env} to measure it); published: ${anchor}`,
      };
      rows.push(row);
      console.log(formatRow(row));
      continue;
    }
    const row = await runOne(run, options);
    row.run = { challenge, config: c.name, seed: run.seed, bin: run.bin };
    rows.push(row);
    if (!run.reference) done.set(key(c.name, run.seed), row);
    console.log(formatRow(row));
    // A crashed run has no figures to judge.
    if (c.targets !== undefined && row.results !== undefined) {
      waiting.push({ row, targets: c.targets, seed: run.seed });
    }
    for (let i = 0; i < waiting.length; i++) {
      const w = waiting[i];
      const resultsOf = (name: string) => done.get(key(name, w.seed))?.results;
      if (w.targets.some((t) => t.belowThan !== undefined && !resultsOf(t.belowThan))) continue;
      w.row.targets = checkTargets(w.row.results, w.targets, { resultsOf });
      const prefix = w.row === row ? "" : `${w.row.config}: `;
      for (const line of formatTargets(w.row.targets)) {
        console.log(`${" ".repeat(LABEL + 1)}${prefix}${line}`);
      }
      waiting.splice(i--, 1);
    }
  }
  if (options.json !== undefined) {
    const lines = rows.map((r) =>
      JSON.stringify({
        ...r.run,
        label: r.config,
        valid: r.valid,
        anchor: r.anchor,
        dir: r.dir,
        msgsPerOp: r.msgsPerOp,
        figures: (r.results as Record<string, unknown> | undefined)?.figures,
        targets: r.targets?.map((t) => ({ ...t.target, value: t.value, pass: t.pass })),
        maelstrom: options.maelstrom !== undefined,
      }) + "\n"
    );
    await Deno.writeTextFile(options.json, lines.join(""), { append: true });
  }
  return rows;
}

function list(flag: string): string[] | undefined {
  const i = Deno.args.indexOf(flag);
  return i < 0 ? undefined : (Deno.args[i + 1] ?? "").split(",").filter((x) => x !== "");
}

if (import.meta.main) {
  const valued = new Set(["--seeds", "--only", "--json", "--bin"]);
  const words = Deno.args.filter((_, i) => !valued.has(Deno.args[i - 1]));
  const flags = new Set(words.filter((a) => a.startsWith("--")));
  let names = words.filter((a) => !a.startsWith("--"));
  if (names.length === 1 && names[0] === "all") names = Object.keys(CONFIGS);
  const unknown = names.filter((n) => CONFIGS[n] === undefined);
  const seeds = list("--seeds")?.map(Number);
  if (names.length === 0 || unknown.length > 0 || seeds?.some((s) => !Number.isInteger(s))) {
    console.error(
      `Usage: suite.ts <challenge…|all> [--short] [--bench] [--seeds 1,2,3] [--only A,B] [--json FILE] [--bin PATH]\nChallenges: ${
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
        bench: flags.has("--bench"),
        seeds,
        only: list("--only"),
        json: list("--json")?.[0],
        bin: list("--bin")?.map((b) => resolve(b))[0],
        maelstrom: Deno.env.get("MAELSTROM") || undefined,
      }),
    );
  }
  const runs = rows.filter((r) => r.anchor === undefined);
  const passed = runs.filter((r) => r.valid === true).length;
  const checks = runs.flatMap((r) => r.targets ?? []).filter((c) => !c.informational);
  const met = checks.filter((c) => c.pass).length;
  const targets = checks.length === 0 ? "" : `; targets ${met} met, ${checks.length - met} missed`;
  console.log(`\nsuite: ${passed} passed, ${runs.length - passed} failed${targets}`);
  Deno.exit(passed === runs.length ? 0 : 1);
}

/**
 * Hidden-control comparison: runs good and broken control nodes under the
 * bench and under the real Maelstrom with the same command line, and prints
 * their verdicts side by side. Not a test (nothing in `make test` or CI runs
 * it): it needs the real Maelstrom, built from its public source.
 *
 *   MAELSTROM=/path/to/maelstrom deno run -A tests/compare/maelstrom.ts [options]
 *
 * Options:
 * - `--only a,b`      controls whose name contains any of these words (`=name`:
 *                     exactly that name)
 * - `--side bench|maelstrom|both` (default both)
 * - `--runs N`        runs of each race-sensitive control per side (default 3;
 *                     other controls run once)
 * - `--out FILE`      append each verdict as a JSON line (default
 *                     `compare-results.jsonl` in the current directory)
 * - `--table FILE…`   print the table of verdicts stored in these files, run nothing
 * - `--ladders`       add the step nodes' runs (`challenges/<name>/steps/ladder.ts`)
 * - `--list`          list the controls
 *
 * Runs go in a fresh directory under the current one (`compare-runs/`),
 * whose `store/` is kept for inspection. Run it outside the repository,
 * and on a shared machine under a CPU lock, a few controls at a time.
 * @module
 */

import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Edn, parseEdn } from "../harness/edn.ts";
import { maelstromBin } from "./real.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A node program: a bench fixture or compare node with its mode, or a built `dist/` node. */
type Program =
  | { ts: string; mode?: string; config?: boolean }
  | { dist: string };

/** One control: a node and the `maelstrom test` arguments it runs with. */
export interface Control {
  name: string;
  program: Program;
  args: string[];
  /** Verdict depends on timing: run several times per side and count. */
  race?: boolean;
  /** What Maelstrom's source says it should get, for the reader. */
  expect: "valid" | "invalid" | "crash";
}

const fx = (name: string, mode: string): Program => ({
  ts: `tests/harness/fixtures/${name}.ts`,
  mode,
});
const cmp = (name: string, mode?: string): Program => ({
  ts: `tests/compare/nodes/${name}.ts`,
  mode,
});
const txn = (name: string): Program => ({ ts: `tests/fixtures/txn/${name}.ts`, config: true });
const step = (challenge: string, rung: string): Program => ({
  ts: `challenges/${challenge}/steps/${rung}.ts`,
  config: true,
});

const ECHO = ["-w", "echo", "--node-count", "1", "--time-limit", "5", "--rate", "10"];
const IDS = ["-w", "unique-ids", "--node-count", "3", "--time-limit", "5", "--rate", "100"];
const BCAST = ["-w", "broadcast", "--node-count", "5", "--time-limit", "10", "--rate", "10"];
const PART = ["--nemesis", "partition", "--nemesis-interval", "2"];
const COUNTER = ["--node-count", "3", "--time-limit", "5"];
const KAFKA = ["-w", "kafka", "--time-limit", "5", "--rate", "50", "--concurrency", "2n"];
const LINKV = [
  "-w",
  "lin-kv",
  "--node-count",
  "3",
  "--concurrency",
  "2n",
  "--time-limit",
  "10",
  "--rate",
  "50",
];
const LIST = ["-w", "txn-list-append", "--node-count", "2", "--time-limit", "5", "--rate", "50"];
const RW = ["-w", "txn-rw-register", "--time-limit", "5", "--rate", "50"];
const RC = ["--consistency-models", "read-committed"];

/** Our own nodes (`make build`), each under its workload with partitions where it has them. */
const DIST: Record<string, string[]> = {
  "echo": ECHO,
  "unique-ids": [...IDS, ...PART],
  "broadcast": [...BCAST, ...PART],
  "g-set": ["-w", "g-set", ...COUNTER, "--rate", "20", ...PART],
  "g-counter": ["-w", "g-counter", ...COUNTER, "--rate", "20", ...PART],
  "pn-counter": ["-w", "pn-counter", ...COUNTER, "--rate", "20", ...PART],
  "kafka": [...KAFKA, "--node-count", "2"],
  "lin-kv": [...LINKV, ...PART],
  // Challenge 6c's claim: read committed, every node answering under partitions.
  "txn": [...RW, "--node-count", "2", ...PART, ...RC, "--availability", "total"],
  "txn-list-append": [...LIST, ...PART],
};

/** The controls, good and broken. */
export const CONTROLS: Control[] = [
  { name: "echo ok", program: fx("echo", "ok"), args: ECHO, expect: "valid" },
  { name: "echo wrong", program: fx("echo", "wrong"), args: ECHO, expect: "invalid" },
  { name: "echo stdout cut off", program: fx("echo", "nonjson"), args: ECHO, expect: "valid" },
  { name: "echo error 14", program: cmp("echo_errors", "abort"), args: ECHO, expect: "invalid" },
  {
    name: "echo error 13",
    program: cmp("echo_errors", "indefinite"),
    args: ECHO,
    expect: "valid",
  },
  { name: "echo extra key", program: cmp("echo_errors", "extra"), args: ECHO, expect: "valid" },
  { name: "echo crash", program: fx("echo", "crash"), args: ECHO, expect: "crash" },
  {
    name: "unique-ids ok partition total",
    program: fx("unique_ids", "ok"),
    args: [...IDS, ...PART, "--availability", "total"],
    expect: "valid",
  },
  {
    name: "unique-ids duplicate ids",
    program: fx("unique_ids", "collide"),
    args: IDS,
    expect: "invalid",
  },
  {
    name: "broadcast retry partition",
    program: fx("broadcast", "retry"),
    args: [...BCAST, ...PART],
    expect: "valid",
  },
  {
    name: "broadcast once partition (lost)",
    program: fx("broadcast", "once"),
    args: [...BCAST, ...PART],
    expect: "invalid",
  },
  { name: "broadcast no gossip", program: fx("broadcast", "none"), args: BCAST, expect: "invalid" },
  {
    name: "g-counter crdt partition",
    program: fx("counter", "ok"),
    args: ["-w", "g-counter", ...COUNTER, "--rate", "20", ...PART],
    expect: "valid",
  },
  {
    name: "g-counter local only",
    program: fx("counter", "local"),
    args: ["-w", "g-counter", ...COUNTER, "--rate", "20"],
    expect: "invalid",
  },
  {
    name: "pn-counter crdt",
    program: fx("counter", "ok"),
    args: ["-w", "pn-counter", ...COUNTER, "--rate", "20"],
    expect: "valid",
  },
  {
    name: "g-counter lin-kv cas",
    program: cmp("kv_counter", "cas"),
    args: ["-w", "g-counter", ...COUNTER, "--rate", "50"],
    expect: "valid",
  },
  {
    name: "g-counter lin-kv read-then-write (race)",
    program: cmp("kv_counter", "racy"),
    args: ["-w", "g-counter", ...COUNTER, "--rate", "50"],
    race: true,
    expect: "invalid",
  },
  {
    name: "kafka single node",
    program: fx("kafka", "single"),
    args: [...KAFKA, "--node-count", "1"],
    expect: "valid",
  },
  {
    name: "kafka independent logs",
    program: fx("kafka", "independent"),
    args: [...KAFKA, "--node-count", "2"],
    expect: "invalid",
  },
  {
    name: "kafka drops acked sends",
    program: fx("kafka", "drop"),
    args: [...KAFKA, "--node-count", "1"],
    expect: "invalid",
  },
  { name: "lin-kv service", program: fx("lin_kv", "service"), args: LINKV, expect: "valid" },
  { name: "lin-kv lost answers", program: fx("lin_kv", "lossy"), args: LINKV, expect: "valid" },
  { name: "lin-kv local maps", program: fx("lin_kv", "local"), args: LINKV, expect: "invalid" },
  { name: "lin-kv stale cache", program: cmp("lin_kv_stale"), args: LINKV, expect: "invalid" },
  {
    name: "lin-kv cas read-then-write (race)",
    program: fx("lin_kv", "racy"),
    args: LINKV,
    race: true,
    expect: "invalid",
  },
  {
    name: "lin-kv read-then-write step at latency 0 (race)",
    program: step("lin-kv", "2-read-then-write"),
    args: [...LINKV.map((a) => a === "50" ? "100" : a)],
    race: true,
    expect: "invalid",
  },
  {
    name: "txn-list-append serial",
    program: fx("txn_list_append", "serial"),
    args: LIST,
    expect: "valid",
  },
  {
    name: "txn-list-append local",
    program: fx("txn_list_append", "local"),
    args: LIST,
    expect: "invalid",
  },
  {
    name: "txn-list-append aborted (G1a)",
    program: fx("txn_list_append", "aborted"),
    args: [...LIST, ...RC],
    expect: "invalid",
  },
  {
    name: "txn-list-append interleaved",
    program: fx("txn_list_append", "interleaved"),
    args: LIST,
    expect: "invalid",
  },
  {
    name: "txn-rw aborted read (G1a) read-committed",
    program: txn("aborted_read"),
    args: [...RW, "--node-count", "1", ...RC],
    expect: "invalid",
  },
  {
    name: "txn-rw intermediate write (G1b) read-committed",
    program: txn("intermediate_write"),
    args: [...RW, "--node-count", "1", ...RC],
    expect: "invalid",
  },
  {
    name: "txn-rw forward partition total",
    program: step("txn", "1-forward"),
    args: [...RW, "--node-count", "3", ...PART, "--availability", "total"],
    expect: "invalid",
  },
  ...Object.entries(DIST).map(([d, args]): Control => ({
    name: `dist/${d}`,
    program: { dist: d },
    args,
    expect: "valid",
  })),
];

/** Challenges with a ladder of step nodes (`challenges/<name>/steps/ladder.ts`). */
const LADDERS = [
  "echo",
  "unique-ids",
  "broadcast",
  "g-set",
  "g-counter",
  "pn-counter",
  "kafka",
  "txn",
  "txn-list-append",
  "lin-kv",
];

/**
 * The step nodes' runs as controls (`--ladders`), each on the configuration
 * its ladder gives (those needing a bench-only option left out).
 */
async function ladderControls(): Promise<Control[]> {
  const out: Control[] = [];
  for (const challenge of LADDERS) {
    let ladder: {
      runs: Array<
        { rung: string; config: string; args: string[]; expect: boolean; benchArgs?: string[] }
      >;
    };
    try {
      ladder = (await import(join(ROOT, "challenges", challenge, "steps", "ladder.ts"))).LADDER;
    } catch {
      continue;
    }
    for (const run of ladder.runs) {
      if (run.benchArgs !== undefined && run.benchArgs.length > 0) continue;
      out.push({
        name: `steps ${challenge} ${run.rung} (${run.config})`,
        program: run.rung === "main" ? { dist: challenge } : step(challenge, run.rung),
        args: run.args,
        expect: run.expect ? "valid" : "invalid",
      });
    }
  }
  return out;
}

/** One side's verdict of one run. */
export interface Verdict {
  control: string;
  side: "bench" | "maelstrom";
  /** Exit code: 0 valid, 1 invalid, 2 unknown, 255 crashed. */
  code: number;
  /** Checkers whose `valid?` is not true. */
  failed: string[];
  seconds: number;
  dir?: string;
}

const VERDICT = ["valid", "invalid", "unknown"];
const verdictWord = (code: number) => VERDICT[code] ?? (code === 255 ? "crash" : `exit ${code}`);

/** An executable for a program (a wrapper script for a .ts source). */
async function executable(p: Program, tmp: string): Promise<string> {
  if ("dist" in p) return join(ROOT, "dist", p.dist);
  const flags = p.config
    ? "--quiet --no-prompt --no-check"
    : "--quiet --no-config --no-lock --no-prompt";
  const path = join(tmp, `${p.ts.replaceAll("/", "_")}-${p.mode ?? ""}`);
  const mode = p.mode === undefined ? "" : ` ${p.mode}`;
  await Deno.writeTextFile(
    path,
    `#!/bin/sh\nexec "${Deno.execPath()}" run ${flags} "${join(ROOT, p.ts)}"${mode} "$@"\n`,
    { mode: 0o755 },
  );
  return path;
}

function failedCheckers(results: Edn | Record<string, unknown> | undefined): string[] {
  if (results === null || typeof results !== "object" || Array.isArray(results)) return [];
  return Object.entries(results)
    .filter(([k, v]) =>
      k !== "valid?" && v !== null && typeof v === "object" && !Array.isArray(v) &&
      (v as Record<string, unknown>)["valid?"] !== true
    )
    .map(([k, v]) => `${k}${(v as Record<string, unknown>)["valid?"] === false ? "" : "?"}`);
}

async function readResults(dir: string, side: Verdict["side"]) {
  try {
    if (side === "bench") return JSON.parse(await Deno.readTextFile(join(dir, "results.json")));
    return parseEdn(await Deno.readTextFile(join(dir, "results.edn")));
  } catch {
    return undefined;
  }
}

/** Runs one control once on one side, in a fresh directory under `runs`. */
async function runOnce(c: Control, side: Verdict["side"], runs: string, bin: string) {
  const cwd = await Deno.makeTempDir({ dir: runs, prefix: `${side}-` });
  const args = ["test", ...c.args, "--bin", bin];
  const cmd = side === "maelstrom"
    ? new Deno.Command(maelstromBin(), { args, cwd, stdout: "piped", stderr: "piped" })
    : new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", join(ROOT, "tests/harness/cli.ts"), ...args],
      cwd,
      stdout: "piped",
      stderr: "piped",
    });
  const t0 = performance.now();
  const out = await cmd.output();
  const seconds = (performance.now() - t0) / 1000;
  await Deno.writeFile(join(cwd, "out.log"), new Uint8Array([...out.stdout, ...out.stderr]));
  const dir = await Deno.realPath(join(cwd, "store", "latest")).catch(() => cwd);
  const failed = failedCheckers(await readResults(dir, side));
  const v: Verdict = { control: c.name, side, code: out.code, failed, seconds, dir };
  return v;
}

/** Formats verdicts as a side-by-side table (one row per control). */
export function table(verdicts: readonly Verdict[], controls = CONTROLS): string {
  const names = [...new Set([...controls.map((c) => c.name), ...verdicts.map((v) => v.control)])];
  const cell = (vs: Verdict[]) => {
    if (vs.length === 0) return "—";
    const counts = new Map<string, number>();
    for (const v of vs) {
      const w = verdictWord(v.code);
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    const words = [...counts].map(([w, n]) => vs.length === 1 ? w : `${w} ${n}/${vs.length}`);
    const failed = [...new Set(vs.flatMap((v) => v.failed))];
    return words.join(", ") + (failed.length ? ` (${failed.join(" ")})` : "");
  };
  const rows = [["control", "expected", "bench", "maelstrom", "same"]];
  for (const name of names) {
    const mine = verdicts.filter((v) => v.control === name);
    if (mine.length === 0) continue;
    const b = mine.filter((v) => v.side === "bench"),
      m = mine.filter((v) => v.side === "maelstrom");
    const c = controls.find((x) => x.name === name);
    const set = (vs: Verdict[]) => new Set(vs.map((v) => verdictWord(v.code)));
    const [sb, sm] = [set(b), set(m)];
    const same = b.length === 0 || m.length === 0
      ? ""
      : c?.race
      ? "race"
      : sb.size === sm.size && [...sb].every((w) => sm.has(w))
      ? "yes"
      : "NO";
    rows.push([name, c?.expect ?? "", cell(b), cell(m), same]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((x, i) => x.padEnd(w[i])).join("  ").trimEnd()).join("\n");
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args[i + 1];
}

async function main(args: string[]): Promise<number> {
  const all = args.includes("--ladders") ? [...CONTROLS, ...await ladderControls()] : CONTROLS;
  if (args.includes("--list")) {
    for (const c of all) console.log(`${c.name}\t${c.args.join(" ")}`);
    return 0;
  }
  const tableAt = args.indexOf("--table");
  if (tableAt >= 0) {
    const verdicts: Verdict[] = [];
    for (const f of args.slice(tableAt + 1)) {
      for (const line of (await Deno.readTextFile(f)).split("\n")) {
        if (line !== "") verdicts.push(JSON.parse(line));
      }
    }
    console.log(table(verdicts, all));
    return 0;
  }
  const only = flag(args, "--only")?.split(",");
  const side = flag(args, "--side") ?? "both";
  const runsPerRace = Number(flag(args, "--runs") ?? 3);
  const out = resolve(flag(args, "--out") ?? "compare-results.jsonl");
  const sides: Verdict["side"][] = side === "both"
    ? ["bench", "maelstrom"]
    : [side as Verdict["side"]];
  if (sides.includes("maelstrom")) maelstromBin(); // fail early without MAELSTROM
  const matches = (name: string, w: string) =>
    w.startsWith("=") ? name === w.slice(1) : name.includes(w);
  const controls = all.filter((c) => only === undefined || only.some((w) => matches(c.name, w)));
  const runs = resolve("compare-runs");
  await Deno.mkdir(runs, { recursive: true });
  const tmp = await Deno.makeTempDir({ prefix: "compare-bin-" });
  const verdicts: Verdict[] = [];
  try {
    for (const c of controls) {
      const bin = await executable(c.program, tmp);
      for (const s of sides) {
        for (let i = 0; i < (c.race ? runsPerRace : 1); i++) {
          const v = await runOnce(c, s, runs, bin);
          verdicts.push(v);
          await Deno.writeTextFile(out, JSON.stringify(v) + "\n", { append: true });
          console.error(
            `${c.name} [${s}] ${verdictWord(v.code)} ${v.failed.join(" ")} (${
              v.seconds.toFixed(0)
            } s)`,
          );
        }
      }
    }
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
  console.log(table(verdicts, controls));
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));

/**
 * `maelstrom demo`: every workload on our nodes in `dist/`, one test each,
 * then a summary table and Jepsen's tally. Maelstrom's `demo` runs its own
 * demo programs (Ruby, Clojure) the same way; ours runs the nodes this
 * project builds. The options are those of `test` but `--bin` and `-w`
 * (so `maelstrom demo --time-limit 5` is a quick tour); each workload adds
 * what Maelstrom's demo gives it (a partition and total availability for
 * unique-ids, …). Exit status as Jepsen's `test-all`: 255 if a test
 * crashed, else 2 if one was unknown, else 1 if one failed, else 0.
 * @module
 */

import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestOptions } from "../options.ts";
import { INTERRUPTED_EXIT } from "../phases/interrupt.ts";
import { runTest } from "../run.ts";
import { summarize } from "./parse.ts";
import { EXIT_STATUSES } from "./test_cmd.ts";
import { DEMO_OPTIONS, JEPSEN_OPTIONS, MAELSTROM_OPTIONS, parseTest } from "./test_options.ts";

/** One demo: a workload, our node for it, and what it adds to the options. */
export interface Demo {
  workload: string;
  /** The `dist/` name of our node. */
  node: string;
  options?: Partial<TestOptions>;
}

/**
 * The demos, in Maelstrom's order, then the workloads its demo leaves out.
 * As in Maelstrom's, a demo's options replace the parsed ones as they are
 * (lin-kv gets 10 workers, not 10 per node).
 */
export const DEMOS: readonly Demo[] = [
  { workload: "echo", node: "echo" },
  { workload: "broadcast", node: "broadcast" },
  { workload: "g-set", node: "g-set" },
  { workload: "pn-counter", node: "pn-counter" },
  { workload: "lin-kv", node: "lin-kv", options: { concurrency: 10 } },
  { workload: "txn-list-append", node: "txn-list-append" },
  {
    workload: "txn-rw-register",
    node: "txn",
    options: {
      nemesis: ["partition"],
      consistencyModels: ["read-committed"],
      availability: "total",
      rate: 100,
    },
  },
  {
    workload: "unique-ids",
    node: "unique-ids",
    options: { nemesis: ["partition"], availability: "total", rate: 1000 },
  },
  { workload: "g-counter", node: "g-counter" },
  { workload: "kafka", node: "kafka" },
];

/**
 * The help of `demo`.
 * @returns The text.
 */
export function demoUsage(): string {
  return `Usage: maelstrom demo [OPTIONS ...]

Runs every workload on this project's nodes (dist/), one test each, and prints a
summary. Exits with a status code:

${EXIT_STATUSES.replace("All tests passed", "All tests passed (else the worst of:)")}

Options (those of test, but --bin and -w):
${summarize([...JEPSEN_OPTIONS, ...MAELSTROM_OPTIONS]).join("\n")}`;
}

/**
 * Where our nodes are: beside the running `maelstrom`, else `./dist`, else
 * this project's `dist/`.
 * @returns The directory, or undefined when none holds `echo`.
 */
export async function findDist(): Promise<string | undefined> {
  const main = Deno.mainModule.startsWith("file:") ? fileURLToPath(Deno.mainModule) : "";
  const candidates = [
    ...(basename(main) === "maelstrom" ? [dirname(main)] : []),
    join(Deno.cwd(), "dist"),
    fileURLToPath(new URL("../../../dist", import.meta.url)),
  ];
  for (const dir of candidates) {
    if (await Deno.stat(join(dir, "echo")).then(() => true, () => false)) return dir;
  }
  return undefined;
}

type Outcome = "valid" | "invalid" | "unknown" | "crashed";

const outcomeOf = (code: number): Outcome =>
  code === 0 ? "valid" : code === 1 ? "invalid" : code === 2 ? "unknown" : "crashed";

/**
 * Runs `maelstrom demo`.
 * @param args The words after `demo`.
 * @returns The exit status.
 */
export async function demoCommand(args: readonly string[]): Promise<number> {
  const parsed = parseTest(args, DEMO_OPTIONS);
  if (parsed.help) {
    console.log(demoUsage());
    return 0;
  }
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    console.error("(maelstrom demo --help lists every option)");
    return 254;
  }
  const dist = await findDist();
  if (dist === undefined) {
    console.error("maelstrom demo: no nodes found (dist/echo); build them with `make build`");
    return 255;
  }
  const rows: string[][] = [];
  const outcomes: Outcome[] = [];
  for (const demo of DEMOS) {
    const options: TestOptions = {
      ...parsed.options,
      workload: demo.workload,
      bin: join(dist, demo.node),
      quiet: true,
      ...demo.options,
    };
    console.error(`demo: ${demo.workload} on ${options.bin}${overrides(demo)} …`);
    const r = await runTest(options);
    // Ctrl-C stops the tour, not just this test.
    if (r.exitCode === INTERRUPTED_EXIT) return INTERRUPTED_EXIT;
    const outcome = outcomeOf(r.exitCode);
    outcomes.push(outcome);
    const net = (r.results?.net as Record<string, Record<string, unknown>> | undefined)?.servers;
    const perOp = net?.["msgs-per-op"];
    rows.push([
      demo.workload,
      demo.node,
      outcome,
      String(r.bench?.ops ?? 0),
      typeof perOp === "number" ? perOp.toFixed(2) : "–",
      r.dir ?? r.error ?? "",
    ]);
  }
  printTable(["workload", "node", "verdict", "ops", "msgs/op (servers)", "store"], rows);
  const count = (o: Outcome) => outcomes.filter((x) => x === o).length;
  console.log(
    `\n${count("valid")} successes\n${count("unknown")} unknown\n${count("crashed")} crashed\n${
      count("invalid")
    } failures`,
  );
  return count("crashed") ? 255 : count("unknown") ? 2 : count("invalid") ? 1 : 0;
}

/** What a demo sets in place of the given options, said on screen: ` (demo's own: rate 1000, …)`. */
export function overrides(demo: Demo): string {
  const words = Object.entries(demo.options ?? {}).map(([k, v]) =>
    `${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} ${Array.isArray(v) ? v.join(",") : v}`
  );
  return words.length === 0 ? "" : ` (demo's own: ${words.join(", ")})`;
}

function printTable(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  console.log(`\n${line(head)}\n${line(widths.map((w) => "-".repeat(w)))}`);
  for (const r of rows) console.log(line(r));
}

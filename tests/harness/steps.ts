/**
 * Runs a challenge's ladder (`challenges/<name>/steps/ladder.ts`): each rung,
 * a small node in `challenges/<name>/steps/`, built into
 * `dist/steps/<name>/<rung>` (the last rung, `main`, is `dist/<name>`), on
 * the configuration that shows where it fails and the one that shows the next
 * rung fixing it. One row per run: rung, configuration, verdict, the figure
 * that shows it, and one line of why.
 *
 * ```sh
 * make broadcast-steps     # builds the rungs, then:
 * deno run -A tests/harness/steps.ts broadcast [--short]
 * ```
 *
 * `--short`: each run a few seconds (the ladder's short settings), as the
 * tests do. With the env var `MAELSTROM` naming the real launcher, runs
 * `$MAELSTROM test …` instead (in the current directory, where it writes
 * `store/`), leaving out the runs that need an option of our bench only.
 * Exits 1 if any run's verdict is not the one the ladder expects.
 * @module
 */

import { fileURLToPath } from "node:url";
import { parseTestArgs } from "./cli.ts";
import type { Validity } from "./history.ts";
import { runTest } from "./run.ts";
import { runMaelstrom } from "./maelstrom_run.ts";
import { shorten } from "./suite.ts";
import { checkTargets, formatTargets, type Target, type TargetCheck } from "./targets.ts";

/** One run of a rung: which node, on which configuration, and what it should get. */
export interface StepRun {
  /** The rung's file name without `.ts` (`"1-flood-once"`), or `"main"` for the challenge's node. */
  rung: string;
  /** Label of the configuration, e.g. `"3c"`. */
  config: string;
  /** Maelstrom `test` arguments without `--bin` (trailing words go to the node). */
  args: string[];
  /** The verdict the rung gets: `true` valid, `false` invalid. */
  expect: boolean;
  /** One line: why it gets that verdict. */
  why: string;
  /**
   * Figures to print beside their targets (Fly.io's). A `belowThan` target
   * names an earlier run of the ladder as `"<rung> <config>"`.
   */
  targets?: readonly Target[];
  /**
   * Short runs (`--short`, the tests): seconds of main phase (default 3) and
   * recovery (default 2), and bench options added (say `--nemesis-interval 1`,
   * so that a partition comes within the few seconds).
   */
  short?: { timeLimit?: number; recovery?: number; args?: string[] };
  /** Left out of the tests (too heavy for CI, e.g. 25 nodes); `make <name>-steps` still runs it. */
  skipInTest?: boolean;
  /** Options of our bench only (e.g. `--check-convergence`), never passed to the real Maelstrom. */
  benchArgs?: string[];
}

/** A challenge's ladder. */
export interface Ladder {
  runs: StepRun[];
  /** The figure that shows a run's verdict, in a few words (`"lost 34 of 104"`). */
  keyFigure(results: Record<string, unknown>): string;
}

/** What one run produced. */
export interface StepRow {
  run: StepRun;
  valid: Validity | "crashed";
  figure: string;
  targets: TargetCheck[];
  results?: Record<string, unknown>;
  dir?: string;
}

const root = fileURLToPath(new URL("../../", import.meta.url));

/**
 * Loads a challenge's ladder.
 * @param challenge The challenge's folder name, e.g. `"broadcast"`.
 * @returns The ladder, or undefined when the challenge has none.
 */
export async function loadLadder(challenge: string): Promise<Ladder | undefined> {
  const path = `${root}challenges/${challenge}/steps/ladder.ts`;
  try {
    await Deno.stat(path);
  } catch {
    return undefined;
  }
  return (await import(path)).LADDER as Ladder;
}

/** Every challenge that has a ladder, in the course's order where known. */
export async function laddered(): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(`${root}challenges`)) {
    if (e.isDirectory && !e.name.startsWith("_") && await loadLadder(e.name)) names.push(e.name);
  }
  return names.sort();
}

/** The executable of a rung. */
export function stepBin(challenge: string, rung: string, dist = `${root}dist`): string {
  return rung === "main" ? `${dist}/${challenge}` : `${dist}/steps/${challenge}/${rung}`;
}

/** Options of {@link runStep}. */
export interface StepOptions {
  short?: boolean;
  /** The real Maelstrom launcher, if any. */
  maelstrom?: string;
  /** Extra bench options (e.g. `--seed 1`, `--store DIR`), ours only. */
  extra?: string[];
  /** Results of earlier runs by `"<rung> <config>"`, for `belowThan` targets. */
  resultsOf?: (run: string) => unknown;
}

/**
 * Runs one rung on one configuration.
 * @param challenge The challenge's folder name.
 * @param ladder Its ladder.
 * @param run The run.
 * @param options Short mode, real Maelstrom, extra options.
 * @returns The row.
 */
export async function runStep(
  challenge: string,
  ladder: Ladder,
  run: StepRun,
  options: StepOptions = {},
): Promise<StepRow> {
  let args = [...run.args, "--bin", stepBin(challenge, run.rung)];
  if (options.short) args = shorten(args, run.short?.timeLimit ?? 3);
  let results: Record<string, unknown> | undefined;
  let dir: string | undefined;
  let error = "";
  if (options.maelstrom !== undefined) {
    const m = await runMaelstrom(options.maelstrom, args);
    results = m.results as Record<string, unknown> | undefined;
    dir = m.dir;
    error = m.error ?? "";
  } else {
    const extra = [
      ...(options.short
        ? ["--recovery", String(run.short?.recovery ?? 2), ...run.short?.args ?? []]
        : []),
      ...(options.extra ?? []),
    ];
    const r = await runTest(
      parseTestArgs([...args, ...(run.benchArgs ?? []), ...extra, "--quiet"]),
    );
    results = r.results as Record<string, unknown> | undefined;
    dir = r.dir;
    error = r.error ?? "";
  }
  const valid = results?.["valid?"] as Validity | "crashed" | undefined;
  return {
    run,
    valid: valid ?? "crashed",
    figure: results === undefined ? error : ladder.keyFigure(results),
    targets: results === undefined
      ? []
      : checkTargets(results, run.targets ?? [], { resultsOf: options.resultsOf }),
    results,
    dir,
  };
}

const verdictOf = (v: Validity | "crashed") =>
  v === true ? "valid" : v === false ? "INVALID" : String(v);

/** The table's header. */
export const HEADER = `${"rung".padEnd(17)} ${"config".padEnd(9)} ${"verdict".padEnd(9)} ${
  "key figure".padEnd(36)
} why`;

/**
 * Formats a row, and under it the targets, one line per source.
 * @param row A row from {@link runStep}.
 * @returns The lines.
 */
export function formatStep(row: StepRow): string[] {
  const got = verdictOf(row.valid);
  const verdict = row.valid === row.run.expect
    ? got
    : `${got} (expected ${verdictOf(row.run.expect)})`;
  return [
    `${row.run.rung.padEnd(17)} ${row.run.config.padEnd(9)} ${verdict.padEnd(9)} ${
      row.figure.padEnd(36)
    } ${row.run.why}`,
    ...formatTargets(row.targets).map((line) => `${" ".repeat(28)}${line}`),
  ];
}

/**
 * Runs a challenge's whole ladder and prints its table.
 * @param challenge The challenge's folder name.
 * @param options Short mode, real Maelstrom.
 * @returns The rows.
 * @throws {Error} when the challenge has no ladder.
 */
export async function runLadder(challenge: string, options: StepOptions = {}): Promise<StepRow[]> {
  const ladder = await loadLadder(challenge);
  if (ladder === undefined) throw new Error(`No ladder: "challenges/${challenge}/steps/ladder.ts"`);
  console.log(HEADER);
  const rows: StepRow[] = [];
  const resultsOf = (name: string) =>
    rows.find((r) => `${r.run.rung} ${r.run.config}` === name)?.results;
  for (const run of ladder.runs) {
    if (options.maelstrom !== undefined && run.benchArgs !== undefined) {
      // Its verdict rests on a check of ours that the real Maelstrom lacks.
      console.log(
        `${run.rung.padEnd(17)} ${run.config.padEnd(9)} (our bench only: ${
          run.benchArgs.join(" ")
        })`,
      );
      continue;
    }
    const row = await runStep(challenge, ladder, run, { ...options, resultsOf });
    rows.push(row);
    for (const line of formatStep(row)) console.log(line);
  }
  return rows;
}

if (import.meta.main) {
  const short = Deno.args.includes("--short");
  let names = Deno.args.filter((a) => !a.startsWith("--"));
  if (names.length === 1 && names[0] === "all") names = await laddered();
  const known = await laddered();
  const unknown = names.filter((n) => !known.includes(n));
  if (names.length === 0 || unknown.length > 0) {
    console.error(
      `Usage: steps.ts <challenge…|all> [--short]\nLadders: ${known.join(", ")}${
        unknown.length > 0 ? `\nNo ladder: ${unknown.join(", ")}` : ""
      }`,
    );
    Deno.exit(254);
  }
  const rows: StepRow[] = [];
  for (const name of names) {
    if (names.length > 1) console.log(`\n${name}`);
    rows.push(
      ...await runLadder(name, { short, maelstrom: Deno.env.get("MAELSTROM") || undefined }),
    );
  }
  const asExpected = rows.filter((r) => r.valid === r.run.expect).length;
  console.log(
    `\nsteps: ${asExpected} as expected, ${rows.length - asExpected} not (valid and invalid alike)`,
  );
  Deno.exit(asExpected === rows.length ? 0 : 1);
}

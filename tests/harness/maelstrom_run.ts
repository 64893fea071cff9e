/**
 * Runs the real Maelstrom (`$MAELSTROM test …`, in the current directory)
 * for the suite, and reads back what the suite's rows need from its store:
 * `results.edn`, `history.edn`, and from `jepsen.log` the wall-clock time of
 * the history's origin (to place node-log times on the history's clock) and
 * how long the analysis took.
 * @module
 */

import { type Edn, parseEdn } from "./edn.ts";
import type { Op } from "./history.ts";

/** What a real Maelstrom run left in its store. */
export interface MaelstromOutcome {
  /** results.edn (absent when the test crashed). */
  results?: Edn;
  history?: Op[];
  /** The run's store directory. */
  dir?: string;
  /** Wall-clock ms of the history's time 0, from jepsen.log. */
  originWallMs?: number;
  /** Seconds from "Analyzing..." to "Analysis complete" in jepsen.log. */
  checkSeconds?: number;
  /** Why there are no results. */
  error?: string;
}

/**
 * Parses a Jepsen history.edn: one op map per line (or one vector of them).
 * @param text The file.
 * @returns The ops, with keywords as plain strings (`:invoke` → `"invoke"`).
 * @example
 * ```ts
 * import { parseHistoryEdn } from "./maelstrom_run.ts";
 * import assert from "node:assert/strict";
 * const h = parseHistoryEdn('{:type :invoke, :f :read, :value [0 nil], :time 5, :process 0, :index 0}\n');
 * assert.deepEqual(h[0], { type: "invoke", f: "read", value: [0, null], time: 5, process: 0, index: 0 });
 * ```
 */
export function parseHistoryEdn(text: string): Op[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[")) return parseEdn(trimmed) as unknown as Op[];
  return text.split("\n").filter((l) => l.trim() !== "").map((l) => parseEdn(l) as unknown as Op);
}

/**
 * A jepsen.log line's time, wall-clock ms: lines start
 * `2026-12-03 07:50:12,089{GMT}\tINFO\t…` (the zone in braces).
 */
function logTime(line: string): number | undefined {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d),(\d{3})\{([^}]*)\}/.exec(line);
  if (m === null) return undefined;
  const zone = m[4] === "GMT" || m[4] === "UTC" ? "Z" : /^[+-]\d\d:?\d\d$/.test(m[4]) ? m[4] : "";
  const t = new Date(`${m[1]}T${m[2]}.${m[3]}${zone}`).getTime();
  return Number.isNaN(t) ? undefined : t;
}

/**
 * The wall-clock origin of a history from jepsen.log: Jepsen starts its
 * relative clock and then logs "Relative time begins now".
 * @param log jepsen.log.
 * @returns Wall-clock ms of time 0 (to the log's millisecond), or undefined.
 * @example
 * ```ts
 * import { originFromLog } from "./maelstrom_run.ts";
 * import assert from "node:assert/strict";
 * const log = "2026-12-03 07:50:12,089{GMT}\tINFO\t[jepsen test runner] jepsen.core: Relative time begins now\n";
 * assert.equal(originFromLog(log), Date.UTC(2026, 11, 3, 7, 50, 12, 89));
 * ```
 */
export function originFromLog(log: string): number | undefined {
  const line = log.split("\n").find((l) => l.includes("Relative time begins now"));
  return line === undefined ? undefined : logTime(line);
}

/** Seconds between jepsen.log's "Analyzing..." and "Analysis complete" lines. */
export function analysisSeconds(log: string): number | undefined {
  let start: number | undefined, end: number | undefined;
  for (const line of log.split("\n")) {
    if (line.includes("Analyzing...")) start = logTime(line);
    else if (line.includes("Analysis complete")) end = logTime(line);
  }
  return start !== undefined && end !== undefined ? (end - start) / 1000 : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/**
 * Runs `launcher test …args` in the current directory (its console output
 * dropped: jepsen.log in the store has it) and reads its store.
 * @param launcher The real Maelstrom's launcher.
 * @param args `test` arguments.
 * @returns The results, history, origin and analysis time; `error` when the test crashed.
 */
export async function runMaelstrom(launcher: string, args: string[]): Promise<MaelstromOutcome> {
  // Maelstrom logs every op to the console; the same log is in the store's jepsen.log.
  const status = await new Deno.Command(launcher, {
    args: ["test", ...args],
    stdout: "null",
    stderr: "null",
  }).spawn().status;
  const dir = await Deno.realPath("store/latest").catch(() => undefined);
  if (status.code === 255 || status.code === 254 || dir === undefined) {
    return {
      dir,
      error: `maelstrom exited with ${status.code} (see ${dir ?? "store"}/jepsen.log)`,
    };
  }
  const results = parseEdn(await Deno.readTextFile(`${dir}/results.edn`));
  const historyText = await readText(`${dir}/history.edn`);
  const history = historyText === undefined ? undefined : parseHistoryEdn(historyText);
  const log = await readText(`${dir}/jepsen.log`) ?? "";
  return {
    results,
    history,
    dir,
    originWallMs: originFromLog(log),
    checkSeconds: analysisSeconds(log),
  };
}

/**
 * Maelstrom's store files, beside the bench's own: `history.edn`,
 * `history.txt`, `jepsen.log`, `results.edn`, `timeline.html`,
 * `messages.svg`, `latency-raw.png`, `latency-quantiles.png`, `rate.png`,
 * lin-kv's `independent/<key>/` and the txn workloads' `elle/<anomaly>.txt`
 * — each a {@link StoreWriter} of the store phase (`phases/store.ts`), a
 * function of the run's options, history, journal, results and log.
 *
 * @example Writing the files of a hand-made run
 * ```ts
 * import { MAELSTROM_WRITERS } from "./mod.ts";
 * import { defaultOptions } from "../options.ts";
 * const dir = await Deno.makeTempDir();
 * const run = {
 *   test: { ...defaultOptions(), workload: "echo", bin: "dist/echo" },
 *   history: [
 *     { index: 0, time: 0, type: "invoke" as const, process: 0, f: "echo", value: "hi" },
 *     { index: 1, time: 2e6, type: "ok" as const, process: 0, f: "echo", value: "hi" },
 *   ],
 *   journal: [],
 *   bench: { seed: 1, delivery: { lateness: { p50: 0, p99: 0, max: 0 } }, cpu: { seconds: 0, share: 0 }, wall: { setup: 0, main: 0, final: 0, analysis: 0, total: 0 }, ops: 1, messages: 0 },
 *   outputErrors: [],
 *   crashes: [],
 *   results: { "valid?": true as const },
 * };
 * // deno-lint-ignore no-explicit-any
 * for (const w of MAELSTROM_WRITERS) await w.write(dir, run as any);
 * const edn = await Deno.readTextFile(`${dir}/history.edn`);
 * if (!edn.startsWith("{:index 0, :time 0, :type :invoke")) throw new Error(edn);
 * await Deno.remove(dir, { recursive: true });
 * ```
 * @module
 */

import { basename, join } from "node:path";
import type { CheckResult } from "../history.ts";
import type { StoredRun, StoreWriter } from "../phases/store.ts";
import { writeElle } from "./elle.ts";
import { writeHistoryEdn, writeHistoryTxt } from "./history_files.ts";
import { writeIndependent } from "./independent.ts";
import { writeJepsenLog } from "./jepsen_log.ts";
import { writeMessagesSvg } from "./messages_svg.ts";
import { writePlots } from "./plots.ts";
import { writeResultsEdn } from "./results_edn.ts";
import { timelineHtml } from "./timeline.ts";
import { valueStyle } from "./ednify.ts";
import { writeFile } from "./_files.ts";

export type { LogLine } from "./jepsen_log.ts";

/**
 * Epoch ms of the history's time 0: the recorded one, else the run
 * folder's name (`yyyyMMddTHHmmss.SSS` and its zone, or local time without one), else now.
 * @param dir The run folder.
 * @param run The run.
 * @returns Epoch ms.
 */
export function runStartMs(dir: string, run: StoredRun): number {
  const recorded = (run.bench as { originWallMs?: number } | undefined)?.originWallMs;
  if (typeof recorded === "number") return recorded;
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)\.(\d{3})(Z|[+-]\d{4})?/.exec(basename(dir));
  if (m) {
    const [y, mo, d, h, mi, s, ms] = m.slice(1, 8).map(Number);
    if (m[8] === undefined) return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
    const z = m[8] === "Z" ? 0 : Number(m[8].slice(0, 3)) * 60 +
      Math.sign(Number(m[8].slice(0, 3)) || 1) * Number(m[8].slice(3));
    return Date.UTC(y, mo - 1, d, h, mi, s, ms) - z * 60_000;
  }
  return Date.now();
}

const workloadResult = (run: StoredRun) => (run.results?.workload ?? {}) as CheckResult;

/** Maelstrom's files, in the order Jepsen writes them. */
export const MAELSTROM_WRITERS: readonly StoreWriter[] = [
  {
    name: "history.edn",
    kind: "run",
    write: (dir, run) => writeHistoryEdn(dir, run.history, run.test.workload),
  },
  {
    name: "history.txt",
    kind: "run",
    write: (dir, run) => writeHistoryTxt(dir, run.history, run.test.workload),
  },
  {
    name: "results.edn",
    kind: "analysis",
    write: (dir, run) => writeResultsEdn(dir, run.results!, run.test.workload),
  },
  {
    name: "timeline.html",
    kind: "analysis",
    write: (dir, run) =>
      writeFile(
        join(dir, "timeline.html"),
        timelineHtml({
          name: run.test.workload,
          run: basename(dir),
          startMs: runStartMs(dir, run),
          style: valueStyle(run.test.workload),
        }, run.history),
      ),
  },
  {
    name: "messages.svg",
    kind: "analysis",
    write: (dir, run) => writeMessagesSvg(dir, run.journal),
  },
  {
    name: "latency-raw.png, latency-quantiles.png, rate.png",
    kind: "analysis",
    write: async (dir, run) => void await writePlots(dir, run.test.workload, run.history),
  },
  {
    name: "independent/",
    kind: "analysis",
    write: async (dir, run) => {
      if (run.test.workload !== "lin-kv") return;
      await Deno.remove(join(dir, "independent"), { recursive: true }).catch(() => {});
      await writeIndependent(dir, {
        workload: run.test.workload,
        history: run.history,
        workloadResult: workloadResult(run),
        run: basename(dir),
        startMs: runStartMs(dir, run),
      });
    },
  },
  {
    name: "elle/",
    kind: "analysis",
    write: async (dir, run) => {
      if (!run.test.workload.startsWith("txn")) return;
      await Deno.remove(join(dir, "elle"), { recursive: true }).catch(() => {});
      await writeElle(dir, workloadResult(run), run.test.workload, run.history);
    },
  },
  {
    name: "jepsen.log",
    kind: "run",
    write: (dir, run) =>
      writeJepsenLog(dir, {
        test: run.test,
        history: run.history,
        startMs: runStartMs(dir, run),
        log: (run as { log?: import("./jepsen_log.ts").LogLine[] }).log,
        results: run.results,
        error: run.error,
      }),
  },
];

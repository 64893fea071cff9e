/**
 * lin-kv's `independent/<key>/` folders, as Jepsen's `jepsen.independent`
 * checker writes them: per key, the key's sub-history (`history.edn`, the
 * `[key value]` tuples unwrapped, nemesis ops kept), its results
 * (`results.edn`, laid out by clojure.pprint), its `timeline.html`, and
 * for a key that is not linearizable a picture of the failing window
 * (`linear.svg`, see `linear_svg.ts`).
 * @module
 */

import { join } from "node:path";
import type { CheckResult, Op } from "../history.ts";
import { pprintClojure } from "./edn.ts";
import { ednResults, valueStyle } from "./ednify.ts";
import { historyEdnLine } from "./history_files.ts";
import { type LinearFailure, linearSvg } from "./linear_svg.ts";
import { timelineHtml } from "./timeline.ts";
import { writeFile, writeLines } from "./_files.ts";

/**
 * Splits a history by key, as `jepsen.independent/subhistories`: an op
 * whose value is a `[key, value]` pair goes to that key's history with its
 * value unwrapped; every other op (the nemesis's) goes to every key's.
 * @param history The history.
 * @param keys The keys, as results print them (strings).
 * @returns Each key's sub-history, ops keeping their original index.
 */
export function subhistories(history: readonly Op[], keys: readonly string[]): Map<string, Op[]> {
  const out = new Map(keys.map((k) => [k, [] as Op[]]));
  for (const op of history) {
    const v = op.value;
    if (op.process !== "nemesis" && Array.isArray(v) && v.length === 2) {
      const k = typeof v[0] === "string" ? v[0] : JSON.stringify(v[0]);
      out.get(k)?.push({ ...op, value: v[1] });
    } else for (const list of out.values()) list.push(op);
  }
  return out;
}

/** What the independent writer needs. */
export interface IndependentInput {
  workload: string;
  history: readonly Op[];
  /** The workload checker's result (`{results: {key: …}, failures}`). */
  workloadResult: CheckResult;
  /** The run folder's name (its start time), for the timeline's breadcrumbs. */
  run: string;
  /** Epoch ms of history time 0. */
  startMs: number;
}

/**
 * Writes `independent/<key>/…` into `dir` for every key the workload
 * checker reported.
 * @param dir The run folder.
 * @param input The history, results and run identity.
 * @returns The keys written.
 */
export async function writeIndependent(dir: string, input: IndependentInput): Promise<string[]> {
  const perKey = input.workloadResult.results as Record<string, CheckResult> | undefined;
  if (perKey === undefined || typeof perKey !== "object") return [];
  const keys = Object.keys(perKey);
  const style = valueStyle(input.workload);
  const subs = subhistories(input.history, keys);
  for (const key of keys) {
    const d = join(dir, "independent", key);
    const h = subs.get(key)!;
    const result = perKey[key];
    await writeFile(
      join(d, "results.edn"),
      pprintClojure(ednResults(result, input.workload)) + "\n",
    );
    await writeLines(join(d, "history.edn"), h.map((op) => historyEdnLine(op, style)));
    await writeFile(
      join(d, "timeline.html"),
      timelineHtml({
        name: input.workload,
        run: input.run,
        startMs: input.startMs,
        style,
        historyKey: key,
      }, h),
    );
    const lin = result.linearizable as (LinearFailure & CheckResult) | undefined;
    if (lin !== undefined && lin["valid?"] === false) {
      const svg = linearSvg(h, lin, style);
      if (svg !== undefined) await writeFile(join(d, "linear.svg"), svg);
    }
  }
  return keys;
}

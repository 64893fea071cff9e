/**
 * The txn workloads' `elle/<anomaly>.txt` files, as Elle's `cycles!`
 * writes them: one file per cycle anomaly type found (G0, G1c,
 * G-single-item, G-nonadjacent-item, G2-item and their `-process` /
 * `-realtime` variants), each cycle numbered from 0 and explained step by
 * step in Elle's words, cycles separated by two blank lines:
 *
 * ```
 * G-single-item #0
 * Let:
 *   T1 = {:index 5, :time …, :type :ok, :process 0, :f :txn, :value [[:r 9 [1]] [:append 8 2]]}
 *   T2 = {…}
 *
 * Then:
 *   - T1 < T2, because T1 did not observe T2's append of 3 to 9.
 *   - However, T2 < T1, because T2 observed T1's append of 2 to key 8: a contradiction!
 * ```
 * @module
 */

import { join } from "node:path";
import type { CheckResult, Op } from "../history.ts";
import { pr } from "./edn.ts";
import { ednOp, valueStyle } from "./ednify.ts";
import { writeFile } from "./_files.ts";

/** Anomaly types that are cycles (the ones Elle writes a text file for). */
export const CYCLE_TYPES: ReadonlySet<string> = new Set(
  ["G0", "G1c", "G-single-item", "G-single", "G-nonadjacent-item", "G-nonadjacent", "G2-item", "G2"]
    .flatMap((t) => [t, `${t}-process`, `${t}-realtime`]),
);

type Step = Record<string, unknown>;

/** Why `a` precedes `b` in one step of a cycle, in Elle's words. */
export function explainStep(
  step: Step,
  a: string,
  b: string,
  workload: string,
  byIndex: ReadonlyMap<number, Op>,
): string {
  const k = pr(step.key), v = pr(step.value), v2 = pr(step["value'"]);
  switch (step.type) {
    case "process":
      return `process ${step.process} executed ${a} before ${b}`;
    case "realtime": {
      const ai = step["a'"] as number, bi = step.b as number;
      const ta = byIndex.get(ai)?.time, tb = byIndex.get(bi)?.time;
      const dt = ta === undefined || tb === undefined
        ? ""
        : tb - ta > 0
        ? ` ${((tb - ta) / 1e9).toFixed(3)} seconds`
        : " just";
      return `${a} completed at index ${ai},${dt} before the invocation of ${b}, at index ${bi}`;
    }
  }
  if (workload === "txn-list-append") {
    if (step.type === "wr") return `${b} observed ${a}'s append of ${v} to key ${k}`;
    if (step.type === "ww") return `${b} appended ${v2} after ${a} appended ${v} to ${k}`;
    return step.value === null || step.value === undefined
      ? `${a} observed the initial (nil) state of ${k}, which ${b} created by appending ${v2}`
      : `${a} did not observe ${b}'s append of ${v2} to ${k}`;
  }
  if (step.type === "wr") return `${a} wrote ${k} = ${v}, which was read by ${b}`;
  if (step.type === "ww") {
    return `${a} set key ${k} to ${v}, and ${b} set it to ${v2}, which came later in the version order`;
  }
  return `${a} read key ${k} = ${v}, and ${b} set it to ${v2}, which came later in the version order`;
}

/**
 * Explains one cycle (Elle's `cycle-explainer`): the txns bound to names,
 * then each step, the last one the contradiction.
 * @param anomaly The case: `{cycle: [ops], steps: [...]}`.
 * @param workload The workload.
 * @param byIndex The history's ops by index (the full op is printed).
 * @returns The explanation.
 */
export function explainCycle(
  anomaly: { cycle: Array<{ index: number }>; steps: Step[] },
  workload: string,
  byIndex: ReadonlyMap<number, Op>,
): string {
  const style = valueStyle(workload);
  const txns = anomaly.cycle.slice(0, -1);
  const names = txns.map((_, i) => `T${i + 1}`);
  const binding = txns.map((t, i) => {
    const op = byIndex.get(t.index) ?? (t as unknown as Op);
    return `  ${names[i]} = ${pr(ednOp(op, style))}`;
  });
  const steps = anomaly.steps.map((s, i) => {
    const a = names[i % names.length], b = names[(i + 1) % names.length];
    const why = `${a} < ${b}, because ${explainStep(s, a, b, workload, byIndex)}`;
    return i === anomaly.steps.length - 1
      ? `  - However, ${why}: a contradiction!`
      : `  - ${why}.\n`;
  });
  return `Let:\n${binding.join("\n")}\n\nThen:\n${steps.join("")}`;
}

/**
 * The text of each `elle/<type>.txt` file.
 * @param workloadResult The txn checker's result (`anomalies` by type).
 * @param workload The workload.
 * @param history The history.
 * @returns File name → text, for every cycle anomaly type found.
 */
export function elleFiles(
  workloadResult: CheckResult,
  workload: string,
  history: readonly Op[],
): Map<string, string> {
  const out = new Map<string, string>();
  const anomalies = workloadResult.anomalies as Record<string, unknown> | undefined;
  // A valid txn-rw-register result says `anomalies: null`.
  if (anomalies === undefined || anomalies === null || typeof anomalies !== "object") return out;
  const byIndex = new Map(history.map((op) => [op.index, op]));
  for (const [type, cases] of Object.entries(anomalies)) {
    if (!CYCLE_TYPES.has(type) || !Array.isArray(cases)) continue;
    const texts = cases
      .filter((c) => Array.isArray(c?.cycle) && Array.isArray(c?.steps))
      .map((c, i) => `${c.type ?? type} #${i}\n${explainCycle(c, workload, byIndex)}`);
    if (texts.length > 0) out.set(`${type}.txt`, texts.join("\n\n\n"));
  }
  return out;
}

/**
 * Writes `elle/<type>.txt` into `dir` for every cycle anomaly type found.
 * @param dir The run folder.
 * @param workloadResult The txn checker's result.
 * @param workload The workload.
 * @param history The history.
 * @returns The files written.
 */
export async function writeElle(
  dir: string,
  workloadResult: CheckResult,
  workload: string,
  history: readonly Op[],
): Promise<string[]> {
  const files = elleFiles(workloadResult, workload, history);
  for (const [name, text] of files) await writeFile(join(dir, "elle", name), text);
  return [...files.keys()];
}

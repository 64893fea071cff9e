/**
 * `history.edn` and `history.txt`, as Jepsen's store writes them: one op
 * per line, `history.edn` as the op map (`{:index 0, :time 1234, :type
 * :invoke, :process 0, :f :read, :value nil}`), `history.txt` as
 * `process TAB type TAB f TAB value [TAB error]` (Jepsen's `prn-op`: the
 * error printed for people, strings unquoted).
 * @module
 */

import { join } from "node:path";
import type { Op } from "../history.ts";
import { printPlain } from "./edn.ts";
import { opError, printedOp, type ValueStyle, valueStyle } from "./ednify.ts";
import { writeLines } from "./_files.ts";

/**
 * One `history.edn` line.
 * @param op The op.
 * @param style The workload's value style.
 * @returns The line, without newline.
 */
export function historyEdnLine(op: Op, style: ValueStyle): string {
  const p = printedOp(op, style);
  let extras = "";
  for (const [k, v] of p.extras) extras += `, ${k} ${v}`;
  return `{:index ${op.index}, :time ${op.time}, :type ${p.type}, :process ${p.process}, :f ${p.f}, :value ${p.value}${extras}}`;
}

/**
 * One `history.txt` line (Jepsen's `prn-op`).
 * @param op The op.
 * @param style The workload's value style.
 * @returns The line, without newline.
 */
export function historyTxtLine(op: Op, style: ValueStyle): string {
  const p = printedOp(op, style);
  const line = `${p.process}\t${p.type}\t${p.f}\t${p.value}`;
  return op.error === undefined || op.error === null
    ? line
    : `${line}\t${printPlain(opError(op.error))}`;
}

function* map<T>(items: readonly T[], f: (x: T) => string): Iterable<string> {
  for (const x of items) yield f(x);
}

/**
 * Writes `history.edn` into `dir`.
 * @param dir The folder.
 * @param history The ops.
 * @param workload The workload name (how values print).
 */
export function writeHistoryEdn(
  dir: string,
  history: readonly Op[],
  workload: string,
): Promise<void> {
  const style = valueStyle(workload);
  return writeLines(join(dir, "history.edn"), map(history, (op) => historyEdnLine(op, style)));
}

/**
 * Writes `history.txt` into `dir`.
 * @param dir The folder.
 * @param history The ops.
 * @param workload The workload name (how values print).
 */
export function writeHistoryTxt(
  dir: string,
  history: readonly Op[],
  workload: string,
): Promise<void> {
  const style = valueStyle(workload);
  return writeLines(join(dir, "history.txt"), map(history, (op) => historyTxtLine(op, style)));
}

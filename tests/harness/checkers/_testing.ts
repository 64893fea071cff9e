/**
 * Test helpers: compact hand-written histories and journals.
 * @module
 */

import type { JournalEvent, Op, OpType, Process } from "../history.ts";

/** One history row: `[ms, type, process, f, value, extra?]`. */
export type Row = [number, OpType, Process, string, unknown, Partial<Op>?];

/** Builds a history from rows; `index` is the row's position, `time` ms → ns. */
export function history(rows: readonly Row[]): Op[] {
  return rows.map(([ms, type, process, f, value, extra], index) => ({
    index,
    time: Math.round(ms * 1e6),
    type,
    process,
    f,
    value,
    ...extra,
  }));
}

/** One journal row: `[type, ms, id, src, dest, body?]`. */
export type EventRow = [
  "send" | "recv",
  number,
  number,
  string,
  string,
  Record<string, unknown>?,
];

/** Builds a journal from rows. */
export function journal(rows: readonly EventRow[]): JournalEvent[] {
  return rows.map(([type, ms, id, src, dest, body]) => ({
    type,
    time: Math.round(ms * 1e6),
    message: { id, src, dest, body: body ?? { type: "x" } },
  }));
}

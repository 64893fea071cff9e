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

/** Micro-ops as a txn test writes them: reads carry what the txn saw. */
export type TxnMops = Array<[string, number, unknown]>;

/**
 * A txn history builder: `begin` invokes a txn on a process (reads sent as
 * null), `end` completes it (an ok txn with the reads it saw, a failed or
 * info one with reads null again); `serial` does both at once.
 */
export class TxnHistory {
  ops: Op[] = [];
  private open = new Map<number, TxnMops>();
  private push(type: OpType, process: number, value: unknown): void {
    const index = this.ops.length;
    this.ops.push({ index, time: index * 1000, type, process, f: "txn", value });
  }
  begin(process: number, value: TxnMops): this {
    this.push("invoke", process, value.map(([f, k, v]) => [f, k, f === "r" ? null : v]));
    this.open.set(process, value);
    return this;
  }
  end(process: number, type: "ok" | "fail" | "info" = "ok"): this {
    const value = this.open.get(process)!;
    this.open.delete(process);
    this.push(
      type,
      process,
      type === "ok" ? value : value.map(([f, k, v]) => [f, k, f === "r" ? null : v]),
    );
    return this;
  }
  serial(process: number, value: TxnMops, type: "ok" | "fail" | "info" = "ok"): this {
    return this.begin(process, value).end(process, type);
  }
  /** Runs all txns concurrently: every invocation, then every completion. */
  concurrent(txns: Array<[number, TxnMops]>): this {
    for (const [p, v] of txns) this.begin(p, v);
    for (const [p] of txns) this.end(p);
    return this;
  }
}

/**
 * Records the history: dense indices, times in ns since the main phase
 * began (Jepsen's relative clock).
 * @module
 */

import type { Op } from "./history.ts";

/** An entry before the recorder adds `index` and `time`. */
export type Entry = Omit<Op, "index" | "time">;

/** The history recorder. */
export class Recorder {
  readonly ops: Op[] = [];
  #originMs: number;
  #now: () => number;

  /**
   * @param originMs Clock value (ms) of time 0.
   * @param now The clock (ms); default `performance.now`.
   */
  constructor(originMs: number, now: () => number = () => performance.now()) {
    this.#originMs = originMs;
    this.#now = now;
  }

  /** Clock value (ms) of time 0. */
  get originMs(): number {
    return this.#originMs;
  }

  /** Now, ns since time 0. */
  time(): number {
    return Math.round((this.#now() - this.#originMs) * 1e6);
  }

  /**
   * Appends an entry.
   * @param entry The entry.
   * @returns The recorded op.
   */
  append(entry: Entry): Op {
    const op = { index: this.ops.length, time: this.time(), ...entry } as Op;
    this.ops.push(op);
    return op;
  }
}

/**
 * Raft's replicated log: entries numbered from 1, each stamped with the term
 * of the leader that created it. Index 0 is an imaginary empty entry of term
 * 0, so that "the entry before the first one" always exists.
 * @module
 */

/** One log entry: the leader's term when it was appended, and its payload. */
export interface Entry<T> {
  term: number;
  data: T;
}

/**
 * An in-memory Raft log.
 *
 * @example
 * ```ts
 * import { RaftLog } from "./log.ts";
 * const log = new RaftLog<string>();
 * log.append({ term: 1, data: "x" });
 * console.assert(log.lastIndex === 1 && log.termAt(1) === 1 && log.termAt(0) === 0);
 * ```
 */
export class RaftLog<T> {
  #entries: Entry<T>[] = [];

  /** The index of the last entry (0 when empty). */
  get lastIndex(): number {
    return this.#entries.length;
  }

  /** The term of the last entry (0 when empty). */
  get lastTerm(): number {
    return this.termAt(this.lastIndex);
  }

  /** The term of entry `index`: 0 for index 0, -1 beyond the end. */
  termAt(index: number): number {
    if (index === 0) return 0;
    return this.#entries[index - 1]?.term ?? -1;
  }

  /** Entry `index` (1-based). @throws {RangeError} when there is none. */
  entry(index: number): Entry<T> {
    const e = this.#entries[index - 1];
    if (e === undefined) throw new RangeError(`No log entry at index ${index}`);
    return e;
  }

  /** Entries `from` … `to`, both included (clipped to the log). */
  slice(from: number, to: number): Entry<T>[] {
    return this.#entries.slice(Math.max(0, from - 1), Math.max(0, to));
  }

  /** Appends one entry; returns its index. */
  append(entry: Entry<T>): number {
    this.#entries.push(entry);
    return this.#entries.length;
  }

  /**
   * Stores entries a leader sent after index `prev`, which the caller has
   * checked matches. An entry already held with the same term is kept (a
   * late, shorter copy of an old message must not cut off what a newer one
   * added); the first one whose term differs is a conflict, and everything
   * from there on is replaced.
   *
   * @returns the index of the last entry given (the follower now matches the leader up to it)
   */
  merge(prev: number, entries: readonly Entry<T>[]): number {
    let index = prev;
    for (const e of entries) {
      index++;
      const held = this.termAt(index);
      if (held === e.term) continue;
      if (held !== -1) this.#entries.length = index - 1; // conflict: drop the rest
      this.#entries.push(e);
    }
    return index;
  }

  /**
   * Whether a candidate whose log ends at (`lastIndex`, `lastTerm`) is at
   * least as up to date as this one: a later last term wins, and with the
   * same last term the longer log wins (the election restriction).
   */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    return lastTerm > this.lastTerm || (lastTerm === this.lastTerm && lastIndex >= this.lastIndex);
  }

  /** The first index of the run of entries with the same term as entry `index`. */
  termStart(index: number): number {
    const term = this.termAt(index);
    let i = index;
    while (i > 1 && this.termAt(i - 1) === term) i--;
    return i;
  }
}

/**
 * The logs a kafka node serves: one dense, append-only log per key (offsets
 * 0, 1, 2, …) and the committed offset of each key. No I/O.
 * @module
 */

/** An `[offset, message]` pair as `poll_ok` carries it. */
export type Entry = [number, unknown];

/** Per-key logs and committed offsets. */
export class Logs {
  #logs = new Map<string, unknown[]>();
  #committed = new Map<string, number>();

  /**
   * Appends a message to a key's log.
   * @param key The log.
   * @param msg The message.
   * @returns Its offset.
   */
  append(key: string, msg: unknown): number {
    let log = this.#logs.get(key);
    if (log === undefined) this.#logs.set(key, log = []);
    log.push(msg);
    return log.length - 1;
  }

  /**
   * Stores a message at an offset copied from the key's owner, if it is the
   * next one: a replica stays a prefix of the owner's log.
   * @param key The log.
   * @param offset The offset the owner gave it.
   * @param msg The message.
   * @returns Whether it was stored (false for a repeat or a gap).
   */
  put(key: string, offset: number, msg: unknown): boolean {
    if (offset !== this.length(key)) return false;
    this.append(key, msg);
    return true;
  }

  /** The number of messages of a key (its next offset). */
  length(key: string): number {
    return this.#logs.get(key)?.length ?? 0;
  }

  /**
   * Messages from the requested offsets on, at most `max` per key; keys with
   * nothing to return are left out.
   * @param offsets Key → first offset wanted.
   * @param max Most pairs per key.
   * @returns Key → `[offset, msg]` pairs, ascending and contiguous.
   */
  poll(offsets: Record<string, number>, max = 1000): Record<string, Entry[]> {
    const out: Record<string, Entry[]> = {};
    for (const [key, from] of Object.entries(offsets)) {
      const log = this.#logs.get(key);
      const start = Math.max(0, from);
      if (log === undefined || start >= log.length) continue;
      const end = Math.min(log.length, start + max);
      const pairs: Entry[] = [];
      for (let o = start; o < end; o++) pairs.push([o, log[o]]);
      out[key] = pairs;
    }
    return out;
  }

  /**
   * Raises committed offsets (never lowers them).
   * @param offsets Key → offset.
   * @returns The keys whose committed offset rose, with their new offsets.
   */
  commit(offsets: Record<string, number>): Array<[string, number]> {
    const raised: Array<[string, number]> = [];
    for (const [key, offset] of Object.entries(offsets)) {
      if (offset > (this.#committed.get(key) ?? -Infinity)) {
        this.#committed.set(key, offset);
        raised.push([key, offset]);
      }
    }
    return raised;
  }

  /**
   * The committed offsets of some keys (keys never committed are left out).
   * @param keys The keys.
   * @returns Key → committed offset.
   */
  committed(keys: readonly string[]): Record<string, number> {
    const out: Record<string, number> = {};
    for (const key of keys) {
      const o = this.#committed.get(key);
      if (o !== undefined) out[key] = o;
    }
    return out;
  }
}

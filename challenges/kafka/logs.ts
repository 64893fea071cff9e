/**
 * The logs a kafka node serves: per key, `[offset, message]` entries sorted
 * by offset (offsets may be sparse), and the committed offset of each key.
 * No I/O.
 * @module
 */

/** An `[offset, message]` pair as `poll_ok` carries it. */
export type Entry = [number, unknown];

/** Per-key logs and committed offsets. */
export class Logs {
  #logs = new Map<string, Entry[]>();
  #committed = new Map<string, number>();

  /**
   * Stores a message at an offset (entries stay sorted; offsets arrive
   * mostly in ascending order, so this is cheap).
   * @param key The log.
   * @param offset Its offset, unique in the key.
   * @param msg The message.
   */
  insert(key: string, offset: number, msg: unknown): void {
    let log = this.#logs.get(key);
    if (log === undefined) this.#logs.set(key, log = []);
    let i = log.length;
    while (i > 0 && log[i - 1][0] > offset) i--;
    log.splice(i, 0, [offset, msg]);
  }

  /**
   * Messages at or after the requested offsets and below `below`, at most
   * `max` per key; keys with nothing to return are left out.
   * @param offsets Key → first offset wanted.
   * @param below Only offsets below this (the node's exposure frontier).
   * @param max Most pairs per key.
   * @returns Key → `[offset, msg]` pairs, ascending.
   */
  poll(offsets: Record<string, number>, below = Infinity, max = 1000): Record<string, Entry[]> {
    const out: Record<string, Entry[]> = {};
    for (const [key, from] of Object.entries(offsets)) {
      const log = this.#logs.get(key);
      if (log === undefined) continue;
      let lo = 0, hi = log.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (log[mid][0] < from) lo = mid + 1;
        else hi = mid;
      }
      const pairs: Entry[] = [];
      for (let i = lo; i < log.length && pairs.length < max && log[i][0] < below; i++) {
        pairs.push(log[i]);
      }
      if (pairs.length > 0) out[key] = pairs;
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

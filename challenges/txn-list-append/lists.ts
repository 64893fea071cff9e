/**
 * The leader's state for txn-list-append, free of I/O: a map from key to
 * list, and {@linkcode Lists.execute}, which runs one txn against it at once
 * and entirely. Txns executed one after another are trivially serializable,
 * and in real-time order when each is answered after it ran.
 * @module
 */

/** A micro-op: `["r", k, null]` (filled in: the list, or `null`) or `["append", k, v]`. */
export type MicroOp = ["r", number, number[] | null] | ["append", number, number];

/** Lists by key, the txns that built them applied one at a time. */
export class Lists {
  #lists = new Map<number, number[]>();

  /** How many keys have a list. */
  get size(): number {
    return this.#lists.size;
  }

  /** The list of `key` (a copy), or `null` if nothing was appended to it. */
  get(key: number): number[] | null {
    const list = this.#lists.get(key);
    return list === undefined ? null : [...list];
  }

  /**
   * Runs a txn: each read sees every earlier txn and this txn's own earlier
   * appends; each append adds its value to the end of the key's list.
   *
   * @param txn the micro-ops, in order
   * @returns the same micro-ops in the same order, reads filled in
   */
  execute(txn: readonly MicroOp[]): MicroOp[] {
    return txn.map((op): MicroOp => {
      if (op[0] === "r") return ["r", op[1], this.get(op[1])];
      const [, k, v] = op;
      const list = this.#lists.get(k);
      if (list === undefined) this.#lists.set(k, [v]);
      else list.push(v);
      return ["append", k, v];
    });
  }
}

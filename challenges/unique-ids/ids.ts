/**
 * Id generation without coordination: node i of N hands out i, i + N,
 * i + 2N, …, so no two nodes can ever produce the same id, partitions or not.
 * @module
 */

/** Generates integer ids unique across `count` nodes; this is node `index`. */
export class IdGenerator {
  #next: number;
  #step: number;

  constructor(index: number, count: number) {
    if (!(index >= 0 && index < count)) {
      throw new RangeError(`Cannot generate ids: index ${index} is not in 0..${count - 1}`);
    }
    this.#next = index;
    this.#step = count;
  }

  /** The next id. */
  next(): number {
    const id = this.#next;
    this.#next += this.#step;
    return id;
  }
}

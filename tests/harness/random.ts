/**
 * A small seeded pseudo-random source, so that a bench run with `--seed N`
 * makes the same random choices (latencies, grudges, generator draws).
 * @module
 */

/** A seeded random source (sfc32). */
export class Random {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  /**
   * Creates a random source from a 32-bit integer seed.
   * @param seed Any integer; equal seeds give equal sequences.
   * @example Same seed, same draws
   * ```ts
   * import { Random } from "./random.ts";
   * import assert from "node:assert";
   * assert.equal(new Random(7).next(), new Random(7).next());
   * ```
   */
  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed | 0;
    for (let i = 0; i < 15; i++) this.next();
  }

  /** A float uniform in [0, 1). */
  next(): number {
    const a = this.#a, b = this.#b, c = this.#c, d = this.#d;
    const t = (((a + b) | 0) + d) | 0;
    this.#d = (d + 1) | 0;
    this.#a = b ^ (b >>> 9);
    this.#b = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    this.#c = (r + t) | 0;
    return (t >>> 0) / 4294967296;
  }

  /** An integer uniform in [lo, hi). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo));
  }

  /** A float uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** An exponentially distributed float with the given mean. */
  exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i + 1);
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** An independent random source derived from this one. */
  fork(): Random {
    return new Random(this.int(0, 2 ** 31));
  }
}

/**
 * A PN-counter CRDT: per origin node, the totals of its increments (P) and
 * of its decrements (N); the value is ΣP − ΣN. An origin's part changes only
 * at that origin, and its version P + N grows with every non-zero add.
 * @module
 */
import { z } from "../../mod.ts";
import type { Replica, Versions } from "../_crdt/gossip.ts";

/** A delta: origin → `[P, N]`. */
export type PnDelta = Record<string, [number, number]>;

/** The wire schema of a {@linkcode PnDelta}. */
export const PnDeltaSchema: z.ZodMiniType<PnDelta> = z.record(
  z.string(),
  z.tuple([z.int(), z.int()]),
);

/**
 * A PN-counter.
 *
 * @example
 * ```ts
 * import { PnCounter } from "./pn_counter.ts";
 * const a = new PnCounter(), b = new PnCounter();
 * a.add("n0", 5);
 * b.add("n1", -2);
 * b.merge(a.delta({}, () => true)!);
 * console.assert(b.value() === 3);
 * ```
 */
export class PnCounter implements Replica<PnDelta> {
  #parts = new Map<string, [number, number]>();

  /** Adds `delta` (any integer) at `origin`. */
  add(origin: string, delta: number): void {
    if (delta === 0) return;
    const part = this.#parts.get(origin) ?? [0, 0];
    this.#parts.set(origin, delta > 0 ? [part[0] + delta, part[1]] : [part[0], part[1] - delta]);
  }

  /** The counter's value, ΣP − ΣN. */
  value(): number {
    let sum = 0;
    for (const [p, n] of this.#parts.values()) sum += p - n;
    return sum;
  }

  /** Every origin's version, P + N. */
  versions(): Versions {
    const out: Versions = {};
    for (const [o, [p, n]] of this.#parts) out[o] = p + n;
    return out;
  }

  /** The parts newer than `have` among the origins `include` accepts. */
  delta(have: Versions, include: (origin: string) => boolean): PnDelta | undefined {
    let out: PnDelta | undefined;
    for (const [o, [p, n]] of this.#parts) {
      if (p + n > (have[o] ?? 0) && include(o)) (out ??= {})[o] = [p, n];
    }
    return out;
  }

  /** Takes each part's component-wise maximum; returns whether anything grew. */
  merge(delta: PnDelta): boolean {
    let changed = false;
    for (const [o, [p, n]] of Object.entries(delta)) {
      const old = this.#parts.get(o) ?? [0, 0];
      if (p > old[0] || n > old[1]) {
        this.#parts.set(o, [Math.max(p, old[0]), Math.max(n, old[1])]);
        changed = true;
      }
    }
    return changed;
  }
}

/**
 * A grow-only set CRDT kept as one append-only log per origin node: the
 * elements added at that node, in order. An origin's version is its log's
 * length, so a delta is a log suffix, and merging appends what is new.
 * @module
 */
import { z } from "../../mod.ts";
import type { Replica, Versions } from "../_crdt/gossip.ts";

/** A delta: origin → the log from index `from` on. */
export type GSetDelta = Record<string, { from: number; elements: unknown[] }>;

/** The wire schema of a {@linkcode GSetDelta}. */
export const GSetDeltaSchema: z.ZodMiniType<GSetDelta> = z.record(
  z.string(),
  z.object({ from: z.int(), elements: z.array(z.unknown()) }),
);

/**
 * A grow-only set of JSON values (equal when their JSON is).
 *
 * @example
 * ```ts
 * import { GSet } from "./g_set.ts";
 * const a = new GSet(), b = new GSet();
 * a.add("n0", 1);
 * b.add("n1", 2);
 * b.merge(a.delta({}, () => true)!);
 * console.assert(b.values().length === 2);
 * ```
 */
export class GSet implements Replica<GSetDelta> {
  #logs = new Map<string, unknown[]>();
  #elements = new Map<string, unknown>();

  /** Adds `element` at `origin`; returns false when the set already held it. */
  add(origin: string, element: unknown): boolean {
    const key = JSON.stringify(element);
    if (this.#elements.has(key)) return false;
    this.#elements.set(key, element);
    let log = this.#logs.get(origin);
    if (log === undefined) this.#logs.set(origin, log = []);
    log.push(element);
    return true;
  }

  /** Every element, once. */
  values(): unknown[] {
    return [...this.#elements.values()];
  }

  /** Every origin's version: its log's length. */
  versions(): Versions {
    const out: Versions = {};
    for (const [o, log] of this.#logs) out[o] = log.length;
    return out;
  }

  /** The log suffixes beyond `have` of the origins `include` accepts. */
  delta(have: Versions, include: (origin: string) => boolean): GSetDelta | undefined {
    let out: GSetDelta | undefined;
    for (const [o, log] of this.#logs) {
      const from = have[o] ?? 0;
      if (log.length > from && include(o)) (out ??= {})[o] = { from, elements: log.slice(from) };
    }
    return out;
  }

  /** Appends what each suffix adds to our logs; returns whether anything was new. */
  merge(delta: GSetDelta): boolean {
    let changed = false;
    for (const [o, { from, elements }] of Object.entries(delta)) {
      let log = this.#logs.get(o);
      if (log === undefined) this.#logs.set(o, log = []);
      if (from > log.length) continue; // a gap: wait for the suffix we lack
      for (const e of elements.slice(log.length - from)) {
        log.push(e);
        const key = JSON.stringify(e);
        if (!this.#elements.has(key)) this.#elements.set(key, e);
        changed = true;
      }
    }
    return changed;
  }
}

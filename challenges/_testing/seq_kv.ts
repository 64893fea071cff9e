/**
 * An in-memory `seq-kv` for unit tests that goes stale the way Maelstrom's
 * does (`sequential` in
 * https://github.com/jepsen-io/maelstrom/blob/main/src/maelstrom/service.clj):
 * each sender sees a version picked from the ones at or after the last
 * version it interacted with; requests that change nothing (reads, failed
 * CASes) run against that possibly stale version, and state-changing ones run
 * against the newest and pin the sender to it. The pin is how Maelstrom
 * builds its store, not something sequential consistency promises: a real
 * sequentially consistent store may order another client's earlier write
 * after your read even once you have written.
 * @module
 */
import type { Body, OutBody } from "../../mod.ts";

/** Options of {@linkcode FakeSeqKv}. */
export interface FakeSeqKvOptions {
  /**
   * Picks the version a request sees, in `lo … hi` inclusive. Default: `lo`,
   * the stalest one allowed, which makes every missing pin visible.
   */
  pick?: (lo: number, hi: number) => number;
  /** How many versions are kept (older ones are forgotten). Default 32. */
  window?: number;
}

type State = ReadonlyMap<string, unknown>;

/**
 * A sequentially consistent key-value store, as Maelstrom's `seq-kv`.
 *
 * @example
 * ```ts
 * import { FakeSeqKv } from "./seq_kv.ts";
 * const kv = new FakeSeqKv();
 * kv.handle("n0", { type: "write", key: "x", value: 1 });
 * // n1 has never talked to seq-kv: it may see the initial, empty state.
 * console.assert(kv.handle("n1", { type: "read", key: "x" })?.code === 20);
 * ```
 */
export class FakeSeqKv {
  /** Every request handled, with its sender. */
  readonly requests: Array<{ src: string; body: Body }> = [];
  #versions: State[] = [new Map()];
  #first = 0;
  #seen = new Map<string, number>();
  #pick: (lo: number, hi: number) => number;
  #window: number;

  /**
   * Starts with one version, the empty map.
   * @param options which versions requests see, and how many are kept */
  constructor(options: FakeSeqKvOptions = {}) {
    this.#pick = options.pick ?? ((lo) => lo);
    this.#window = options.window ?? 32;
  }

  /** The index of the newest version. */
  get last(): number {
    return this.#first + this.#versions.length - 1;
  }

  /** The newest value of `key`, or undefined. */
  newest(key: unknown): unknown {
    return this.#versions[this.#versions.length - 1].get(JSON.stringify(key));
  }

  /** Handles one request from `src`; returns the reply body (no `in_reply_to`). */
  handle(src: string, body: Body): OutBody | undefined {
    this.requests.push({ src, body });
    const lo = Math.max(this.#seen.get(src) ?? 0, this.#first);
    const i = Math.min(Math.max(this.#pick(lo, this.last), lo), this.last);
    const old = this.#versions[i - this.#first];
    const first = apply(old, body);
    if (first === undefined) return undefined;
    if (first.state === old) {
      this.#seen.set(src, i);
      return first.reply;
    }
    const newest = this.#versions[this.#versions.length - 1];
    const second = apply(newest, body)!;
    this.#versions.push(second.state);
    if (this.#versions.length > this.#window) {
      this.#versions.shift();
      this.#first++;
    }
    this.#seen.set(src, this.last);
    return second.reply;
  }
}

function apply(state: State, body: Body): { state: State; reply: OutBody } | undefined {
  const k = JSON.stringify(body.key);
  const set = (v: unknown): State =>
    state.has(k) && JSON.stringify(state.get(k)) === JSON.stringify(v)
      ? state
      : new Map(state).set(k, v);
  const missing = { type: "error", code: 20, text: "key does not exist" };
  switch (body.type) {
    case "read":
      return { state, reply: state.has(k) ? { type: "read_ok", value: state.get(k) } : missing };
    case "write":
      return { state: set(body.value), reply: { type: "write_ok" } };
    case "cas":
      if (!state.has(k)) {
        return body.create_if_not_exists
          ? { state: set(body.to), reply: { type: "cas_ok" } }
          : { state, reply: missing };
      }
      if (JSON.stringify(state.get(k)) === JSON.stringify(body.from)) {
        return { state: set(body.to), reply: { type: "cas_ok" } };
      }
      return {
        state,
        reply: {
          type: "error",
          code: 22,
          text: `current value ${JSON.stringify(state.get(k))} is not ${JSON.stringify(body.from)}`,
        },
      };
    default:
      return undefined;
  }
}

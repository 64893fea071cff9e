/**
 * `seq-kv`: Maelstrom's sequentially consistent KV (`sequential` in
 * https://github.com/jepsen-io/maelstrom/blob/main/src/maelstrom/service.clj),
 * exactly: a ring buffer of the last 32 map versions; per sender the index
 * of the latest version it interacted with; each request runs against a
 * uniformly random version no older than that; if it would change the state
 * it is re-run on the newest version, whose result becomes a new version.
 * The lookup keeps Maelstrom's modular indexing, so senders lagging by 32 or
 * more versions see the same wrap-around effects.
 * @module
 */

import type { Random } from "../random.ts";
import { applyKv, type KvState } from "./kv.ts";
import type { Service } from "./service.ts";

/** A fixed-capacity ring buffer with amalloy/ring-buffer's indexing. */
class Ring<T> {
  #buf: T[] = [];
  #start = 0;
  #len = 0;
  constructor(readonly capacity: number) {}

  push(x: T): void {
    if (this.#len === this.capacity) {
      this.#buf[this.#start] = x;
      this.#start = (this.#start + 1) % this.#len;
    } else {
      this.#buf[(this.#start + this.#len) % this.capacity] = x;
      this.#len++;
    }
  }

  /** `nth` with Clojure's `mod` (negative indices count from the end). */
  nth(i: number): T {
    const n = this.#len;
    return this.#buf[(((this.#start + i) % n) + n) % n];
  }
}

/**
 * Makes a seq-kv service.
 * @param random Picks the version each request runs against.
 * @param size Ring size (Maelstrom: 32).
 * @returns The service.
 * @example A write is always applied to the newest version
 * ```ts
 * import { seqKv } from "./seq_kv.ts";
 * import { Random } from "../random.ts";
 * import assert from "node:assert";
 * const kv = seqKv(new Random(1));
 * kv.handle("n0", { type: "write", key: "x", value: 1 });
 * assert.deepEqual(kv.handle("n0", { type: "read", key: "x" }), { type: "read_ok", value: 1 });
 * ```
 */
export function seqKv(random: Random, size = 32): Service {
  const buffer = new Ring<KvState>(size);
  buffer.push(new Map());
  let last = 0;
  const seen = new Map<string, number>();
  return {
    handle(src, body) {
      const lo = seen.get(src) ?? 0;
      const index = lo + random.int(0, last - lo + 1);
      const version = buffer.nth(index - last - 1);
      const attempt = applyKv(version, body);
      if (attempt.state === version) {
        seen.set(src, index);
        return attempt.reply;
      }
      const final = applyKv(buffer.nth(-1), body);
      last++;
      buffer.push(final.state);
      seen.set(src, last);
      return final.reply;
    },
  };
}

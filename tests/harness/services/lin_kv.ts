/**
 * `lin-kv`: a linearizable key-value store — one map, every request applied
 * to the latest state (`linearizable` over `persistent-kv` in Maelstrom's
 * `src/maelstrom/service.clj`; https://github.com/jepsen-io/maelstrom/blob/main/doc/services.md#lin-kv).
 * @module
 */

import { applyKv, type KvState } from "./kv.ts";
import type { Service } from "./service.ts";

/**
 * Makes a lin-kv service.
 * @returns The service.
 * @example
 * ```ts
 * import { linKv } from "./lin_kv.ts";
 * import assert from "node:assert";
 * const kv = linKv();
 * kv.handle("n0", { type: "write", key: "x", value: 1 });
 * assert.deepEqual(kv.handle("n1", { type: "read", key: "x" }), { type: "read_ok", value: 1 });
 * ```
 */
export function linKv(): Service {
  let state: KvState = new Map();
  return {
    handle(_src, body) {
      const r = applyKv(state, body);
      state = r.state;
      return r.reply;
    },
  };
}

/**
 * `lww-kv`: what Maelstrom's "eventually consistent" KV actually does
 * (`eventual` in Maelstrom's `src/maelstrom/service.clj`, whose merge result
 * is overwritten before it is stored): two independent replicas that never
 * merge; every request hits one of them at random; `create_if_not_exists` is
 * ignored.
 * @module
 */

import type { Random } from "../random.ts";
import { applyKv, type KvState } from "./kv.ts";
import type { Service } from "./service.ts";

/**
 * Makes an lww-kv service.
 * @param random Chooses the replica.
 * @param replicas Number of replicas (Maelstrom: 2).
 * @returns The service.
 */
export function lwwKv(random: Random, replicas = 2): Service {
  const states: KvState[] = Array.from({ length: replicas }, () => new Map());
  return {
    handle(_src, body) {
      const i = random.int(0, replicas);
      const r = applyKv(states[i], body, { createIfNotExists: false, quoteFrom: false });
      states[i] = r.state;
      return r.reply;
    },
  };
}

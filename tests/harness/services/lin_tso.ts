/**
 * `lin-tso`: a linearizable timestamp oracle, a counter from 0
 * (`persistent-tso` in Maelstrom's `src/maelstrom/service.clj`;
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/services.md#lin-tso).
 * @module
 */

import { UnknownRequest } from "./kv.ts";
import type { Service } from "./service.ts";

/**
 * Makes a lin-tso service.
 * @returns The service; `ts` → `{type: "ts_ok", ts}`, anything else throws.
 */
export function linTso(): Service {
  let ts = 0;
  return {
    handle(_src, body) {
      if (body.type !== "ts") throw new UnknownRequest(body.type);
      return { type: "ts_ok", ts: ts++ };
    },
  };
}

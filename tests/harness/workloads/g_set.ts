/**
 * The g-set workload: 50/50 `add` (elements 0, 1, 2, …) and `read` (reply
 * key `value`); final phase one `read` per thread (no final tag). Errors
 * not wrapped (everything → `:info`); client not reusable; set-full.
 * @module
 */

import { z } from "zod";
import { setFull } from "../checkers/set_full.ts";
import { eachThread, mix, once, repeat } from "../generator.ts";
import type { WorkloadFactory } from "../workload.ts";

/** Makes the g-set workload. */
export const gSet: WorkloadFactory = () => {
  let next = 0;
  return {
    name: "g-set",
    reusableClient: false,
    wrapErrors: false,
    idempotent: new Set(),
    generator: () => mix([repeat(() => ({ f: "add", value: next++ })), repeat({ f: "read" })]),
    finalGenerator: () => eachThread(() => once({ f: "read" })),
    client: (conn) => ({
      async invoke(op) {
        if (op.f === "add") {
          await conn.rpc({ type: "add", element: op.value }, {});
          return { type: "ok" };
        }
        const reply = await conn.rpc({ type: "read" }, { value: z.array(z.unknown()) });
        return { type: "ok", value: reply.value };
      },
    }),
    check: (history) => setFull(history),
  };
};

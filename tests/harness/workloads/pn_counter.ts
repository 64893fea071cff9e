/**
 * The pn-counter workload: 50/50 `add` with `delta` uniform in [−5, 4] and
 * `read`; final phase one `read` per thread tagged final. Errors not
 * wrapped; client not reusable; the counter checker.
 * @module
 */

import { z } from "zod";
import { counter } from "../checkers/counter.ts";
import { eachThread, type Generator, mix, once, repeat } from "../generator.ts";
import type { Workload, WorkloadFactory } from "../workload.ts";

/** The pn-counter main generator (g-counter filters it). */
export function counterGenerator(): Generator {
  return mix([
    repeat((ctx) => ({ f: "add", value: ctx.random.int(0, 10) - 5 })),
    repeat({ f: "read" }),
  ]);
}

/**
 * A counter workload.
 * @param name `"pn-counter"` or `"g-counter"`.
 * @param generator The main generator.
 * @returns The workload.
 */
export function counterWorkload(name: string, generator: () => Generator): Workload {
  return {
    name,
    reusableClient: false,
    wrapErrors: false,
    idempotent: new Set(),
    generator,
    finalGenerator: () => eachThread(() => once({ f: "read", final: true })),
    client: (conn) => ({
      async invoke(op) {
        if (op.f === "add") {
          await conn.rpc({ type: "add", delta: op.value }, {});
          return { type: "ok" };
        }
        const reply = await conn.rpc({ type: "read" }, { value: z.int() });
        return { type: "ok", value: reply.value };
      },
    }),
    check: counter,
  };
}

/** Makes the pn-counter workload. */
export const pnCounter: WorkloadFactory = () => counterWorkload("pn-counter", counterGenerator);

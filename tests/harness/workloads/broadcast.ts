/**
 * The broadcast workload: `topology` once per node at setup; then a 50/50
 * mix of `broadcast` (values 0, 1, 2, … from one shared sequence) and
 * `read`; final phase one `read` per thread tagged final. `read` is
 * idempotent; client not reusable; checker set-full with broadcast as add.
 * @module
 */

import { z } from "zod";
import { setFull } from "../checkers/set_full.ts";
import { eachThread, mix, once, repeat } from "../generator.ts";
import type { WorkloadFactory } from "../workload.ts";
import { topology } from "./topology.ts";

/** Makes the broadcast workload. */
export const broadcast: WorkloadFactory = ({ options }) => {
  let next = 0;
  return {
    name: "broadcast",
    reusableClient: false,
    wrapErrors: true,
    idempotent: new Set(["read"]),
    async setup(conn) {
      const topo = topology(options.topology, options.nodes);
      await conn.rpc({ type: "topology", topology: topo }, {});
    },
    generator: () =>
      mix([repeat(() => ({ f: "broadcast", value: next++ })), repeat({ f: "read" })]),
    finalGenerator: () => eachThread(() => once({ f: "read", final: true })),
    client: (conn) => ({
      async invoke(op) {
        if (op.f === "broadcast") {
          await conn.rpc({ type: "broadcast", message: op.value }, {});
          return { type: "ok" };
        }
        const reply = await conn.rpc({ type: "read" }, { messages: z.array(z.unknown()) });
        return { type: "ok", value: reply.messages };
      },
    }),
    check: (history) => setFull(history, { addF: "broadcast" }),
  };
};

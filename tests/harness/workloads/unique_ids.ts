/**
 * The unique-ids workload: endless `generate`; the completion's value is the
 * returned id. Errors wrapped, client reusable, no final phase.
 * @module
 */

import { z } from "zod";
import { uniqueIds as checkUniqueIds } from "../checkers/unique_ids.ts";
import { repeat } from "../generator.ts";
import type { WorkloadFactory } from "../workload.ts";

/** Makes the unique-ids workload. */
export const uniqueIds: WorkloadFactory = () => ({
  name: "unique-ids",
  reusableClient: true,
  wrapErrors: true,
  idempotent: new Set(),
  generator: () => repeat({ f: "generate" }),
  client: (conn) => ({
    async invoke() {
      const reply = await conn.rpc({ type: "generate" }, { id: z.unknown() });
      return { type: "ok", value: reply.id };
    },
  }),
  check: checkUniqueIds,
});

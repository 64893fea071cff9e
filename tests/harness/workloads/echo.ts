/**
 * The echo workload: every thread, forever, `echo` with `"Please echo N"`
 * (N uniform in 0–127); the completion's value is the reply body. Errors
 * wrapped, none idempotent, client not reusable, no final phase.
 * @module
 */

import { z } from "zod";
import { echoChecker } from "../checkers/echo.ts";
import { eachThread, repeat } from "../generator.ts";
import type { WorkloadFactory } from "../workload.ts";

/** Makes the echo workload. */
export const echo: WorkloadFactory = () => ({
  name: "echo",
  reusableClient: false,
  wrapErrors: true,
  idempotent: new Set(),
  generator: () =>
    eachThread(() =>
      repeat((ctx) => ({ f: "echo", value: `Please echo ${ctx.random.int(0, 128)}` }))
    ),
  client: (conn) => ({
    async invoke(op) {
      const reply = await conn.rpc({ type: "echo", echo: op.value }, { echo: z.unknown() });
      return { type: "ok", value: reply };
    },
  }),
  check: echoChecker,
});

/**
 * Registers the tests of a challenge's ladder: each rung run short on the
 * configuration of each of its runs, and its verdict must be the one the
 * ladder expects. The bench decides; nothing is taken on trust. Runs of the
 * challenge's own node (`main`) and runs marked `skipInTest` are left to
 * `make <name>-steps` and the suite.
 *
 * @example
 * ```ts ignore
 * // challenges/broadcast/steps/ladder_test.ts
 * import { testLadder } from "../../../tests/harness/steps_testing.ts";
 * import { LADDER } from "./ladder.ts";
 * testLadder("broadcast", LADDER);
 * ```
 * @module
 */
import { strictEqual } from "node:assert/strict";
import { type Ladder, runStep } from "./steps.ts";

/** The seed of every test run: the same partitions each time. */
export const SEED = 1;

let store: string | undefined;

/**
 * Registers one `Deno.test` per run of the ladder.
 * @param challenge The challenge's folder name.
 * @param ladder Its ladder.
 */
export function testLadder(challenge: string, ladder: Ladder): void {
  for (const run of ladder.runs) {
    if (run.rung === "main" || run.skipInTest) continue;
    const verdict = run.expect ? "accepted" : "rejected";
    Deno.test(`${challenge} ${run.rung} is ${verdict} on ${run.config}`, async () => {
      store ??= await Deno.makeTempDir({ prefix: "steps-store-" });
      const row = await runStep(challenge, ladder, run, {
        short: true,
        extra: ["--seed", String(SEED), "--store", store],
      });
      strictEqual(
        row.valid,
        run.expect,
        `${run.rung} on ${run.config}: ${row.figure} (${row.dir ?? "no store"})`,
      );
    });
  }
}

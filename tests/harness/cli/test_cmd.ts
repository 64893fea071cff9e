/**
 * `maelstrom test`: parse the options as Maelstrom does, print the help
 * (exit 0) or the errors (exit 254), then run the test `--test-count`
 * times, stopping at the first that is not valid; the exit status is the
 * last test's (0 valid, 1 invalid, 2 unknown, 255 crashed, 130 Ctrl-C).
 * @module
 */

import { runTest } from "../run.ts";
import { summarize } from "./parse.ts";
import {
  BENCH_OPTIONS,
  JEPSEN_OPTIONS,
  MAELSTROM_OPTIONS,
  parseTest,
  SINGLE_TEST_OPTIONS,
} from "./test_options.ts";

/** Jepsen's exit statuses, as the help of `test` lists them. */
export const EXIT_STATUSES = `  0     All tests passed
  1     Some test failed
  2     Some test had an :unknown validity
  254   Invalid arguments
  255   Internal error: the test crashed (a node exited or did not answer init, …)
  130   Interrupted with Ctrl-C (what the run recorded is stored, not analyzed)`;

/**
 * The help of `test`.
 * @returns The text, without a trailing newline.
 */
export function testUsage(): string {
  return `Usage: maelstrom test -w WORKLOAD --bin FILE [OPTIONS ...] [--] [ARGS FOR THE NODE ...]

Runs a Maelstrom test on this bench and exits with a status code:

${EXIT_STATUSES}

Words that are not options (and everything after --) are passed to the node.

Options (Maelstrom's):
${summarize([...SINGLE_TEST_OPTIONS, ...MAELSTROM_OPTIONS]).join("\n")}

Options (Jepsen's; the SSH ones do nothing here, as in Maelstrom):
${summarize(JEPSEN_OPTIONS).join("\n")}

Bench extensions (not Maelstrom's; the real Maelstrom rejects them):
${summarize(BENCH_OPTIONS).join("\n")}`;
}

/**
 * Runs `maelstrom test`.
 * @param args The words after `test`.
 * @returns The exit status.
 * @throws {NodesFileError} when `--nodes-file` cannot be read (exit 255).
 */
export async function testCommand(args: readonly string[]): Promise<number> {
  const parsed = parseTest(args);
  if (parsed.help) {
    console.log(testUsage());
    return 0;
  }
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    console.error(`(maelstrom test --help lists every option)`);
    return 254;
  }
  let code = 0;
  for (let i = 0; i < parsed.testCount; i++) {
    const seed = parsed.seeded || i === 0
      ? parsed.options.seed + i
      : Math.floor(Math.random() * 2 ** 31);
    if (parsed.testCount > 1 && !parsed.options.quiet) {
      console.error(`Test ${i + 1} of ${parsed.testCount}`);
    }
    const result = await runTest({ ...parsed.options, seed });
    code = result.exitCode;
    if (code !== 0) break;
  }
  return code;
}

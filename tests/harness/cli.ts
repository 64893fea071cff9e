/**
 * The bench's command line, Maelstrom's (`maelstrom.core` and Jepsen's
 * `jepsen.cli`), built into `dist/maelstrom`:
 *
 * ```sh
 * maelstrom test -w broadcast --bin dist/broadcast --node-count 5 --time-limit 20 --rate 10
 * maelstrom analyze [-t INDEX|PATH]
 * maelstrom serve [-b HOST] [-p PORT]
 * maelstrom demo [OPTIONS]
 * maelstrom doc
 * ```
 *
 * Exit status: 0 valid, 1 invalid, 2 unknown, 254 bad arguments (or no
 * command: the command list), 255 crashed test or internal error. Runs are
 * stored in `store/` under the current directory. `deno task harness …` is
 * the same command run from the sources.
 * @module
 */

import { analyzeCommand, StoredRunError } from "./cli/analyze.ts";
import { demoCommand } from "./cli/demo.ts";
import { docCommand } from "./cli/doc.ts";
import { serveCommand } from "./cli/serve.ts";
import { testCommand, testUsage } from "./cli/test_cmd.ts";
import { NodesFileError, parseTest } from "./cli/test_options.ts";
import { UsageError } from "./errors.ts";
import type { TestOptions } from "./options.ts";

export { testUsage };

/** The subcommands, by name. */
export const COMMANDS: Readonly<Record<string, (args: readonly string[]) => Promise<number>>> = {
  analyze: analyzeCommand,
  demo: demoCommand,
  doc: docCommand,
  serve: serveCommand,
  test: testCommand,
};

/** What `maelstrom` alone (or with an unknown command) prints. */
export const USAGE = `Usage: maelstrom COMMAND [OPTIONS ...]
Commands: ${Object.keys(COMMANDS).sort().join(", ")}
(maelstrom COMMAND --help describes a command)`;

/**
 * Parses the arguments of `test` (without the command word), for callers
 * that run tests themselves (the suite).
 * @param args The arguments.
 * @returns The options.
 * @throws {UsageError} with every error, as `test` prints them.
 * @example
 * ```ts
 * import { parseTestArgs } from "./cli.ts";
 * import assert from "node:assert";
 * const o = parseTestArgs(["-w", "echo", "--bin", "x", "--node-count", "2", "--concurrency", "2n"]);
 * assert.deepEqual([o.nodes, o.concurrency], [["n0", "n1"], 4]);
 * ```
 */
export function parseTestArgs(args: readonly string[]): TestOptions {
  const parsed = parseTest(args);
  if (parsed.errors.length > 0) throw new UsageError(parsed.errors.join("\n"));
  return parsed.options;
}

/**
 * Runs the command line.
 * @param argv `Deno.args`.
 * @returns The exit status.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  const run = command === undefined ? undefined : COMMANDS[command];
  if (run === undefined || !Object.hasOwn(COMMANDS, command!)) {
    console.log(USAGE);
    return 254;
  }
  try {
    return await run(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(error.message);
      return 254;
    }
    console.error("Oh jeez, I'm sorry, Jepsen broke. Here's why:");
    // Jepsen crashes on these too (exit 255), but the cause is the user's
    // input, said in one line: a stack trace of the bench would bury it.
    console.error(isInputError(error) ? `${error.name}: ${error.message}` : error);
    return 255;
  }
}

/** A crash whose cause is the command line: a missing file or run, a busy port. */
function isInputError(error: unknown): error is Error {
  return error instanceof StoredRunError || error instanceof NodesFileError ||
    error instanceof Deno.errors.AddrInUse;
}

if (import.meta.main) {
  // `deno task harness` runs in the project root; it passes the directory it
  // was started from, where store/ belongs and relative paths start.
  const cwd = Deno.env.get("MAELSTROM_TS_CWD");
  if (cwd) Deno.chdir(cwd);
  Deno.exit(await main(Deno.args));
}

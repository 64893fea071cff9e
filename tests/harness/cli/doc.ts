/**
 * `maelstrom doc`: the workloads and protocol reference.
 * @module
 */

import { parseOpts } from "./parse.ts";

/**
 * Runs `maelstrom doc` (like Maelstrom's, it has no options).
 * @param args The words after `doc`.
 * @returns The exit status.
 */
export function docCommand(args: readonly string[]): Promise<number> {
  const parsed = parseOpts(args, []);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    return Promise.resolve(254);
  }
  console.error("maelstrom doc: not yet");
  return Promise.resolve(255);
}

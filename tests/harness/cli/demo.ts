/**
 * `maelstrom demo`: the nodes in dist/ over every workload.
 * @module
 */

import { DEMO_OPTIONS, parseTest } from "./test_options.ts";

/**
 * Runs `maelstrom demo`.
 * @param args The words after `demo`.
 * @returns The exit status.
 */
export function demoCommand(args: readonly string[]): Promise<number> {
  const parsed = parseTest(args, DEMO_OPTIONS);
  if (parsed.help) return Promise.resolve(0);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    return Promise.resolve(254);
  }
  console.error("maelstrom demo: not yet");
  return Promise.resolve(255);
}

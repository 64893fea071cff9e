/**
 * Test helpers for the explainers: a test-options stub naming nodes, and
 * nemesis rows for hand-made histories.
 * @module
 */

import type { Row } from "../checkers/_testing.ts";
import { completeGrudge, grudgeValue } from "../nemesis.ts";

/** Three nodes, one client thread each: process p talks to `n${p % 3 + 1}`. */
export const TEST3 = { nodes: ["n1", "n2", "n3"], concurrency: 3, nemesis: ["partition"] };

/**
 * Nemesis rows that cut `groups` apart from `startMs` until `stopMs`.
 * @param startMs When the partition starts.
 * @param stopMs When it heals.
 * @param groups The groups.
 * @returns Four rows (start invoke and completion, stop invoke and completion).
 */
export function partitionRows(startMs: number, stopMs: number, groups: string[][]): Row[] {
  return [
    [startMs, "info", "nemesis", "start-partition", "majority"],
    [startMs, "info", "nemesis", "start-partition", [
      "isolated",
      grudgeValue(completeGrudge(groups)),
    ]],
    [stopMs, "info", "nemesis", "stop-partition", null],
    [stopMs, "info", "nemesis", "stop-partition", "network-healed"],
  ];
}

/** Sorts rows by time (stable), so nemesis rows can be listed first. */
export function byTime(rows: Row[]): Row[] {
  return rows.map((r, i) => ({ r, i })).sort((a, b) => a.r[0] - b.r[0] || a.i - b.i).map(({ r }) =>
    r
  );
}

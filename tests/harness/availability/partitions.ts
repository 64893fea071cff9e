/**
 * The partitions of a run, read back from its history: when each grudge was
 * in place, and which nodes were on its majority side.
 * @module
 */

import type { Op } from "../history.ts";

/** One partition, from its `start-partition` to the next `stop-partition`. */
export interface PartitionPeriod {
  /** The spec (`one`, `majority`, `minority-third`, `majorities-ring`). */
  spec: string;
  /** ns: the completion of `start-partition` (the grudge is in place from here). */
  start: number;
  /**
   * ns: the invocation of the `stop-partition` that healed it (the grudge
   * held until at least here), or `Infinity` when the run ended partitioned.
   */
  end: number;
  /** dest → the sources it drops. */
  grudge: Record<string, string[]>;
  /**
   * The majority side: a largest set of more than half of the nodes in which
   * every two nodes hear each other, or empty when there is none (the
   * majorities ring: at 3 nodes every link is cut one way, at 5 each node
   * hears only its two neighbours). A Raft leader there can commit, and every
   * node there can reach it, so every op sent there can be answered.
   */
  majority: string[];
}

/** Whether `a` and `b` hear each other under `grudge`. */
function twoWay(grudge: Record<string, string[]>, a: string, b: string): boolean {
  return !(grudge[a] ?? []).includes(b) && !(grudge[b] ?? []).includes(a);
}

/**
 * The majority side of a grudge: the largest clique of two-way links that
 * holds more than half of `nodes` (the first in node order among equals).
 * Exhaustive over subsets, so for up to 16 nodes; with more, only grudges
 * that split the nodes into cliques (every spec but the majorities ring).
 * @param grudge dest → the sources it drops.
 * @param nodes Every node.
 * @returns The majority side, or `[]` when no majority hears itself.
 * @example A five-node `majority` partition
 * ```ts
 * import { majoritySide } from "./partitions.ts";
 * import assert from "node:assert/strict";
 * const g = { n0: ["n3", "n4"], n1: ["n3", "n4"], n2: ["n3", "n4"], n3: ["n0", "n1", "n2"], n4: ["n0", "n1", "n2"] };
 * assert.deepEqual(majoritySide(g, ["n0", "n1", "n2", "n3", "n4"]), ["n0", "n1", "n2"]);
 * ```
 */
export function majoritySide(grudge: Record<string, string[]>, nodes: readonly string[]): string[] {
  const need = Math.floor(nodes.length / 2) + 1;
  if (nodes.length > 16) {
    // Grudges of more nodes that matter here are complete: components are cliques.
    for (const n of nodes) {
      const side = nodes.filter((m) => m === n || twoWay(grudge, n, m));
      const clique = side.every((a) => side.every((b) => a === b || twoWay(grudge, a, b)));
      if (clique && side.length >= need) return side;
    }
    return [];
  }
  let best: string[] = [];
  for (let mask = 1; mask < 1 << nodes.length; mask++) {
    const side = nodes.filter((_, i) => (mask & (1 << i)) !== 0);
    if (side.length < need || side.length <= best.length) continue;
    if (side.every((a) => side.every((b) => a === b || twoWay(grudge, a, b)))) best = side;
  }
  return best;
}

/**
 * Reads the partitions from a history's nemesis ops (Maelstrom's shape:
 * `start-partition` with the spec, then `["isolated", grudge]`;
 * `stop-partition`, then `"network-healed"`).
 * @param history The run's history.
 * @param nodes Every node.
 * @returns The partitions in order.
 * @example
 * ```ts
 * import { partitionPeriods } from "./partitions.ts";
 * import assert from "node:assert/strict";
 * const nem = (time: number, f: string, value: unknown) =>
 *   ({ index: 0, time, type: "info" as const, process: "nemesis" as const, f, value });
 * const periods = partitionPeriods([
 *   nem(0, "start-partition", "one"),
 *   nem(5, "start-partition", ["isolated", { n0: ["n1", "n2"], n1: ["n0"], n2: ["n0"] }]),
 *   nem(90, "stop-partition", null),
 *   nem(91, "stop-partition", "network-healed"),
 * ], ["n0", "n1", "n2"]);
 * assert.deepEqual(periods.map((p) => [p.spec, p.start, p.end, p.majority]), [["one", 5, 90, ["n1", "n2"]]]);
 * ```
 */
export function partitionPeriods(
  history: readonly Op[],
  nodes: readonly string[],
): PartitionPeriod[] {
  const out: PartitionPeriod[] = [];
  let spec = "";
  let open: PartitionPeriod | undefined;
  for (const op of history) {
    if (op.process !== "nemesis") continue;
    if (op.f === "start-partition") {
      if (!Array.isArray(op.value)) {
        spec = String(op.value);
        continue;
      }
      const grudge = (op.value[1] ?? {}) as Record<string, string[]>;
      open = { spec, start: op.time, end: Infinity, grudge, majority: majoritySide(grudge, nodes) };
      out.push(open);
    } else if (op.f === "stop-partition" && open !== undefined) {
      open.end = op.time;
      open = undefined;
    }
  }
  return out;
}

/**
 * Availability figures of a run, for the lin-kv and txn-list-append tables
 * (`make lin-kv`, `make bench`): the answered fraction overall and on the
 * majority side of each partition, the minority side's refusals (error 11)
 * and their latency, the `:info` share of updates, the time to the first
 * answer, and, from the Raft role changes in the node logs, the first
 * leader, how soon a cut-off leader is replaced and whether a heal deposes
 * a leader that kept its majority.
 *
 * @example A run directory of the bench
 * ```ts ignore
 * import { runAvailability } from "./mod.ts";
 * const f = await runAvailability(history, { dir, nodes, concurrency, originWallMs });
 * console.log(f.answered, f.roles?.worstReplaceMs);
 * ```
 * @module
 */

import type { Op } from "../history.ts";
import { type AvailabilityFigures, availabilityFigures } from "./figures.ts";
import { readRoleEvents } from "./roles.ts";

export * from "./figures.ts";
export * from "./partitions.ts";
export * from "./roles.ts";

/** Options of {@linkcode runAvailability}. */
export interface RunAvailabilityOptions {
  /** The run's store directory (with `node-logs/`). */
  dir: string;
  nodes: readonly string[];
  concurrency: number;
  /** The run's origin in wall-clock ms; without it, no role figures. */
  originWallMs?: number;
  /** The ops that update state (default: everything but `read`). */
  updates?: (f: string) => boolean;
}

/**
 * The availability figures of a stored run: its history, and the role
 * changes its nodes logged (when the origin is known and some were logged).
 * @param history The run's history.
 * @param options Where the run is stored, its nodes, concurrency and origin.
 * @returns The figures.
 */
export async function runAvailability(
  history: readonly Op[],
  options: RunAvailabilityOptions,
): Promise<AvailabilityFigures> {
  const roles = options.originWallMs === undefined
    ? []
    : await readRoleEvents(options.dir, options.nodes, options.originWallMs);
  return availabilityFigures(history, {
    nodes: options.nodes,
    concurrency: options.concurrency,
    updates: options.updates,
    roles: roles.length > 0 ? roles : undefined,
  });
}

/**
 * Raft role changes, read from node logs. A Raft node of ours writes one
 * stderr line per change:
 *
 * ```text
 * raft {"event":"leader","node":"n1","term":3,"leader":"n1","wall":1733213616123}
 * ```
 *
 * (`event` is `leader`, `follower` or `candidate`; `wall` is `Date.now()`),
 * and the bench keeps each node's stderr in `node-logs/<node>.log`. The
 * times are mapped onto the history's clock with the run's origin in
 * wall-clock milliseconds.
 * @module
 */

/** One role change, on the history's clock. */
export interface RoleEvent {
  /** ns since the run's origin (history time); negative before it. */
  time: number;
  node: string;
  event: "leader" | "follower" | "candidate";
  term: number;
  /** The leader the node knows of, if any. */
  leader: string | null;
}

const PREFIX = "raft ";
const EVENTS = new Set(["leader", "follower", "candidate"]);

/**
 * Parses the role lines of one node's log; other lines are skipped, and so
 * is a role line that does not parse (a log is the node's to write).
 * @param text The log.
 * @param node The node whose log it is (for lines without `node`).
 * @param originWallMs The run's origin, wall-clock ms (`Date.now()` scale).
 * @returns The node's role changes in log order.
 * @example
 * ```ts
 * import { parseRoleEvents } from "./roles.ts";
 * import assert from "node:assert/strict";
 * const log = 'starting\nraft {"event":"leader","node":"n1","term":2,"leader":"n1","wall":1250}\n';
 * assert.deepEqual(parseRoleEvents(log, "n1", 1000), [
 *   { time: 250e6, node: "n1", event: "leader", term: 2, leader: "n1" },
 * ]);
 * ```
 */
export function parseRoleEvents(text: string, node: string, originWallMs: number): RoleEvent[] {
  const out: RoleEvent[] = [];
  for (const line of text.split("\n")) {
    const at = line.indexOf(PREFIX);
    if (at < 0) continue;
    let v: Record<string, unknown>;
    try {
      v = JSON.parse(line.slice(at + PREFIX.length));
    } catch {
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (!EVENTS.has(v.event as string) || typeof v.wall !== "number") continue;
    out.push({
      time: Math.round((v.wall - originWallMs) * 1e6),
      node: typeof v.node === "string" ? v.node : node,
      event: v.event as RoleEvent["event"],
      term: typeof v.term === "number" ? v.term : 0,
      leader: typeof v.leader === "string" ? v.leader : null,
    });
  }
  return out;
}

/**
 * Reads every node's role changes from a run directory
 * (`node-logs/<node>.log`), merged in time order. A missing log gives none.
 * @param dir The run's store directory.
 * @param nodes The nodes.
 * @param originWallMs The run's origin, wall-clock ms.
 * @returns The role changes of all nodes, by time.
 */
export async function readRoleEvents(
  dir: string,
  nodes: readonly string[],
  originWallMs: number,
): Promise<RoleEvent[]> {
  const all: RoleEvent[] = [];
  for (const node of nodes) {
    let text: string;
    try {
      text = await Deno.readTextFile(`${dir}/node-logs/${node}.log`);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      throw error;
    }
    all.push(...parseRoleEvents(text, node, originWallMs));
  }
  return all.sort((a, b) => a.time - b.time);
}

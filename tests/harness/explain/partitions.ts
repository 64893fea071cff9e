/**
 * The partitions of a run, read back from the nemesis entries of its
 * history, and how to say in plain words who was cut off from whom.
 *
 * Each `start-partition` completion carries the grudge the nemesis
 * installed, `["isolated", {dest: [sources dest drops]}]`; the next
 * `stop-partition` heals it. A grudge from Jepsen's `complete-grudge` (specs
 * `one`, `majority`, `minority-third`) splits the nodes into groups that
 * hear nobody outside their own; a `majorities-ring` grudge does not (each
 * node hears a different majority), so it is described node by node.
 * @module
 */

import type { Op } from "../history.ts";

/** A grudge as the history records it: node → the nodes whose messages it drops. */
export type GrudgeValue = Record<string, readonly string[]>;

/** One partition of a run. Times are nanoseconds since the main phase began. */
export interface Partition {
  /** When the grudge was in place (the `start-partition` completion). */
  start: number;
  /** When the network was healed; absent if it never was. */
  stop?: number;
  /** The spec drawn, e.g. `"majority"`. */
  spec?: string;
  /** Who drops whom. */
  grudge: GrudgeValue;
}

function isGrudge(v: unknown): v is GrudgeValue {
  return typeof v === "object" && v !== null && !Array.isArray(v) &&
    Object.values(v).every((s) => Array.isArray(s) && s.every((x) => typeof x === "string"));
}

/**
 * Reads the partitions from a history's nemesis entries.
 * @param history The run's history.
 * @returns The partitions in time order (a grudge in which nobody drops
 * anybody is left out: the network was whole).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { partitionsOf } from "./partitions.ts";
 * const nemesis = (index: number, f: string, value: unknown) =>
 *   ({ index, time: index * 1e9, type: "info" as const, process: "nemesis" as const, f, value });
 * const ps = partitionsOf([
 *   nemesis(0, "start-partition", "one"),
 *   nemesis(1, "start-partition", ["isolated", { n1: ["n2"], n2: ["n1"] }]),
 *   nemesis(2, "stop-partition", null),
 *   nemesis(3, "stop-partition", "network-healed"),
 * ]);
 * assert.deepEqual(ps, [{ start: 1e9, stop: 3e9, spec: "one", grudge: { n1: ["n2"], n2: ["n1"] } }]);
 * ```
 */
export function partitionsOf(history: readonly Op[]): Partition[] {
  const out: Partition[] = [];
  let spec: string | undefined;
  let open: Partition | undefined;
  for (const op of history) {
    if (op.process !== "nemesis") continue;
    if (op.f === "start-partition") {
      if (typeof op.value === "string") spec = op.value;
      else if (Array.isArray(op.value) && isGrudge(op.value[1])) {
        if (open !== undefined) open.stop = op.time;
        open = undefined;
        const grudge = op.value[1];
        if (Object.values(grudge).some((s) => s.length > 0)) {
          open = { start: op.time, spec, grudge };
          out.push(open);
        }
      }
    } else if (op.f === "stop-partition" && op.value === "network-healed") {
      if (open !== undefined) open.stop = op.time;
      open = undefined;
    }
  }
  return out;
}

/**
 * The partition in force at a time.
 * @param partitions The run's partitions.
 * @param time Nanoseconds since the main phase began.
 * @returns The partition, or `undefined` when the network was whole.
 */
export function partitionAt(
  partitions: readonly Partition[],
  time: number,
): Partition | undefined {
  return partitions.find((p) => p.start <= time && (p.stop === undefined || time < p.stop));
}

/** Whether `a`'s messages to `b` are dropped. */
function drops(grudge: GrudgeValue, a: string, b: string): boolean {
  return grudge[b]?.includes(a) ?? false;
}

function nodesOf(grudge: GrudgeValue): string[] {
  const all = new Set<string>(Object.keys(grudge));
  for (const s of Object.values(grudge)) for (const x of s) all.add(x);
  return [...all].sort(byNodeName);
}

/** Node ids in numeric order (`n2` before `n10`). */
export function byNodeName(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true });
}

/**
 * The groups of a complete grudge (nobody hears anyone outside its group,
 * everybody hears everyone inside), or `undefined` for any other grudge.
 * @param grudge The grudge.
 * @returns Groups, each sorted, the group of the lowest node first.
 */
export function groupsOf(grudge: GrudgeValue): string[][] | undefined {
  const nodes = nodesOf(grudge);
  const groups: string[][] = [];
  const placed = new Set<string>();
  for (const n of nodes) {
    if (placed.has(n)) continue;
    const group = nodes.filter((m) => m === n || (!drops(grudge, n, m) && !drops(grudge, m, n)));
    for (const m of group) placed.add(m);
    groups.push(group);
  }
  const groupOf = new Map(groups.flatMap((g, i) => g.map((n) => [n, i] as const)));
  for (const a of nodes) {
    for (const b of nodes) {
      if (a === b) continue;
      const cut = drops(grudge, a, b) && drops(grudge, b, a);
      const open = !drops(grudge, a, b) && !drops(grudge, b, a);
      if (groupOf.get(a) === groupOf.get(b) ? !open : !cut) return undefined;
    }
  }
  return groups;
}

/** `a, b and c`. */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * A grudge in plain words: the groups of a complete grudge
 * (`n0, n1 | n2, n3, n4`), else, node by node, whom each one hears.
 * @param grudge The grudge.
 * @returns The description.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { describeGrudge } from "./partitions.ts";
 * assert.equal(describeGrudge({ n1: ["n3"], n2: ["n3"], n3: ["n1", "n2"] }), "n1, n2 | n3");
 * ```
 */
export function describeGrudge(grudge: GrudgeValue): string {
  const groups = groupsOf(grudge);
  if (groups !== undefined) return groups.map((g) => g.join(", ")).join(" | ");
  const nodes = nodesOf(grudge);
  return nodes.map((n) => {
    const heard = nodes.filter((m) => m !== n && !drops(grudge, m, n));
    return `${n} heard only ${heard.length ? heard.join(", ") : "nobody"}`;
  }).join("; ");
}

/**
 * How a partition cut one node off, in plain words, e.g.
 * `n3 was cut off from n1, n2`; `undefined` if it did not touch the node.
 * @param grudge The grudge.
 * @param node The node.
 * @returns The clause.
 */
export function describeCut(grudge: GrudgeValue, node: string): string | undefined {
  const nodes = nodesOf(grudge);
  const out = nodes.filter((m) => m !== node && drops(grudge, node, m));
  const into = nodes.filter((m) => m !== node && drops(grudge, m, node));
  if (out.length === 0 && into.length === 0) return undefined;
  if (out.join() === into.join()) return `${node} was cut off from ${out.join(", ")}`;
  const parts: string[] = [];
  if (out.length) parts.push(`could not reach ${out.join(", ")}`);
  if (into.length) parts.push(`did not hear from ${into.join(", ")}`);
  return `${node} ${parts.join(" and ")}`;
}

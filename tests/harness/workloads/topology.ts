/**
 * Broadcast topologies (see
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/workloads.md#workload-broadcast
 * and `src/maelstrom/workload/broadcast.clj`): `grid`, `line`,
 * `tree2`/`tree3`/`tree4` (`tree` = `tree2`) and `total`, built exactly as
 * Maelstrom builds them from the node list.
 * @module
 */

import type { TopologyName } from "../options.ts";

/** Node → its neighbours. */
export type Topology = Record<string, string[]>;

function grid(nodes: readonly string[]): Topology {
  const n = nodes.length;
  const side = Math.ceil(Math.sqrt(n));
  const at = (i: number, j: number) => {
    if (i < 0 || j < 0 || j >= side) return undefined;
    const idx = i * side + j;
    return idx < n ? nodes[idx] : undefined;
  };
  const out: Topology = {};
  for (let i = 0; i < side; i++) {
    for (let j = 0; j < side; j++) {
      const me = at(i, j);
      if (me === undefined) continue;
      out[me] = [at(i + 1, j), at(i - 1, j), at(i, j + 1), at(i, j - 1)]
        .filter((x): x is string => x !== undefined);
    }
  }
  return out;
}

function line(nodes: readonly string[]): Topology {
  const n = nodes.length;
  if (n < 2) return {};
  const out: Topology = { [nodes[0]]: [nodes[1]], [nodes[n - 1]]: [nodes[n - 2]] };
  for (let i = 1; i < n - 1; i++) out[nodes[i]] = [nodes[i - 1], nodes[i + 1]];
  return out;
}

function tree(b: number, nodes: readonly string[]): Topology {
  const out: Topology = {};
  if (nodes.length === 0) return out;
  // Tiers of sizes 1, b, b², …; the children of tier t's k-th node are the
  // k-th chunk of b nodes of tier t+1.
  const tiers: string[][] = [];
  for (let start = 0, size = 1; start < nodes.length; start += size, size *= b) {
    tiers.push(nodes.slice(start, start + size));
  }
  for (let t = 0; t < tiers.length; t++) {
    tiers[t].forEach((me, k) => {
      const parent = t === 0 ? [] : [tiers[t - 1][Math.floor(k / b)]];
      const children = (tiers[t + 1] ?? []).slice(k * b, k * b + b);
      out[me] = [...parent, ...children];
    });
  }
  return out;
}

function total(nodes: readonly string[]): Topology {
  return Object.fromEntries(nodes.map((me) => [me, nodes.filter((x) => x !== me)]));
}

/**
 * Builds a topology.
 * @param name The `--topology` name.
 * @param nodes The node ids, in `node_ids` order.
 * @returns Node → neighbours.
 * @example
 * ```ts
 * import { topology } from "./topology.ts";
 * import assert from "node:assert";
 * assert.deepEqual(topology("tree2", ["n0", "n1", "n2"]), { n0: ["n1", "n2"], n1: ["n0"], n2: ["n0"] });
 * ```
 */
export function topology(name: TopologyName, nodes: readonly string[]): Topology {
  switch (name) {
    case "grid":
      return grid(nodes);
    case "line":
      return line(nodes);
    case "tree":
    case "tree2":
      return tree(2, nodes);
    case "tree3":
      return tree(3, nodes);
    case "tree4":
      return tree(4, nodes);
    case "total":
      return total(nodes);
  }
}

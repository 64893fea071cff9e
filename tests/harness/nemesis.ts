/**
 * The partition nemesis: Jepsen's `partition-package`
 * (`jepsen.nemesis.combined`) as Maelstrom's `src/maelstrom/nemesis.clj`
 * uses it. Ops alternate `start-partition` / `stop-partition`; the
 * first starts with the main phase, each next one follows after a uniform
 * random gap in `[0, 2 × interval)`. Each start picks a spec uniformly from
 * `one`, `minority-third`, `majority`, `majorities-ring` and installs its
 * grudge (`grudge[dest]` = the sources `dest` drops); a stop heals. The ops
 * are generator ops on the interpreter's nemesis thread, so the main phase's
 * time limit and phases see them exactly as Jepsen's do.
 * @module
 */

import { flipFlop, type Generator, once, repeat, stagger } from "./generator.ts";
import type { NemesisExecutor } from "./interpreter.ts";
import type { Random } from "./random.ts";

/** A grudge: node → the nodes whose messages it drops. */
export type Grudge = Map<string, Set<string>>;

/** Partition specs, in Jepsen's order. */
export const PARTITION_SPECS = ["one", "minority-third", "majority", "majorities-ring"] as const;

/** One partition spec. */
export type PartitionSpec = typeof PARTITION_SPECS[number];

/** Jepsen's `complete-grudge`: no node hears anyone outside its component. */
export function completeGrudge(components: readonly (readonly string[])[]): Grudge {
  const universe = new Set(components.flat());
  const grudge: Grudge = new Map();
  for (const component of components) {
    const inside = new Set(component);
    for (const node of component) {
      grudge.set(node, new Set([...universe].filter((n) => !inside.has(n))));
    }
  }
  return grudge;
}

/** Jepsen's `majorities-ring-perfect` (N ≤ 5). */
function majoritiesRingPerfect(nodes: readonly string[], random: Random): Grudge {
  const n = nodes.length;
  const m = Math.floor(n / 2) + 1;
  const ring = random.shuffle(nodes);
  const grudge: Grudge = new Map();
  for (let i = 0; i < n; i++) {
    const window = Array.from({ length: m }, (_, j) => ring[(i + j) % n]);
    const inside = new Set(window);
    grudge.set(window[Math.floor(m / 2)], new Set(nodes.filter((x) => !inside.has(x))));
  }
  return grudge;
}

/** Jepsen's `majorities-ring-stochastic` (N > 5). */
function majoritiesRingStochastic(nodes: readonly string[], random: Random): Grudge {
  const m = Math.floor(nodes.length / 2) + 1;
  const conns = new Map(nodes.map((x) => [x, new Set([x])]));
  const byDegree = new Map<number, Set<string>>([[1, new Set(nodes)]]);
  for (;;) {
    const dns: [number, string][] = [];
    for (const d of [...byDegree.keys()].sort((a, b) => a - b)) {
      for (const x of random.shuffle([...byDegree.get(d)!])) dns.push([d, x]);
    }
    const [aDegree, a] = dns[0];
    if (m <= aDegree) break;
    const [bDegree, b] = dns.find(([, x]) => !conns.get(a)!.has(x))!;
    conns.get(a)!.add(b);
    conns.get(b)!.add(a);
    byDegree.get(aDegree)!.delete(a);
    byDegree.get(bDegree)!.delete(b);
    for (const [d, x] of [[aDegree + 1, a], [bDegree + 1, b]] as const) {
      if (!byDegree.has(d)) byDegree.set(d, new Set());
      byDegree.get(d)!.add(x);
    }
  }
  return new Map(nodes.map((x) => [x, new Set(nodes.filter((y) => !conns.get(x)!.has(y)))]));
}

/**
 * Computes the grudge of a partition spec over a node list.
 * @param spec The spec.
 * @param nodes The node ids.
 * @param random Shuffles and picks.
 * @returns The grudge.
 * @example The three-node majorities ring is a directed cycle
 * ```ts
 * import { grudgeFor } from "./nemesis.ts";
 * import { Random } from "./random.ts";
 * import assert from "node:assert";
 * const g = grudgeFor("majorities-ring", ["n0", "n1", "n2"], new Random(1));
 * assert.deepEqual([...g.values()].map((s) => s.size), [1, 1, 1]);
 * ```
 */
export function grudgeFor(spec: PartitionSpec, nodes: readonly string[], random: Random): Grudge {
  switch (spec) {
    case "one": {
      const loner = random.pick(nodes);
      return completeGrudge([[loner], nodes.filter((x) => x !== loner)]);
    }
    case "majority": {
      const shuffled = random.shuffle(nodes);
      const half = Math.floor(nodes.length / 2);
      return completeGrudge([shuffled.slice(0, half), shuffled.slice(half)]);
    }
    case "minority-third": {
      const shuffled = random.shuffle(nodes);
      const third = Math.floor((nodes.length - 1) / 3);
      return completeGrudge([shuffled.slice(0, third), shuffled.slice(third)]);
    }
    case "majorities-ring":
      return nodes.length <= 5
        ? majoritiesRingPerfect(nodes, random)
        : majoritiesRingStochastic(nodes, random);
  }
}

/** The grudge as Maelstrom prints it: node → sorted list. */
export function grudgeValue(grudge: Grudge): Record<string, string[]> {
  return Object.fromEntries([...grudge].map(([k, v]) => [k, [...v].sort()]));
}

/** What the nemesis acts on. */
export interface NemesisTarget {
  partition(grudge: Grudge): void;
  heal(): void;
}

/**
 * The partition nemesis's ops (Jepsen's `partition-nemesis`): runs on the
 * interpreter's nemesis thread, which records each op as two `:info`
 * entries of process `nemesis`.
 */
export class PartitionNemesis implements NemesisExecutor {
  #nodes: readonly string[];
  #random: Random;
  #target: NemesisTarget;

  /**
   * @param nodes The node ids.
   * @param random Shuffles for the grudges.
   * @param target The network.
   */
  constructor(nodes: readonly string[], random: Random, target: NemesisTarget) {
    this.#nodes = nodes;
    this.#random = random;
    this.#target = target;
  }

  /**
   * Runs `start-partition` (value: a spec) or `stop-partition`.
   * @param f The op.
   * @param value The spec of a start.
   * @returns `["isolated", grudge]` or `"network-healed"`.
   */
  invoke(f: string, value: unknown): unknown {
    if (f === "start-partition") {
      const grudge = grudgeFor(value as PartitionSpec, this.#nodes, this.#random);
      this.#target.partition(grudge);
      return ["isolated", grudgeValue(grudge)];
    }
    if (f === "stop-partition") {
      this.#target.heal();
      return "network-healed";
    }
    throw new Error(`Unknown nemesis op ${f}`);
  }
}

/**
 * The partition package's main generator (unscoped; wrap it in `nemesis`):
 * `stagger(interval, flip-flop(start, repeat(stop)))`, each start with a
 * spec drawn uniformly from {@link PARTITION_SPECS}.
 * @param interval Mean gap between ops, seconds.
 * @returns The generator.
 */
export function partitionGenerator(interval: number): Generator {
  return stagger(
    interval,
    flipFlop(
      repeat((ctx) => ({ f: "start-partition", value: ctx.random.pick(PARTITION_SPECS) })),
      repeat({ f: "stop-partition", value: null }),
    ),
  );
}

/**
 * The partition package's final generator: one `stop-partition`.
 * @returns The generator.
 */
export function partitionFinalGenerator(): Generator {
  return once({ f: "stop-partition", value: null });
}

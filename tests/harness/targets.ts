/**
 * Targets on a run's figures, and the one way every table prints a figure
 * beside its target: `msgs/op 11.49 (< 30) ✓`. A target names a figure of
 * the results map (ours or Maelstrom's, same keys), a bound and who sets it
 * (`"Fly.io 3d"`), so a learner sees at a glance whether a run met the
 * challenge's figures and not only whether it was valid.
 *
 * @example
 * ```ts
 * import { checkTargets, formatTargets } from "./targets.ts";
 * import assert from "node:assert";
 *
 * const results = {
 *   net: { servers: { "msgs-per-op": 11.49 } },
 *   workload: { "stable-latencies": { "0.5": 77, "1": 99 } },
 * };
 * const checks = checkTargets(results, [
 *   { source: "Fly.io 3d", figure: "msgs-per-op", below: 30 },
 *   { source: "Fly.io 3e", figure: "msgs-per-op", below: 20 },
 * ]);
 * assert.deepEqual(formatTargets(checks), [
 *   "Fly.io 3d: msgs/op 11.49 (< 30) ✓",
 *   "Fly.io 3e: msgs/op 11.49 (< 20) ✓",
 * ]);
 * ```
 * @module
 */

/** A figure a target can be set on. */
export type Figure =
  | "msgs-per-op"
  | "stable-median"
  | "stable-max"
  | "op-median"
  | "op-p99"
  | "ok-fraction"
  | "answered-p50"
  | "answered-p99"
  | "answered"
  | "info-share"
  | "majority-worst"
  | "first-leader"
  | "leader-replaced"
  | "unreplaced"
  | "heal-changes"
  | "minority-11-p99"
  | "minority-refused"
  | "first-answer"
  | "check-seconds";

interface FigureDef {
  /** How a row names it. */
  label: string;
  /** Unit printed after the value (`" ms"`), or none. */
  unit: string;
  /** Decimal places when printed. */
  digits: number;
  /** Path into the results map. */
  path: string[];
  /** Printed (and bounds written) times this: 100 for a fraction shown in %. */
  scale?: number;
}

/** Where each figure lives in a results map, and how it is printed. */
export const FIGURES: Readonly<Record<Figure, FigureDef>> = {
  // Messages between nodes (and services) per client op: what Fly.io's
  // "messages-per-operation" means.
  "msgs-per-op": { label: "msgs/op", unit: "", digits: 2, path: ["net", "servers", "msgs-per-op"] },
  // Broadcast's latency is the time until a value is in every read
  // (stable), not the time of one request: Fly.io's "median latency".
  "stable-median": {
    label: "median",
    unit: " ms",
    digits: 0,
    path: ["workload", "stable-latencies", "0.5"],
  },
  "stable-max": {
    label: "max",
    unit: " ms",
    digits: 0,
    path: ["workload", "stable-latencies", "1"],
  },
  "op-median": { label: "op p50", unit: " ms", digits: 1, path: ["latency", "all", "p50"] },
  "op-p99": { label: "op p99", unit: " ms", digits: 1, path: ["latency", "all", "p99"] },
  "ok-fraction": { label: "ok", unit: "", digits: 3, path: ["availability", "ok-fraction"] },
  // The figures below are not in a results map: the suite computes them from
  // the history and node logs (availability/) and adds them under "figures".
  // Latency over answered ops: ok, or a definite answer (errors 20 and 22).
  "answered-p50": {
    label: "p50",
    unit: " ms",
    digits: 1,
    path: ["figures", "latency", "p50"],
  },
  "answered-p99": {
    label: "p99",
    unit: " ms",
    digits: 1,
    path: ["figures", "latency", "p99"],
  },
  "answered": {
    label: "answered",
    unit: " %",
    digits: 1,
    scale: 100,
    path: ["figures", "answered"],
  },
  // Writes and cas (txns) left indefinite: :info, or never completed.
  "info-share": {
    label: ":info",
    unit: " %",
    digits: 2,
    scale: 100,
    path: ["figures", "info", "share"],
  },
  // The worst partition's answered fraction on its majority side.
  "majority-worst": {
    label: "majority side",
    unit: " %",
    digits: 1,
    scale: 100,
    path: ["figures", "majority", "worst"],
  },
  "first-leader": {
    label: "first leader",
    unit: " ms",
    digits: 0,
    path: ["figures", "roles", "firstLeaderMs"],
  },
  "leader-replaced": {
    label: "lost leader replaced",
    unit: " ms",
    digits: 0,
    path: ["figures", "roles", "worstReplaceMs"],
  },
  "unreplaced": {
    label: "leaders never replaced",
    unit: "",
    digits: 0,
    path: ["figures", "roles", "unreplaced"],
  },
  "heal-changes": {
    label: "leader changes on heal",
    unit: "",
    digits: 0,
    path: ["figures", "roles", "healChanges"],
  },
  // How fast a node cut off from the majority says so (error 11).
  "minority-11-p99": {
    label: "minority 11 p99",
    unit: " ms",
    digits: 1,
    path: ["figures", "minority", "latency", "p99"],
  },
  // The share of ops sent to the minority side that got error 11 (not a timeout).
  "minority-refused": {
    label: "minority 11",
    unit: " %",
    digits: 1,
    scale: 100,
    path: ["figures", "minority", "refused"],
  },
  // From the history's start (all nodes initialised) to the first answered op.
  "first-answer": {
    label: "first answer",
    unit: " ms",
    digits: 0,
    path: ["figures", "firstAnsweredMs"],
  },
  "check-seconds": { label: "check", unit: " s", digits: 2, path: ["figures", "checkSeconds"] },
};

/**
 * A bound on one figure: `below` (strictly, as Fly.io's "below 30"),
 * `atMost`, `atLeast`, or `belowThan`: below the same figure of another
 * configuration's run (Fly.io's 5c asks for "significantly fewer messages per
 * operation" than a 5b design, and names no number). With no bound the
 * figure is shown for information, without ✓ or ✗.
 */
export interface Target {
  /** Who sets it, printed before the figures: `"Fly.io 3d"`. */
  source: string;
  figure: Figure;
  below?: number;
  atMost?: number;
  atLeast?: number;
  /** The name of the configuration whose figure this one must be below. */
  belowThan?: string;
  /**
   * A missing figure is no miss: the run had nothing to measure (no leader
   * was cut off, so none was replaced). Shown as `–` without ✓ or ✗.
   */
  optional?: boolean;
}

/** A target with the run's figure and whether it was met. */
export interface TargetCheck {
  target: Target;
  /** The figure, absent when the results do not hold it (say, a crashed run). */
  value?: number;
  /** Met; false also when the figure is missing. */
  pass: boolean;
  /** Shown without a verdict, and not counted: no bound, or an optional figure that is missing. */
  informational?: boolean;
}

/**
 * Reads a figure from a results map.
 * @param results The composed results (`results.json`, or Maelstrom's `results.edn` parsed).
 * @param figure Which figure.
 * @returns The number, or undefined when absent or not a number.
 */
export function figureOf(results: unknown, figure: Figure): number | undefined {
  let v: unknown = results;
  for (const k of FIGURES[figure].path) v = (v as Record<string, unknown> | undefined)?.[k];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

function meets(t: Target, v: number): boolean {
  return (t.below === undefined || v < t.below) &&
    (t.atMost === undefined || v <= t.atMost) &&
    (t.atLeast === undefined || v >= t.atLeast);
}

/** Options of {@link checkTargets}. */
export interface CheckOptions {
  /** The results of another configuration's run, for `belowThan` targets. */
  resultsOf?: (config: string) => unknown;
}

/**
 * Checks each target against a run's results. A `belowThan` target becomes
 * a `below` target on the other run's figure; it is left out while that run
 * is not available.
 * @param results The composed results.
 * @param targets The targets of the run's configuration.
 * @param options Where to find other runs' results.
 * @returns One check per target that could be decided, in order.
 */
export function checkTargets(
  results: unknown,
  targets: readonly Target[],
  options: CheckOptions = {},
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (let target of targets) {
    if (target.belowThan !== undefined) {
      const other = figureOf(options.resultsOf?.(target.belowThan), target.figure);
      if (other === undefined) continue;
      target = { ...target, below: other };
    }
    const value = figureOf(results, target.figure);
    const bounded = [target.below, target.atMost, target.atLeast].some((b) => b !== undefined);
    const informational = !bounded || (target.optional === true && value === undefined);
    checks.push({
      target,
      value,
      pass: value !== undefined && meets(target, value),
      ...(informational ? { informational } : {}),
    });
  }
  return checks;
}

function bound(t: Target): string {
  const scale = FIGURES[t.figure].scale ?? 1;
  const b = (x: number) => `${+(x * scale).toFixed(6)}`;
  const parts: string[] = [];
  if (t.belowThan !== undefined && t.below !== undefined) {
    parts.push(`< ${(t.below * scale).toFixed(FIGURES[t.figure].digits)} of "${t.belowThan}"`);
  } else if (t.below !== undefined) parts.push(`< ${b(t.below)}`);
  if (t.atMost !== undefined) parts.push(`≤ ${b(t.atMost)}`);
  if (t.atLeast !== undefined) parts.push(`≥ ${b(t.atLeast)}`);
  return parts.join(", ");
}

/**
 * Formats one check: the figure, its target in parentheses, ✓ or ✗.
 * @param check A check from {@link checkTargets}.
 * @returns E.g. `median 154 ms (< 400) ✓`; a missing figure prints `–` and ✗
 * (an optional one `–` alone); a figure without a bound, just itself.
 */
export function formatCheck(check: TargetCheck): string {
  const def = FIGURES[check.target.figure];
  const value = check.value === undefined
    ? "–"
    : `${(check.value * (def.scale ?? 1)).toFixed(def.digits)}${def.unit}`;
  const b = bound(check.target);
  if (check.informational) return `${def.label} ${value}${b ? ` (${b})` : ""}`;
  return `${def.label} ${value} (${b}) ${check.pass ? "✓" : "✗"}`;
}

/**
 * Formats checks one line per source, in the order sources first appear.
 * @param checks Checks from {@link checkTargets}.
 * @returns E.g. `["Fly.io 3d: msgs/op 1.36 (< 30) ✓, median 154 ms (< 400) ✓"]`.
 */
export function formatTargets(checks: readonly TargetCheck[]): string[] {
  const bySource = new Map<string, string[]>();
  for (const c of checks) {
    const line = bySource.get(c.target.source) ?? [];
    line.push(formatCheck(c));
    bySource.set(c.target.source, line);
  }
  return [...bySource].map(([source, parts]) => `${source}: ${parts.join(", ")}`);
}

/** Fly.io's figures for broadcast at 25 nodes, rate 100, latency 100 (fly.io/dist-sys/3d, /3e). */
export const BROADCAST_3D: readonly Target[] = [
  { source: "Fly.io 3d", figure: "msgs-per-op", below: 30 },
  { source: "Fly.io 3d", figure: "stable-median", below: 400 },
  { source: "Fly.io 3d", figure: "stable-max", below: 600 },
];

/** @see {@link BROADCAST_3D} */
export const BROADCAST_3E: readonly Target[] = [
  { source: "Fly.io 3e", figure: "msgs-per-op", below: 20 },
  { source: "Fly.io 3e", figure: "stable-median", below: 1000 },
  { source: "Fly.io 3e", figure: "stable-max", below: 2000 },
];

/**
 * Consistency models and the anomalies they prohibit, as Elle 0.2.2's
 * `elle.consistency-model` relates them: which models imply which, which
 * anomalies each model proscribes directly, which anomalies imply which.
 * From these: the anomaly types that fail a run for a set of models
 * (Elle's `anomalies-prohibited-by`) and the `not` / `also-not` boundary of
 * a set of found anomalies (Elle's `friendly-boundary`), as in
 * https://github.com/jepsen-io/elle/blob/main/src/elle/consistency_model.clj.
 *
 * The tables are data written from Elle's source and papers; the graph
 * walks are our own.
 * @module
 */

/** Friendly model name → canonical (Adya) name, as Elle canonicalizes them. */
const CANONICAL: Readonly<Record<string, string>> = {
  "consistent-view": "PL-2+",
  "conflict-serializable": "PL-3",
  "cursor-stability": "PL-CS",
  "forward-consistent-view": "PL-FCV",
  "monotonic-snapshot-read": "PL-MSR",
  "monotonic-view": "PL-2L",
  "read-committed": "PL-2",
  "read-uncommitted": "PL-1",
  "repeatable-read": "PL-2.99",
  "serializable": "PL-3",
  "snapshot-isolation": "PL-SI",
  "strict-serializable": "PL-SS",
  "strong-serializable": "PL-SS",
  "update-serializable": "PL-3U",
  "strong-session-read-uncommitted": "strong-session-PL-1",
  "strong-session-read-committed": "strong-session-PL-2",
  "strong-read-uncommitted": "strong-PL-1",
  "strong-read-committed": "strong-PL-2",
};

/** Canonical → friendly name (PL-3 → serializable, PL-SS → strict-serializable). */
const FRIENDLY: Readonly<Record<string, string>> = (() => {
  const out: Record<string, string> = {};
  for (const [friendly, canonical] of Object.entries(CANONICAL)) {
    out[canonical] ??= friendly;
  }
  out["PL-3"] = "serializable";
  out["PL-SS"] = "strict-serializable";
  return out;
})();

/** `a → [b…]`: a history satisfying model a satisfies every b (friendly names). */
const MODEL_IMPLIES: Readonly<Record<string, readonly string[]>> = {
  "causal-cerone": ["read-atomic"],
  "consistent-view": ["cursor-stability", "monotonic-view"],
  "conflict-serializable": ["view-serializable"],
  "cursor-stability": ["read-committed", "PL-2"],
  "forward-consistent-view": ["consistent-view"],
  "PL-2": ["PL-1"],
  "PL-3": ["repeatable-read", "update-serializable"],
  "update-serializable": ["forward-consistent-view"],
  "monotonic-atomic-view": ["read-committed"],
  "monotonic-view": ["PL-2"],
  "monotonic-snapshot-read": ["PL-2"],
  "parallel-snapshot-isolation": ["causal-cerone", "update-atomic"],
  "prefix": ["causal-cerone"],
  "read-atomic": ["monotonic-atomic-view"],
  "read-committed": ["read-uncommitted"],
  "repeatable-read": ["cursor-stability", "monotonic-atomic-view"],
  "update-atomic": ["read-atomic"],
  "serializable": ["repeatable-read", "snapshot-isolation", "view-serializable"],
  "session-serializable": ["1SR"],
  "snapshot-isolation": [
    "forward-consistent-view",
    "monotonic-atomic-view",
    "monotonic-snapshot-read",
    "parallel-snapshot-isolation",
    "prefix",
  ],
  "strict-serializable": [
    "PL-3",
    "serializable",
    "linearizable",
    "snapshot-isolation",
    "strong-snapshot-isolation",
    "strong-session-serializable",
  ],
  "strong-session-PL-1": ["PL-1"],
  "strong-session-PL-2": ["PL-2", "strong-session-PL-1"],
  "strong-PL-1": ["strong-session-PL-1"],
  "strong-PL-2": ["strong-session-PL-2", "strong-PL-1"],
  "strong-session-serializable": ["serializable", "strong-session-snapshot-isolation"],
  "strong-session-snapshot-isolation": ["snapshot-isolation", "strong-session-PL-2"],
  "strong-serializable": ["session-serializable"],
  "strong-snapshot-isolation": ["strong-session-snapshot-isolation", "strong-PL-2"],
  "linearizable": ["sequential"],
  "sequential": ["causal"],
  "causal": ["writes-follow-reads", "PRAM"],
  "PRAM": ["monotonic-reads", "monotonic-writes", "read-your-writes"],
};

/** Model → anomalies it proscribes beyond the models it implies. */
const DIRECT_PROSCRIBED: Readonly<Record<string, readonly string[]>> = {
  "causal-cerone": ["internal", "G1a"],
  "cursor-stability": ["G1", "G-cursor", "lost-update"],
  "monotonic-view": ["G1", "G-monotonic"],
  "monotonic-snapshot-read": ["G1", "G-MSR"],
  "consistent-view": ["G1", "G-single"],
  "forward-consistent-view": ["G1", "G-SIb"],
  "parallel-snapshot-isolation": ["internal", "G1a"],
  "PL-3": ["G1", "G2", "predicate-read-miss", "PL-3-cycle-exists", "internal"],
  "PL-2": ["G1", "PL-2-cycle-exists"],
  "PL-1": ["G0", "duplicate-elements", "cyclic-versions", "PL-1-cycle-exists"],
  "prefix": ["internal", "G1a"],
  "snapshot-isolation": ["internal", "G1", "G-SI", "G-nonadjacent", "PL-SI-cycle-exists"],
  "read-atomic": ["internal", "G1a", "future-read"],
  "repeatable-read": ["G1", "G2-item", "PL-2.99-cycle-exists", "lost-update"],
  "update-atomic": ["lost-update"],
  "strict-serializable": ["G1", "G1c-realtime", "G2-realtime", "PL-SS-cycle-exists"],
  "strong-session-PL-1": ["strong-session-PL-1-cycle-exists", "G0-process"],
  "strong-session-PL-2": ["strong-session-PL-2-cycle-exists", "G1c-process"],
  "strong-PL-1": ["strong-PL-1-cycle-exists", "G0-realtime"],
  "strong-PL-2": ["strong-PL-2-cycle-exists", "G1c-realtime"],
  "strong-session-snapshot-isolation": [
    "internal",
    "G1-process",
    "G-nonadjacent-process",
    "strong-session-snapshot-isolation-cycle-exists",
  ],
  "strong-snapshot-isolation": [
    "internal",
    "G1-realtime",
    "G-nonadjacent-realtime",
    "strong-snapshot-isolation-cycle-exists",
  ],
  "strong-session-serializable": [
    "G1-process",
    "G2-process",
    "strong-session-serializable-cycle-exists",
  ],
  "update-serializable": ["G1", "G-update"],
};

/** `a → [b…]`: wherever anomaly a occurs, so does every b. */
const ANOMALY_IMPLIES: Readonly<Record<string, readonly string[]>> = {
  "G0": ["G1c", "G0-process"],
  "G0-process": ["G1c-process", "G0-realtime"],
  "G0-realtime": ["G1c-realtime"],
  "G1a": ["G1"],
  "G1b": ["G1"],
  "G1c": ["G1", "G1c-process"],
  "G1c-process": ["G1c-realtime", "G1-process"],
  "G1c-realtime": ["G1-realtime"],
  "G1": ["G1-process"],
  "G1-process": ["G1-realtime"],
  "G-single-item": ["G-single", "G-single-item-process", "G-nonadjacent-item"],
  "G-single-item-process": [
    "G-single-process",
    "G-single-item-realtime",
    "G-nonadjacent-item-process",
  ],
  "G-single-item-realtime": ["G-single-realtime", "G-nonadjacent-item-realtime"],
  "G-single": ["G-nonadjacent", "GSIb", "G-single-process"],
  "G-single-process": ["G-nonadjacent-process", "G-single-realtime"],
  "G-single-realtime": ["G-nonadjacent-realtime"],
  "G-nonadjacent-item": ["G-nonadjacent", "G2-item", "G-nonadjacent-item-process"],
  "G-nonadjacent-item-process": [
    "G-nonadjacent-process",
    "G2-item-process",
    "G-nonadjacent-item-realtime",
  ],
  "G-nonadjacent-item-realtime": ["G2-item-realtime", "G-nonadjacent-realtime"],
  "G-nonadjacent": ["G2", "G-nonadjacent-process"],
  "G-nonadjacent-process": ["G2-process", "G-nonadjacent-realtime"],
  "G-nonadjacent-realtime": ["G2-realtime"],
  "G2": ["G2-process"],
  "G2-item": ["G2", "G2-item-process"],
  "G2-item-process": ["G2-process", "G2-item-realtime"],
  "G2-item-realtime": ["G2-realtime"],
  "G2-process": ["G2-realtime"],
  "GSIa": ["GSI"],
  "GSIb": ["GSI"],
  "incompatible-order": ["G1a"],
  "future-read": ["G1c"],
  "dirty-update": ["G1a"],
  "lost-update": ["write-skew", "G2-item"],
  "write-skew": ["G2"],
};

/** A directed graph over names: forward and backward adjacency. */
interface NameGraph {
  out: Map<string, Set<string>>;
  in: Map<string, Set<string>>;
}

function nameGraph(
  edges: Readonly<Record<string, readonly string[]>>,
  rename: (name: string) => string = (n) => n,
): NameGraph {
  const g: NameGraph = { out: new Map(), in: new Map() };
  for (const [from, tos] of Object.entries(edges)) {
    const a = rename(from);
    for (const to of tos) {
      const b = rename(to);
      if (!g.out.has(a)) g.out.set(a, new Set());
      if (!g.in.has(b)) g.in.set(b, new Set());
      g.out.get(a)!.add(b);
      g.in.get(b)!.add(a);
    }
  }
  return g;
}

/** Every vertex reachable from `start` (included) following `adj`. */
function reach(adj: Map<string, Set<string>>, start: Iterable<string>): Set<string> {
  const seen = new Set<string>(start);
  const stack = [...seen];
  while (stack.length > 0) {
    for (const next of adj.get(stack.pop()!) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
      }
    }
  }
  return seen;
}

/**
 * The canonical name of a model (`read-committed` → `PL-2`); other names
 * unchanged.
 * @param model A model name.
 * @returns Its canonical name.
 */
export function canonicalModelName(model: string): string {
  return CANONICAL[model] ?? model;
}

/**
 * The friendly name of a model (`PL-2` → `read-committed`); other names
 * unchanged.
 * @param model A model name.
 * @returns Its friendly name.
 */
export function friendlyModelName(model: string): string {
  return FRIENDLY[canonicalModelName(model)] ?? model;
}

const MODELS = nameGraph(MODEL_IMPLIES, canonicalModelName);
const PROSCRIBED = nameGraph(DIRECT_PROSCRIBED, canonicalModelName);
const ANOMALIES = nameGraph(ANOMALY_IMPLIES);

/** Every model name Elle accepts (friendly and canonical). */
export const ALL_MODELS: ReadonlySet<string> = new Set([
  ...MODELS.out.keys(),
  ...MODELS.in.keys(),
  ...Object.keys(CANONICAL),
  ...Object.values(CANONICAL),
]);

/**
 * Throws unless every model name is one Elle knows.
 * @param models Model names.
 * @throws {RangeError} naming the unknown models, like Elle's
 *   `Unknown consistency model` assertion.
 */
export function validateModels(models: Iterable<string>): void {
  const unknown = [...models].filter((m) => !ALL_MODELS.has(m));
  if (unknown.length > 0) {
    throw new RangeError(`Unknown consistency model: ${JSON.stringify(unknown)}`);
  }
}

/**
 * Anomalies which imply any of the given ones (the given ones included).
 * @param anomalies Anomaly names.
 * @returns Their closure under "is implied by".
 */
export function anomaliesImplying(anomalies: Iterable<string>): Set<string> {
  return reach(ANOMALIES.in, anomalies);
}

/**
 * Anomalies implied by the given ones (the given ones included).
 * @param anomalies Anomaly names.
 * @returns Their closure under "implies".
 */
export function impliedAnomalies(anomalies: Iterable<string>): Set<string> {
  return reach(ANOMALIES.out, anomalies);
}

/**
 * Every (canonical) model implied by the given ones, themselves included.
 * @param models Model names.
 * @returns Canonical names.
 * @throws {RangeError} for an unknown model.
 */
export function impliedModels(models: Iterable<string>): Set<string> {
  const list = [...models];
  validateModels(list);
  return reach(MODELS.out, list.map(canonicalModelName));
}

/**
 * Every (canonical) model ruled out when the given ones are: they and all
 * stronger models.
 * @param models Model names.
 * @returns Canonical names.
 * @throws {RangeError} for an unknown model.
 */
export function impossibleModels(models: Iterable<string>): Set<string> {
  const list = [...models];
  validateModels(list);
  return reach(MODELS.in, list.map(canonicalModelName));
}

/**
 * The anomaly types that must be absent for all the given models to hold:
 * what those models and the models they imply proscribe, closed under
 * "an anomaly implying a prohibited one is prohibited".
 * @param models Model names, e.g. `["read-committed"]`.
 * @returns Anomaly names.
 * @throws {RangeError} for an unknown model.
 * @example Read uncommitted
 * ```ts
 * import { assertEquals } from "node:assert";
 * import { prohibitedAnomalies } from "./consistency_model.ts";
 * assertEquals(
 *   [...prohibitedAnomalies(["read-uncommitted"])].sort(),
 *   ["G0", "PL-1-cycle-exists", "cyclic-versions", "duplicate-elements"],
 * );
 * ```
 */
export function prohibitedAnomalies(models: Iterable<string>): Set<string> {
  const direct: string[] = [];
  for (const m of impliedModels(models)) direct.push(...(PROSCRIBED.out.get(m) ?? []));
  return anomaliesImplying(direct);
}

/**
 * The (canonical) models ruled out by the given anomalies.
 * @param anomalies Anomaly names.
 * @returns Canonical model names.
 */
export function modelsRuledOut(anomalies: Iterable<string>): Set<string> {
  const direct = new Set<string>();
  for (const a of impliedAnomalies(anomalies)) {
    for (const m of PROSCRIBED.in.get(a) ?? []) direct.add(m);
  }
  return impossibleModels(direct);
}

/** The weakest models of a set: those implying no other member. */
function weakest(models: Set<string>): Set<string> {
  const out = new Set(models);
  for (const m of models) {
    const below = reach(MODELS.out, [m]);
    below.delete(m);
    for (const other of out) {
      if (other !== m && below.has(other)) {
        out.delete(m);
        break;
      }
    }
  }
  return out;
}

/** `not` and `also-not` of a result: the models a set of anomalies rules out. */
export interface Boundary {
  /** The weakest models ruled out (friendly names, sorted). */
  not: string[];
  /** Every other model ruled out (friendly names, sorted). */
  "also-not": string[];
}

/**
 * Elle's `friendly-boundary`: the weakest models the anomalies rule out, and
 * the rest of the ruled-out models.
 * @param anomalies Anomaly names found.
 * @returns Friendly names, sorted.
 */
export function boundary(anomalies: Iterable<string>): Boundary {
  const impossible = modelsRuledOut(anomalies);
  const not = weakest(impossible);
  const names = (ms: Iterable<string>) => [...new Set([...ms].map(friendlyModelName))].sort();
  return {
    not: names(not),
    "also-not": names([...impossible].filter((m) => !not.has(m))),
  };
}

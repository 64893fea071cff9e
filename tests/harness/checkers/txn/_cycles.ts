/**
 * The cycle analysis shared by the txn checkers (Elle's `elle.txn` cycle
 * machinery): order edges (realtime / process), the `<model>-cycle-exists`
 * checks per strongly connected component, the searches for the shortest
 * G0, G1c, G-single-item, G-nonadjacent-item, G2-item cycles and their
 * `-process` / `-realtime` variants, the classification and rendering of a
 * cycle, and Elle's result map. A checker extends {@linkcode CycleAnalysis},
 * fills `graph` with its data dependencies (ww, wr, rw) and explains them.
 * @module
 */

import { type CheckResult, type Op } from "../../history.ts";
import { showOp } from "../_util.ts";
import {
  boundary,
  friendlyModelName,
  impliedAnomalies,
  impossibleModels,
  modelsRuledOut,
  prohibitedAnomalies,
} from "./consistency_model.ts";
import {
  type Csr,
  type CycleSpec,
  DepGraph,
  explainedRel,
  extension,
  findCycle,
  induced,
  PROCESS,
  project,
  REALTIME,
  RW,
  stronglyConnected,
  WR,
  WW,
} from "./graph.ts";

/** A txn as the cycle analysis sees it. */
export interface GraphTxn {
  invoke: Op;
  completion?: Op;
  type: "ok" | "fail" | "info" | "invoke";
  /** Graph vertex, or -1 for a txn that is not in the graph. */
  vertex: number;
}

/**
 * The op that stands for a txn: its completion, or its invocation.
 * @param t The txn.
 * @returns The op.
 */
export function opOf(t: GraphTxn): Op {
  return t.completion ?? t.invoke;
}

export { showOp };

/** Elle's cycle-exists checks: a model and the subgraph that must be acyclic. */
const CYCLE_EXISTS: ReadonlyArray<
  { model: string; a: number; ext?: number; subgraph: unknown[] }
> = (() => {
  const u = (...names: string[]) => ["union", ...names];
  const e = (a: unknown[]) => ["extension", a, u("rw", "rwp")];
  return [
    { model: "PL-1", a: WW, subgraph: u("ww", "wwp") },
    { model: "PL-2", a: WW | WR, subgraph: u("ww", "wwp", "wr", "wrp") },
    { model: "PL-SI", a: WW | WR, ext: RW, subgraph: e(u("ww", "wwp", "wr", "wrp")) },
    { model: "PL-2.99", a: WW | WR | RW, subgraph: u("ww", "wwp", "wr", "wrp", "rw") },
    { model: "PL-3", a: WW | WR | RW, subgraph: u("ww", "wwp", "wr", "wrp", "rw", "rwp") },
    { model: "strong-session-PL-1", a: WW | PROCESS, subgraph: u("ww", "wwp", "process") },
    {
      model: "strong-session-PL-2",
      a: WW | WR | PROCESS,
      subgraph: u("ww", "wwp", "wr", "wrp", "process"),
    },
    {
      model: "strong-session-snapshot-isolation",
      a: WW | WR | PROCESS,
      ext: RW,
      subgraph: e(u("ww", "wwp", "wr", "wrp", "process")),
    },
    {
      model: "strong-session-serializable",
      a: WW | WR | RW | PROCESS,
      subgraph: u("ww", "wwp", "wr", "wrp", "rw", "rwp", "process"),
    },
    { model: "strong-PL-1", a: WW | REALTIME, subgraph: u("ww", "wwp", "realtime") },
    {
      model: "strong-PL-2",
      a: WW | WR | REALTIME,
      subgraph: u("ww", "wwp", "wr", "wrp", "realtime"),
    },
    {
      model: "strong-snapshot-isolation",
      a: WW | WR | REALTIME,
      ext: RW,
      subgraph: e(u("ww", "wwp", "wr", "wrp", "realtime")),
    },
    {
      model: "PL-SS",
      a: WW | WR | RW | REALTIME,
      subgraph: u("ww", "wwp", "wr", "wrp", "rw", "rwp", "realtime"),
    },
  ];
})();

/** Cycle anomaly types Elle can name (no predicate edges here). */
const BASE_CYCLE_SPECS: ReadonlyArray<[string, CycleSpec, string | undefined]> = [
  ["G0", { legal: WW, rwLegal: false, wantRw: 0, rwMode: "none", required: [] }, undefined],
  ["G1c", { legal: WW | WR, rwLegal: false, wantRw: 0, rwMode: "none", required: [WR] }, undefined],
  [
    "G-single-item",
    { legal: WW | WR, rwLegal: false, wantRw: 1, rwMode: "single", required: [] },
    "G-single-item",
  ],
  [
    "G-nonadjacent-item",
    { legal: WW | WR, rwLegal: false, wantRw: 2, rwMode: "nonadjacent", required: [] },
    "G-nonadjacent-item",
  ],
  [
    "G2-item",
    { legal: WW | WR, rwLegal: true, wantRw: 2, rwMode: "none", required: [] },
    "G2-item",
  ],
];

/** Every cycle anomaly type (for the "which cycles are impossible" step). */
const CYCLE_TYPES: ReadonlySet<string> = new Set(
  ["G0", "G1c", "G-single-item", "G-single", "G-nonadjacent-item", "G-nonadjacent", "G2-item", "G2"]
    .flatMap((t) => [t, `${t}-process`, `${t}-realtime`]),
);

/** The searches, base types first, then process, then realtime variants. */
const CYCLE_SEARCHES: ReadonlyArray<
  { name: string; spec: CycleSpec; type?: string; variant: number }
> = [
  ...BASE_CYCLE_SPECS.map(([name, spec, type]) => ({ name, spec, type, variant: 0 })),
  ...[[PROCESS, "process"], [REALTIME, "realtime"]].flatMap(([bit, v]) =>
    BASE_CYCLE_SPECS.map(([name, spec, type]) => ({
      name: `${name}-${v}`,
      spec: {
        ...spec,
        legal: spec.legal | (bit as number),
        required: [...spec.required, bit as number],
      },
      type: type === undefined ? undefined : `${type}-${v}`,
      variant: bit as number,
    }))
  ),
];

/** Anomaly types that make Elle's verdict unknown rather than false. */
export const UNKNOWN_TYPES = ["empty-transaction-graph", "cycle-search-timeout"];

/**
 * Which order edges the models need, as Elle's `additional-graphs` decides:
 * realtime if any reportable anomaly is a `-realtime` one, else process if
 * any is a `-process` one.
 * @param models The consistency models.
 * @returns {@linkcode REALTIME}, {@linkcode PROCESS} or 0.
 */
export function orderNeeded(models: readonly string[]): number {
  const types = [...prohibitedAnomalies(models), ...UNKNOWN_TYPES];
  const needs = (suffix: string) => types.some((t) => t.endsWith(suffix));
  return needs("-realtime") ? REALTIME : needs("-process") ? PROCESS : 0;
}

/**
 * An analysis of one history: the anomalies found so far, the dependency
 * graph over `vertices`, and the cycle search over it.
 */
export abstract class CycleAnalysis<T extends GraphTxn> {
  /** Anomaly type → cases (or `true`). */
  readonly anomalies = new Map<string, unknown[] | true>();
  /** The dependency graph; vertex v is `vertices[v]`. */
  graph!: DepGraph;
  /** Whether any dependency (including realtime edges to non-vertices) was inferred. */
  anyEdge = false;

  /**
   * @param history The history (nemesis ops included; they are skipped).
   * @param budget Work allowed per cycle search.
   */
  constructor(readonly history: readonly Op[], readonly budget: number) {}

  /** The txns in the graph, by vertex. */
  protected abstract get vertices(): readonly T[];

  /**
   * Explains a data dependency a → b (wr, ww or rw), or `undefined` if it
   * cannot (the step is then shown as realtime).
   */
  protected abstract explainData(a: T, b: T, rel: number): Record<string, unknown> | undefined;

  /** Renders why a data step holds, e.g. `T1 wrote 1 = 2, which was read by T2`. */
  protected abstract renderData(step: Record<string, unknown>, a: string, b: string): string;

  /**
   * Records cases of an anomaly type (nothing for an empty list).
   * @param type The anomaly type.
   * @param cases Its cases.
   */
  add(type: string, cases: unknown[]): void {
    if (cases.length === 0) return;
    const old = this.anomalies.get(type);
    this.anomalies.set(type, Array.isArray(old) ? [...old, ...cases] : cases);
  }

  /**
   * Adds the order edges the models need: realtime edges (a completed ok
   * before b was invoked, transitively reduced as Elle builds them) into
   * every vertex, or process edges between ok vertices of one process; then
   * notes whether any dependency at all exists.
   * @param txns Every txn, in invocation order (vertex or not).
   * @param order {@linkcode REALTIME}, {@linkcode PROCESS} or 0.
   */
  orderEdges(txns: readonly T[], order: number): void {
    if (order === REALTIME) this.realtime(txns);
    else if (order === PROCESS) this.process();
    this.anyEdge ||= this.graph.edgeCount > 0;
  }

  private realtime(txns: readonly T[]): void {
    const byInvoke = new Map<Op, T>();
    const byCompletion = new Map<Op, T>();
    for (const t of txns) {
      byInvoke.set(t.invoke, t);
      if (t.completion) byCompletion.set(t.completion, t);
    }
    const oks = new Set<T>();
    const before = new Map<T, T[]>();
    for (const op of this.history) {
      if (op.type === "invoke") {
        const t = byInvoke.get(op);
        if (t === undefined || t.completion === undefined) continue;
        const preds = [...oks];
        before.set(t, preds);
        if (preds.length > 0) this.anyEdge = true;
        if (t.vertex >= 0) {
          for (const p of preds) this.graph.link(p.vertex, t.vertex, REALTIME);
        }
      } else if (op.type === "ok") {
        const t = byCompletion.get(op);
        if (t === undefined) continue;
        const implied = before.get(t) ?? [];
        for (const p of implied) oks.delete(p);
        oks.add(t);
      }
    }
  }

  private process(): void {
    const last = new Map<unknown, T>();
    for (const t of this.vertices) {
      if (t.type !== "ok") continue;
      const prev = last.get(t.invoke.process);
      if (prev !== undefined) this.graph.link(prev.vertex, t.vertex, PROCESS);
      last.set(t.invoke.process, t);
    }
  }

  /** Finds the cycle anomalies of the dependency graph, per strongly connected component. */
  cycles(): void {
    const g = this.graph;
    const all: number[] = Array.from({ length: g.n }, (_, i) => i);
    const full = induced(g, all, 0xff);
    const components = stronglyConnected(full)
      .map((c) => c.sort((a, b) => a - b))
      .sort((a, b) => a[0] - b[0]);
    const hasProcess = this.hasRel(PROCESS), hasRealtime = this.hasRel(REALTIME);
    for (const comp of components) {
      const csr = induced(g, comp, 0xff);
      const exists = this.cycleExists(comp, csr);
      for (const c of exists) this.add(c.type as string, [c]);
      const impossibleM = impossibleModels(exists.map((c) => c.not as string));
      const possible = CYCLE_EXISTS.map((s) => s.model).filter((m) => !impossibleM.has(m));
      const prohibited = prohibitedAnomalies(possible);
      const redundant = new Set([...CYCLE_TYPES].filter((t) => prohibited.has(t)));
      for (const search of CYCLE_SEARCHES) {
        if (redundant.has(search.name)) continue;
        if (search.variant === PROCESS && !hasProcess) continue;
        if (search.variant === REALTIME && !hasRealtime) continue;
        const found = this.search(comp, search);
        if (found === "timeout") {
          this.add("cycle-search-timeout", [{
            type: "cycle-search-timeout",
            "anomaly-spec-type": search.name,
            "scc-size": comp.length,
          }]);
        } else if (found !== undefined) {
          this.add(found.type as string, [found]);
          for (const a of impliedAnomalies([search.name])) redundant.add(a);
        }
      }
    }
  }

  private hasRel(bit: number): boolean {
    for (const m of this.graph.out) for (const r of m.values()) if (r & bit) return true;
    return false;
  }

  private cycleExists(comp: number[], csr: Csr): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    const redundant = new Set<string>();
    for (const spec of CYCLE_EXISTS) {
      if (redundant.has(spec.model)) continue;
      const sub = spec.ext === undefined
        ? project(csr, spec.a)
        : extension(project(csr, spec.a | spec.ext), spec.a, spec.ext);
      const sccs = stronglyConnected(sub)
        .map((s) => [...new Set(s.map((v) => v % csr.n))])
        .filter((s) => s.length > 1)
        .sort((a, b) => a.length - b.length);
      if (sccs.length === 0) continue;
      const scc = sccs[0].map((v) => opOf(this.vertices[comp[v]]).index).sort((a, b) => a - b);
      out.push({
        type: `${spec.model}-cycle-exists`,
        not: friendlyModelName(spec.model),
        subgraph: spec.subgraph,
        "scc-size": scc.length,
        scc,
      });
      for (const m of impossibleModels([spec.model])) redundant.add(m);
    }
    return out;
  }

  private search(
    comp: number[],
    search: (typeof CYCLE_SEARCHES)[number],
  ): Record<string, unknown> | "timeout" | undefined {
    const mask = search.spec.legal | (search.spec.wantRw > 0 ? RW : 0);
    const csr = induced(this.graph, comp, mask);
    for (const sub of stronglyConnected(project(csr, mask))) {
      const vertices = sub.map((v) => comp[v]).sort((a, b) => a - b);
      const local = induced(this.graph, vertices, mask);
      let explained: Record<string, unknown> | undefined;
      const result = findCycle(local, search.spec, {
        budget: this.budget,
        accept: (cycle) => {
          const ex = this.explainCycle(cycle.map((v) => vertices[v]));
          if (search.type !== undefined && ex.type !== search.type) return false;
          explained = ex;
          return true;
        },
      });
      if (result.exhausted) return "timeout";
      if (explained) return explained;
    }
    return undefined;
  }

  /** Explains each step of a cycle (vertices, first repeated last) and names its type. */
  explainCycle(cycle: number[]): Record<string, unknown> {
    const steps: Record<string, unknown>[] = [];
    const counts = new Map<string, number>();
    const types: string[] = [];
    for (let i = 0; i + 1 < cycle.length; i++) {
      const a = this.vertices[cycle[i]], b = this.vertices[cycle[i + 1]];
      const step = this.explainStep(a, b, explainedRel(this.graph.rels(a.vertex, b.vertex)));
      steps.push(step);
      types.push(step.type as string);
      counts.set(step.type as string, (counts.get(step.type as string) ?? 0) + 1);
    }
    const n = (t: string) => counts.get(t) ?? 0;
    let rwAdjacent = false;
    for (let i = 0; i < types.length; i++) {
      if (types[i] === "rw" && types[(i + 1) % types.length] === "rw") rwAdjacent = true;
    }
    const data = n("rw") === 1
      ? "G-single-item"
      : n("rw") > 1
      ? (rwAdjacent ? "G2-item" : "G-nonadjacent-item")
      : n("wr") > 0
      ? "G1c"
      : "G0";
    const sub = n("realtime") > 0 ? "-realtime" : n("process") > 0 ? "-process" : "";
    const ops = cycle.map((v) => opOf(this.vertices[v]));
    return {
      type: data + sub,
      cycle: ops.map(showOp),
      steps,
      explanation: this.renderCycle(ops, steps),
    };
  }

  private explainStep(a: T, b: T, rel: number): Record<string, unknown> {
    const data = rel === WR || rel === WW || rel === RW ? this.explainData(a, b, rel) : undefined;
    if (data !== undefined) return data;
    if (rel === PROCESS) return { type: "process", process: a.invoke.process };
    return { type: "realtime", "a'": opOf(a).index, b: b.invoke.index };
  }

  /**
   * Elle's result map: `{"valid?": true}` when no reportable anomaly was
   * found, else the reportable anomalies (redundant cycle-exists ones
   * dropped), `"valid?"` false if any is prohibited, else `"unknown"`, and the
   * `not` / `also-not` boundary of everything found.
   * @param models The consistency models.
   * @returns The result.
   */
  result(models: readonly string[]): CheckResult {
    const prohibited = prohibitedAnomalies(models);
    const reportable = new Set([...prohibited, ...UNKNOWN_TYPES]);
    const found = [...this.anomalies.keys()];
    let shown = found.filter((t) => reportable.has(t));
    // Cycle-exists anomalies that other anomalies already explain are dropped.
    const others = shown.filter((t) => !t.endsWith("-cycle-exists"));
    const ruledOut = modelsRuledOut(others);
    shown = shown.filter((t) =>
      !(t.endsWith("-cycle-exists") && ruledOut.has(t.slice(0, -"-cycle-exists".length)))
    );
    if (shown.length === 0) return { "valid?": true };
    shown.sort();
    const anomalies: Record<string, unknown> = {};
    for (const t of shown) anomalies[t] = this.anomalies.get(t);
    const bad = found.some((t) => prohibited.has(t));
    return {
      "valid?": bad ? false : "unknown",
      "anomaly-types": shown,
      anomalies,
      ...boundary(found),
    };
  }

  private renderCycle(ops: Op[], steps: Record<string, unknown>[]): string {
    const names = ops.slice(0, -1).map((_, i) => `T${i + 1}`);
    const lines = ["Let:"];
    ops.slice(0, -1).forEach((op, i) => {
      lines.push(
        `  ${names[i]} = ${
          JSON.stringify({ index: op.index, process: op.process, value: op.value })
        }`,
      );
    });
    lines.push("", "Then:");
    steps.forEach((s, i) => {
      const a = names[i], b = names[(i + 1) % names.length];
      const why = s.type === "process"
        ? `process ${s.process} executed ${a} before ${b}`
        : s.type === "realtime"
        ? `${a} completed at index ${s["a'"]}, before the invocation of ${b}, at index ${s.b}`
        : this.renderData(s, a, b);
      lines.push(
        i === steps.length - 1
          ? `  - However, ${a} < ${b}, because ${why}: a contradiction!`
          : `  - ${a} < ${b}, because ${why}.`,
      );
    });
    return lines.join("\n");
  }
}

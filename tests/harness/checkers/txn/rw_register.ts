/**
 * An Elle-style checker for read/write-register transactions, as Maelstrom's
 * txn-rw-register workload runs it (Elle 0.2.2 `rw-register` with
 * `wfr-keys? true`, wrapped by Maelstrom).
 *
 * History ops have `f: "txn"`; an invocation's value is a list of micro-ops
 * `["r", k, null]` / `["w", k, v]`, an ok completion's value the same list
 * with reads filled in. Writes are assumed unique per key.
 *
 * What is inferred (as Elle does with `wfr-keys?`):
 * - `internal`: in an ok txn, a read of k disagrees with the txn's previous
 *   write or read of k;
 * - `G1a`: an ok txn read a value written by a txn that failed (`:fail`);
 * - `G1b`: an ok txn read a value that its writer overwrote within itself;
 * - `lost-update`: two ok txns read the same value of k and both wrote k;
 * - version orders per key: `null` precedes every value written or read,
 *   and an ok txn's first (external) read of k, when not null, precedes its
 *   final write of k (writes follow reads). A cycle in these orders is
 *   `cyclic-versions`, and then only the `null`-first orders are used;
 * - dependencies between ok txns: wr (writer of k=v → readers of k=v,
 *   external reads and final writes only), ww and rw from direct edges of the
 *   version orders, plus realtime edges (a completed before b was invoked,
 *   transitively reduced) when the models need them, else process edges
 *   when they need those;
 * - cycles: per strongly connected component, the `<model>-cycle-exists`
 *   checks (PL-1, PL-2, PL-SI, PL-2.99, PL-3 and their strong-session /
 *   strong variants), then the shortest cycles of G0, G1c, G-single-item,
 *   G-nonadjacent-item, G2-item and their -process / -realtime variants,
 *   each classified by what explains each step (wr, then ww, then rw, then
 *   process/realtime);
 * - `empty-transaction-graph` when no dependency at all was inferred.
 *
 * Not inferred (also as in Elle here): version orders from process or
 * realtime order (`sequential-keys?`, `linearizable-keys?`), versions
 * written by `:info` txns (no wr edges from them), predicate anomalies
 * (G-single, G-nonadjacent and G2 without `-item` never occur).
 * @module
 */

import { type CheckResult, clientOps, type Op, pairs } from "../../history.ts";
import {
  boundary,
  friendlyModelName,
  impliedAnomalies,
  impossibleModels,
  modelsRuledOut,
  prohibitedAnomalies,
  validateModels,
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

/** Options of {@linkcode rwRegister} and {@linkcode txnRwRegister}. */
export interface RwRegisterOptions {
  /** Models the history must satisfy; default `["strict-serializable"]`. */
  consistencyModels?: readonly string[];
  /** Infer version orders from writes following reads in a txn (default true, as Maelstrom). */
  wfrKeys?: boolean;
  /**
   * Work allowed per cycle search (state expansions in one component, for one
   * anomaly type); past it the search gives up with `cycle-search-timeout`,
   * as Elle does after 1 s. Default 200 000.
   */
  searchBudget?: number;
}

type Mop = readonly [string, unknown, unknown];

interface Txn {
  /** Position in the txn list. */
  id: number;
  invoke: Op;
  completion?: Op;
  type: "ok" | "fail" | "info" | "invoke";
  mops: Mop[];
  extReads: Map<unknown, unknown>;
  extWrites: Map<unknown, unknown>;
  /** Graph vertex (ok txns only). */
  vertex: number;
}

/** The op that stands for a txn: its completion, or its invocation. */
function opOf(t: Txn): Op {
  return t.completion ?? t.invoke;
}

/** A key or value as a map key: JSON text for arrays and objects. */
function norm(x: unknown): unknown {
  return x !== null && typeof x === "object" ? JSON.stringify(x) : x;
}

function parseMops(value: unknown, op: Op): Mop[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`Cannot check txn: value of op ${op.index} is not a list of micro-ops`);
  }
  return value.map((m) => {
    if (!Array.isArray(m) || m.length !== 3 || (m[0] !== "r" && m[0] !== "w")) {
      throw new TypeError(
        `Cannot check txn: malformed micro-op in op ${op.index}: ${JSON.stringify(m)}`,
      );
    }
    return [m[0], norm(m[1]), norm(m[2])] as const;
  });
}

/** External reads (first read of k before any write of k) and final writes. */
function extReadsWrites(mops: readonly Mop[]): [Map<unknown, unknown>, Map<unknown, unknown>] {
  const reads = new Map<unknown, unknown>();
  const writes = new Map<unknown, unknown>();
  for (const [f, k, v] of mops) {
    if (f === "w") writes.set(k, v);
    else if (!writes.has(k) && !reads.has(k)) reads.set(k, v);
  }
  return [reads, writes];
}

/** An op as anomalies show it. */
function showOp(op: Op): Record<string, unknown> {
  return {
    index: op.index,
    time: op.time,
    type: op.type,
    process: op.process,
    f: op.f,
    value: op.value,
  };
}

function showMop(m: Mop): unknown[] {
  return [m[0], m[1], m[2]];
}

function nested<V>(m: Map<unknown, Map<unknown, V>>, k: unknown): Map<unknown, V> {
  let inner = m.get(k);
  if (inner === undefined) m.set(k, inner = new Map());
  return inner;
}

type VersionGraphs = Map<unknown, Map<unknown, Set<unknown>>>;

function linkVersion(vgs: VersionGraphs, k: unknown, a: unknown, b: unknown): void {
  if (a === b) return;
  const g = nested(vgs, k);
  let s = g.get(a);
  if (s === undefined) g.set(a, s = new Set());
  s.add(b);
}

/** Version cycles: strongly connected values of one key. */
function versionCycles(vgs: VersionGraphs): Array<{ key: unknown; scc: unknown[] }> {
  const out: Array<{ key: unknown; scc: unknown[] }> = [];
  for (const [k, g] of vgs) {
    const values = new Set<unknown>();
    for (const [a, bs] of g) {
      values.add(a);
      for (const b of bs) values.add(b);
    }
    const list = [...values];
    const idx = new Map(list.map((v, i) => [v, i]));
    const offsets = new Int32Array(list.length + 1);
    const ts: number[] = [];
    list.forEach((v, i) => {
      offsets[i] = ts.length;
      for (const b of g.get(v) ?? []) ts.push(idx.get(b)!);
    });
    offsets[list.length] = ts.length;
    const csr: Csr = {
      n: list.length,
      offsets,
      targets: Int32Array.from(ts),
      masks: new Uint8Array(ts.length),
    };
    for (const scc of stronglyConnected(csr)) {
      out.push({ key: k, scc: scc.map((i) => list[i]).sort(compareLoose) });
    }
  }
  return out;
}

function compareLoose(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return (a as number) < (b as number) ? -1 : 1;
}

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
const UNKNOWN_TYPES = ["empty-transaction-graph", "cycle-search-timeout"];

/** The analysis of one history. */
class Analysis {
  readonly txns: Txn[] = [];
  readonly oks: Txn[] = [];
  readonly anomalies = new Map<string, unknown[] | true>();
  graph!: DepGraph;
  versions!: VersionGraphs;
  /** Whether any dependency (including realtime edges to non-ok txns) was inferred. */
  anyEdge = false;
  readonly budget: number;

  constructor(readonly history: readonly Op[], readonly opts: Required<RwRegisterOptions>) {
    this.budget = opts.searchBudget;
  }

  add(type: string, cases: unknown[]): void {
    if (cases.length === 0) return;
    const old = this.anomalies.get(type);
    this.anomalies.set(type, Array.isArray(old) ? [...old, ...cases] : cases);
  }

  parse(): void {
    const keyTypes = new Set<string>();
    for (const [inv, comp] of pairs(clientOps(this.history))) {
      if (inv.f !== "txn") continue;
      const type = comp === undefined ? "invoke" : comp.type as Txn["type"];
      const value = type === "ok"
        ? comp!.value
        : Array.isArray(comp?.value)
        ? comp!.value
        : inv.value;
      const mops = parseMops(value, comp ?? inv);
      for (const [, k] of mops) keyTypes.add(typeof k);
      const [extReads, extWrites] = extReadsWrites(mops);
      const t: Txn = {
        id: this.txns.length,
        invoke: inv,
        completion: comp,
        type,
        mops,
        extReads,
        extWrites,
        vertex: -1,
      };
      this.txns.push(t);
      if (type === "ok") {
        t.vertex = this.oks.length;
        this.oks.push(t);
      }
    }
    if (keyTypes.size > 1) {
      throw new TypeError(
        `History includes a mix of different types for transaction keys: ${
          JSON.stringify([...keyTypes])
        }`,
      );
    }
  }

  internal(): void {
    const cases: unknown[] = [];
    for (const t of this.oks) {
      const state = new Map<unknown, unknown>();
      for (const m of t.mops) {
        const [f, k, v] = m;
        if (f === "w") state.set(k, v);
        else if (state.has(k) && state.get(k) !== v) {
          cases.push({ op: showOp(opOf(t)), mop: showMop(m), expected: state.get(k) });
          break;
        } else state.set(k, v);
      }
    }
    this.add("internal", cases);
  }

  g1(): void {
    const failed = new Map<unknown, Map<unknown, Txn>>();
    const intermediate = new Map<unknown, Map<unknown, Txn>>();
    for (const t of this.txns) {
      const final = new Map<unknown, unknown>();
      for (const [f, k, v] of t.mops) {
        if (f !== "w") continue;
        if (t.type === "fail") nested(failed, k).set(v, t);
        if (final.has(k)) nested(intermediate, k).set(final.get(k), t);
        final.set(k, v);
      }
    }
    const g1a: unknown[] = [], g1b: unknown[] = [];
    for (const t of this.oks) {
      for (const m of t.mops) {
        const [f, k, v] = m;
        if (f !== "r") continue;
        const fw = failed.get(k)?.get(v);
        if (fw !== undefined) {
          g1a.push({ op: showOp(opOf(t)), mop: showMop(m), writer: showOp(opOf(fw)) });
        }
        const iw = intermediate.get(k)?.get(v);
        if (iw !== undefined && iw !== t) {
          g1b.push({ op: showOp(opOf(t)), mop: showMop(m), writer: showOp(opOf(iw)) });
        }
      }
    }
    this.add("G1a", g1a);
    this.add("G1b", g1b);
  }

  lostUpdate(): void {
    const NONE = Symbol("none");
    const byKey = new Map<unknown, Map<unknown, Txn[]>>();
    for (const t of this.oks) {
      const reads = new Map<unknown, unknown>();
      const writes = new Set<unknown>();
      for (const [f, k, v] of t.mops) {
        const read = reads.has(k) ? reads.get(k) : NONE;
        if (f === "w" && !writes.has(k)) {
          if (read === NONE) continue;
          const g = nested(byKey, k);
          const list = g.get(read) ?? [];
          list.push(t);
          g.set(read, list);
          writes.add(k);
        } else if (f === "r" && read === NONE) {
          reads.set(k, v);
        }
      }
    }
    const cases: unknown[] = [];
    for (const [key, byValue] of byKey) {
      for (const [value, ts] of byValue) {
        if (ts.length >= 2) cases.push({ key, value, txns: ts.map((t) => showOp(opOf(t))) });
      }
    }
    this.add("lost-update", cases);
  }

  versionGraphs(): void {
    const initial: VersionGraphs = new Map();
    for (const t of this.txns) {
      if (t.type !== "ok" && t.type !== "info") continue;
      for (const [k, v] of t.extWrites) if (v !== null) linkVersion(initial, k, null, v);
      if (t.type === "ok") {
        for (const [k, v] of t.extReads) if (v !== null) linkVersion(initial, k, null, v);
      }
    }
    this.versions = initial;
    if (!this.opts.wfrKeys) return;
    const merged: VersionGraphs = new Map();
    for (const [k, g] of initial) {
      for (const [a, bs] of g) for (const b of bs) linkVersion(merged, k, a, b);
    }
    for (const t of this.oks) {
      for (const [k, v] of t.extReads) {
        if (v !== null && t.extWrites.has(k)) linkVersion(merged, k, v, t.extWrites.get(k));
      }
    }
    const cycles = versionCycles(merged);
    if (cycles.length > 0) {
      this.add(
        "cyclic-versions",
        cycles.map((c) => ({ ...c, sources: ["initial-state", "wfr-keys"] })),
      );
    } else {
      this.versions = merged;
    }
  }

  /** Ext-read and ext-write indices of ok txns: key → value → txns. */
  private index(which: "extReads" | "extWrites"): Map<unknown, Map<unknown, Txn[]>> {
    const idx = new Map<unknown, Map<unknown, Txn[]>>();
    for (const t of this.oks) {
      for (const [k, v] of t[which]) {
        const g = nested(idx, k);
        const list = g.get(v);
        if (list === undefined) g.set(v, [t]);
        else list.push(t);
      }
    }
    return idx;
  }

  buildGraph(order: number): void {
    const g = new DepGraph(this.oks.length);
    this.graph = g;
    const reads = this.index("extReads");
    const writes = this.index("extWrites");
    for (const [k, byValue] of reads) {
      for (const [v, readers] of byValue) {
        const ws = writes.get(k)?.get(v);
        if (ws === undefined) continue;
        if (ws.length > 1) {
          throw new RangeError(
            `Key ${JSON.stringify(k)} had value ${JSON.stringify(v)} written by more than one op: ${
              ws.map((t) => opOf(t).index).join(", ")
            }`,
          );
        }
        for (const r of readers) g.link(ws[0].vertex, r.vertex, WR);
      }
    }
    for (const [k, vg] of this.versions) {
      const kReads = reads.get(k), kWrites = writes.get(k);
      for (const [v1, v2s] of vg) {
        const w1 = kWrites?.get(v1) ?? [], r1 = kReads?.get(v1) ?? [];
        for (const v2 of v2s) {
          const w2 = kWrites?.get(v2);
          if (w2 === undefined) continue;
          for (const b of w2) {
            for (const a of w1) g.link(a.vertex, b.vertex, WW);
            for (const a of r1) g.link(a.vertex, b.vertex, RW);
          }
        }
      }
    }
    if (order === REALTIME) this.realtime();
    else if (order === PROCESS) this.process();
    this.anyEdge ||= g.edgeCount > 0;
  }

  /** Realtime edges, transitively reduced as Elle builds them. */
  private realtime(): void {
    const byInvoke = new Map<Op, Txn>();
    const byCompletion = new Map<Op, Txn>();
    for (const t of this.txns) {
      byInvoke.set(t.invoke, t);
      if (t.completion) byCompletion.set(t.completion, t);
    }
    const oks = new Set<Txn>();
    const before = new Map<Txn, Txn[]>();
    for (const op of this.history) {
      if (op.type === "invoke") {
        const t = byInvoke.get(op);
        if (t === undefined || t.completion === undefined) continue;
        const preds = [...oks];
        before.set(t, preds);
        if (preds.length > 0) this.anyEdge = true;
        if (t.type === "ok") {
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
    const last = new Map<unknown, Txn>();
    for (const t of this.oks) {
      const prev = last.get(t.invoke.process);
      if (prev !== undefined) this.graph.link(prev.vertex, t.vertex, PROCESS);
      last.set(t.invoke.process, t);
    }
  }

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
      const scc = sccs[0].map((v) => opOf(this.oks[comp[v]]).index).sort((a, b) => a - b);
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
      const a = this.oks[cycle[i]], b = this.oks[cycle[i + 1]];
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
    const ops = cycle.map((v) => opOf(this.oks[v]));
    return {
      type: data + sub,
      cycle: ops.map(showOp),
      steps,
      explanation: renderCycle(ops, steps),
    };
  }

  private explainStep(a: Txn, b: Txn, rel: number): Record<string, unknown> {
    const mopIndex = (t: Txn, f: string, k: unknown, v: unknown) =>
      t.mops.findIndex((m) => m[0] === f && m[1] === k && m[2] === v);
    if (rel === WR) {
      for (const [k, v] of a.extWrites) {
        if (b.extReads.has(k) && b.extReads.get(k) === v) {
          return {
            type: "wr",
            key: k,
            value: v,
            "a-mop-index": mopIndex(a, "w", k, v),
            "b-mop-index": mopIndex(b, "r", k, v),
          };
        }
      }
    }
    if (rel === WW || rel === RW) {
      const [from, f] = rel === WW ? [a.extWrites, "w"] : [a.extReads, "r"];
      for (const [k, v] of from) {
        const v2 = b.extWrites.get(k);
        if (b.extWrites.has(k) && this.versions.get(k)?.get(v)?.has(v2)) {
          return {
            type: rel === WW ? "ww" : "rw",
            key: k,
            value: v,
            "value'": v2,
            "a-mop-index": mopIndex(a, f, k, v),
            "b-mop-index": mopIndex(b, "w", k, v2),
          };
        }
      }
    }
    if (rel === PROCESS) return { type: "process", process: a.invoke.process };
    return { type: "realtime", "a'": opOf(a).index, b: b.invoke.index };
  }

  result(): CheckResult {
    const models = this.opts.consistencyModels;
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
}

function renderCycle(ops: Op[], steps: Record<string, unknown>[]): string {
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
    const k = JSON.stringify(s.key), v = JSON.stringify(s.value), v2 = JSON.stringify(s["value'"]);
    const why = s.type === "wr"
      ? `${a} wrote ${k} = ${v}, which was read by ${b}`
      : s.type === "ww"
      ? `${a} set key ${k} to ${v}, and ${b} set it to ${v2}, which came later in the version order`
      : s.type === "rw"
      ? `${a} read key ${k} = ${v}, and ${b} set it to ${v2}, which came later in the version order`
      : s.type === "process"
      ? `process ${s.process} executed ${a} before ${b}`
      : `${a} completed at index ${s["a'"]}, before the invocation of ${b}, at index ${s.b}`;
    lines.push(
      i === steps.length - 1
        ? `  - However, ${a} < ${b}, because ${why}: a contradiction!`
        : `  - ${a} < ${b}, because ${why}.`,
    );
  });
  return lines.join("\n");
}

function withDefaults(opts: RwRegisterOptions): Required<RwRegisterOptions> {
  return {
    consistencyModels: opts.consistencyModels ?? ["strict-serializable"],
    wfrKeys: opts.wfrKeys ?? true,
    searchBudget: opts.searchBudget ?? 200_000,
  };
}

/**
 * Elle's `rw-register` check: finds anomalies in a history of txn ops and
 * judges them against the consistency models.
 * @param history The run's history (nemesis ops are ignored).
 * @param options Models (default strict-serializable), inference options.
 * @returns `{"valid?": true}`, or `{"valid?", "anomaly-types", anomalies,
 *   not, "also-not"}`; `"valid?"` is `"unknown"` when only
 *   `empty-transaction-graph` / `cycle-search-timeout` were found.
 * @throws {RangeError} for an unknown model or a value written twice.
 * @throws {TypeError} for malformed micro-ops or mixed key types.
 * @example A lost update is fine under read committed
 * ```ts
 * import { assertEquals } from "node:assert";
 * import { rwRegister } from "./rw_register.ts";
 * const op = (index: number, type: "invoke" | "ok", process: number, value: unknown) =>
 *   ({ index, time: index, type, process, f: "txn", value });
 * const history = [
 *   op(0, "invoke", 0, [["r", 1, null], ["w", 1, 1]]),
 *   op(1, "invoke", 1, [["r", 1, null], ["w", 1, 2]]),
 *   op(2, "ok", 0, [["r", 1, null], ["w", 1, 1]]),
 *   op(3, "ok", 1, [["r", 1, null], ["w", 1, 2]]),
 * ];
 * assertEquals(rwRegister(history, { consistencyModels: ["read-committed"] })["valid?"], true);
 * assertEquals(rwRegister(history, { consistencyModels: ["serializable"] })["valid?"], false);
 * ```
 */
export function rwRegister(history: readonly Op[], options: RwRegisterOptions = {}): CheckResult {
  const opts = withDefaults(options);
  validateModels(opts.consistencyModels);
  const prohibited = prohibitedAnomalies(opts.consistencyModels);
  const a = new Analysis(history, opts);
  a.parse();
  a.internal();
  a.g1();
  a.lostUpdate();
  a.versionGraphs();
  const needs = (suffix: string) =>
    [...prohibited, ...UNKNOWN_TYPES].some((t) => t.endsWith(suffix));
  a.buildGraph(needs("-realtime") ? REALTIME : needs("-process") ? PROCESS : 0);
  if (!a.anyEdge) a.anomalies.set("empty-transaction-graph", true);
  a.cycles();
  return a.result();
}

/**
 * The txn-rw-register workload checker as Maelstrom runs it: Elle's
 * {@linkcode rwRegister} with `wfr-keys?`, minus `cycle-search-timeout`, and
 * `"valid?"` false iff any other reportable anomaly remains. A checker error
 * (unknown model, malformed history) yields `"valid?": "unknown"` with
 * `error`, as Jepsen's composed checker reports a throwing checker.
 * @param history The run's history.
 * @param options Models (default strict-serializable).
 * @returns `{"valid?", "anomaly-types", anomalies, not?, "also-not"?}` or
 *   `{"valid?": "unknown", error}`.
 * @example An unknown model name
 * ```ts
 * import { assertEquals } from "node:assert";
 * import { txnRwRegister } from "./rw_register.ts";
 * const r = txnRwRegister([], { consistencyModels: ["read-committed,serializable"] });
 * assertEquals(r["valid?"], "unknown");
 * ```
 */
export function txnRwRegister(
  history: readonly Op[],
  options: RwRegisterOptions = {},
): CheckResult {
  let res: CheckResult;
  try {
    res = rwRegister(history, options);
  } catch (e) {
    return { "valid?": "unknown", error: e instanceof Error ? e.message : String(e) };
  }
  const types = ((res["anomaly-types"] as string[] | undefined) ?? [])
    .filter((t) => t !== "cycle-search-timeout");
  let anomalies = (res.anomalies as Record<string, unknown> | undefined) ?? null;
  if (anomalies !== null) {
    anomalies = { ...anomalies };
    delete anomalies["cycle-search-timeout"];
  }
  return { ...res, "valid?": types.length === 0, "anomaly-types": types, anomalies };
}

/**
 * Splits `--consistency-models` as Maelstrom does: on a comma surrounded by
 * whitespace (`"a , b"`); `"a,b"` stays one (unknown) model name.
 * @param text The option's value.
 * @returns Model names.
 */
export function parseConsistencyModels(text: string): string[] {
  return text.split(/\s+,\s+/);
}

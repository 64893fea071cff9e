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
import { CycleAnalysis, type GraphTxn, opOf, orderNeeded, showOp } from "./_cycles.ts";
import { validateModels } from "./consistency_model.ts";
import { type Csr, DepGraph, RW, stronglyConnected, WR, WW } from "./graph.ts";

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

interface Txn extends GraphTxn {
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

/** The analysis of one history. */
class Analysis extends CycleAnalysis<Txn> {
  readonly txns: Txn[] = [];
  readonly oks: Txn[] = [];
  versions!: VersionGraphs;

  constructor(history: readonly Op[], readonly opts: Required<RwRegisterOptions>) {
    super(history, opts.searchBudget);
  }

  protected get vertices(): readonly Txn[] {
    return this.oks;
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
    this.orderEdges(this.txns, order);
  }

  /** Realtime edges, transitively reduced as Elle builds them. */
  protected explainData(a: Txn, b: Txn, rel: number): Record<string, unknown> | undefined {
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
    return undefined;
  }

  protected renderData(s: Record<string, unknown>, a: string, b: string): string {
    const k = JSON.stringify(s.key), v = JSON.stringify(s.value), v2 = JSON.stringify(s["value'"]);
    return s.type === "wr"
      ? `${a} wrote ${k} = ${v}, which was read by ${b}`
      : s.type === "ww"
      ? `${a} set key ${k} to ${v}, and ${b} set it to ${v2}, which came later in the version order`
      : `${a} read key ${k} = ${v}, and ${b} set it to ${v2}, which came later in the version order`;
  }
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
  const a = new Analysis(history, opts);
  a.parse();
  a.internal();
  a.g1();
  a.lostUpdate();
  a.versionGraphs();
  a.buildGraph(orderNeeded(opts.consistencyModels));
  if (!a.anyEdge) a.anomalies.set("empty-transaction-graph", true);
  a.cycles();
  return a.result(opts.consistencyModels);
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

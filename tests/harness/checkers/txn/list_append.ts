/**
 * An Elle-style checker for list-append transactions, as Maelstrom's
 * txn-list-append workload runs it (Elle 0.2.2 `list-append`, no Maelstrom
 * wrapper).
 *
 * History ops have `f: "txn"`; an invocation's value is a list of micro-ops
 * `["r", k, null]` / `["append", k, v]`, an ok completion's value the same
 * list with each read filled in with the whole list it saw (`null` for a
 * missing key). Appended values must be unique per key.
 *
 * Every read of a key shows a prefix of the key's history of appends, so the
 * checker recovers each key's **version order** from the longest list read
 * (reads by ok and info txns). Then, as Elle does:
 * - `duplicate-elements`: a read shows some element more than once;
 * - `incompatible-order`: two reads of a key, neither a prefix of the other;
 * - `G1a`: an ok txn read an element appended by a txn that failed;
 * - `G1b`: an ok txn read a list ending in an element that another txn
 *   followed with a later append to the same key (an intermediate append);
 * - `internal`: a read disagrees with the txn's own earlier appends / reads;
 * - `future-read`: a txn read an element it appends only later;
 * - `dirty-update`: in a version order, an element of a failed append is
 *   followed by one of a committed (ok) append;
 * - `lost-update`: two ok txns read the same list of k and both appended to k;
 * - dependencies between ok and info txns: ww (appender of the element
 *   before v → appender of v), wr (appender of a read's last element →
 *   reader), rw (readers of the list just before v was appended → appender
 *   of v; an append never read is placed after every element read), plus
 *   realtime edges (into ok and info txns) when the models need them, else
 *   process edges (between ok txns);
 * - cycles: as the rw-register checker (`_cycles.ts`): `<model>-cycle-exists`
 *   per strongly connected component, the shortest G0, G1c, G-single-item,
 *   G-nonadjacent-item, G2-item cycles and their -process / -realtime
 *   variants, each step explained by the first of wr, ww, rw, process,
 *   realtime relating the pair;
 * - `empty-transaction-graph` when no dependency at all was inferred.
 *
 * The verdict is Elle's: false if a prohibited anomaly exists, `"unknown"`
 * if only `empty-transaction-graph` / `cycle-search-timeout` were found,
 * else true.
 * @module
 */

import { type CheckResult, clientOps, type Op, pairs } from "../../history.ts";
import { CycleAnalysis, type GraphTxn, opOf, orderNeeded, showOp } from "./_cycles.ts";
import { validateModels } from "./consistency_model.ts";
import { DepGraph, RW, WR, WW } from "./graph.ts";

/** Options of {@linkcode listAppend} and {@linkcode txnListAppend}. */
export interface ListAppendOptions {
  /** Models the history must satisfy; default `["strict-serializable"]`. */
  consistencyModels?: readonly string[];
  /**
   * Work allowed per cycle search (state expansions in one component, for one
   * anomaly type); past it the search gives up with `cycle-search-timeout`,
   * as Elle does after 1 s. Default 200 000.
   */
  searchBudget?: number;
}

/** A micro-op: `["r", k, list | null]` or `["append", k, element]`. */
type Mop = readonly [string, unknown, unknown];

interface Txn extends GraphTxn {
  mops: Mop[];
}

/** The state before the first append of a key (Elle's `::init`). */
const INIT: unique symbol = Symbol("init");
type Elem = unknown;

/** A key or element as a map key: JSON text for arrays and objects. */
function norm(x: unknown): unknown {
  return x !== null && typeof x === "object" ? JSON.stringify(x) : x;
}

function parseMops(value: unknown, op: Op, ok: boolean): Mop[] {
  if (!Array.isArray(value)) {
    throw new TypeError(`Cannot check txn: value of op ${op.index} is not a list of micro-ops`);
  }
  return value.map((m) => {
    const bad = () =>
      new TypeError(`Cannot check txn: malformed micro-op in op ${op.index}: ${JSON.stringify(m)}`);
    if (!Array.isArray(m) || m.length !== 3 || (m[0] !== "r" && m[0] !== "append")) throw bad();
    if (m[0] === "append") return ["append", norm(m[1]), norm(m[2])] as const;
    const v = m[2];
    if (v === null || v === undefined) return ["r", norm(m[1]), null] as const;
    if (!Array.isArray(v)) {
      if (ok) throw bad();
      return ["r", norm(m[1]), null] as const;
    }
    return ["r", norm(m[1]), v.map(norm)] as const;
  });
}

function showMop(m: Mop): unknown[] {
  return [m[0], m[1], m[2]];
}

/** The list a read saw (`null` reads as empty). */
function listOf(m: Mop): Elem[] {
  return (m[2] as Elem[] | null) ?? [];
}

function last(list: readonly Elem[]): Elem | typeof INIT {
  return list.length === 0 ? INIT : list[list.length - 1];
}

function isPrefix(a: readonly Elem[], b: readonly Elem[]): boolean {
  return a.length <= b.length && a.every((x, i) => x === b[i]);
}

function nested<V>(m: Map<unknown, Map<unknown, V>>, k: unknown): Map<unknown, V> {
  let inner = m.get(k);
  if (inner === undefined) m.set(k, inner = new Map());
  return inner;
}

function push<V>(m: Map<unknown, V[]>, k: unknown, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

/** How a value shows in anomalies: `INIT` as null. */
function shown(e: Elem | typeof INIT): unknown {
  return e === INIT ? null : e;
}

/** A key's version order: its elements in append order, and each one's position. */
interface VersionOrder {
  values: Elem[];
  indices: Map<Elem, number>;
}

/** The analysis of one history. */
class Analysis extends CycleAnalysis<Txn> {
  readonly txns: Txn[] = [];
  /** Ok and info txns, by graph vertex. */
  readonly possible: Txn[] = [];
  readonly oks: Txn[] = [];
  /** Key → version order. */
  readonly versions = new Map<unknown, VersionOrder>();
  /** Key → element → the ok or info txn that appended it. */
  readonly writers = new Map<unknown, Map<Elem, Txn>>();
  /** Key → last element read (or INIT) → ok / info txns that read it. */
  readonly readers = new Map<unknown, Map<Elem | typeof INIT, Txn[]>>();

  constructor(history: readonly Op[], readonly opts: Required<ListAppendOptions>) {
    super(history, opts.searchBudget);
  }

  protected get vertices(): readonly Txn[] {
    return this.possible;
  }

  parse(): void {
    const appended = new Map<unknown, Map<Elem, Op>>();
    for (const [inv, comp] of pairs(clientOps(this.history))) {
      if (inv.f !== "txn") continue;
      const type = comp === undefined ? "invoke" : comp.type as Txn["type"];
      const value = type === "ok"
        ? comp!.value
        : Array.isArray(comp?.value)
        ? comp!.value
        : inv.value;
      for (const [f, k, v] of parseMops(inv.value, inv, false)) {
        if (f !== "append") continue;
        const first = nested(appended, k).get(v);
        if (first !== undefined) {
          throw new RangeError(
            `Cannot check txn: value ${JSON.stringify(v)} appended to key ${
              JSON.stringify(k)
            } more than once, by ops ${first.index} and ${inv.index}`,
          );
        }
        nested(appended, k).set(v, inv);
      }
      const t: Txn = {
        invoke: inv,
        completion: comp,
        type,
        mops: parseMops(value, comp ?? inv, type === "ok"),
        vertex: -1,
      };
      this.txns.push(t);
      if (type === "ok" || type === "info") {
        t.vertex = this.possible.length;
        this.possible.push(t);
        if (type === "ok") this.oks.push(t);
      }
    }
  }

  /** Elle's `internal` and `future-read`: what one ok txn's own mops contradict. */
  internal(): void {
    const internal: unknown[] = [], future: unknown[] = [];
    for (const t of this.oks) {
      // Key → what the txn expects to read: null, a list, or an unknown prefix then elems.
      const state = new Map<unknown, { known: boolean; elems: Elem[] } | null>();
      for (const m of t.mops) {
        const [f, k, v] = m;
        const s = state.get(k);
        if (f === "append") {
          state.set(
            k,
            s === undefined
              ? { known: false, elems: [v] }
              : s === null
              ? { known: true, elems: [v] }
              : { known: s.known, elems: [...s.elems, v] },
          );
          continue;
        }
        const read = v as Elem[] | null;
        // As Elle's op-int-case: after a read of null there is no expected
        // state (Clojure's nil is falsy), so the next read is not checked.
        if (s !== undefined && s !== null) {
          const list = read ?? [];
          const bad = s.known
            ? read === null || list.length !== s.elems.length || !isPrefix(s.elems, list)
            : list.length < s.elems.length ||
              !isPrefix(s.elems, list.slice(list.length - s.elems.length));
          if (bad) {
            internal.push({
              op: showOp(opOf(t)),
              mop: showMop(m),
              expected: s.known ? s.elems : ["...", ...s.elems],
            });
            break;
          }
        }
        state.set(k, read === null ? null : { known: true, elems: read });
      }
      const seen = new Map<unknown, Map<Elem, Mop>>();
      for (const m of t.mops) {
        const [f, k, v] = m;
        if (f === "r") {
          const g = nested(seen, k);
          for (const e of listOf(m)) if (!g.has(e)) g.set(e, m);
        } else {
          const read = seen.get(k)?.get(v);
          if (read !== undefined) {
            future.push({ op: showOp(opOf(t)), mop: showMop(read), element: v });
            break;
          }
        }
      }
    }
    this.add("internal", internal);
    this.add("future-read", future);
  }

  /** G1a (reads of failed appends) and G1b (reads ending in an intermediate append). */
  g1(): void {
    const failed = new Map<unknown, Map<Elem, Txn>>();
    const intermediate = new Map<unknown, Map<Elem, Txn>>();
    for (const t of this.txns) {
      const final = new Map<unknown, Elem>();
      for (const [f, k, v] of t.mops) {
        if (f !== "append") continue;
        if (t.type === "fail") nested(failed, k).set(v, t);
        if (final.has(k)) nested(intermediate, k).set(final.get(k), t);
        final.set(k, v);
      }
    }
    const g1a: unknown[] = [], g1b: unknown[] = [];
    for (const t of this.oks) {
      for (const m of t.mops) {
        if (m[0] !== "r") continue;
        const list = listOf(m);
        for (const e of list) {
          const w = failed.get(m[1])?.get(e);
          if (w !== undefined) {
            g1a.push({ op: showOp(opOf(t)), mop: showMop(m), writer: showOp(opOf(w)), element: e });
          }
        }
        const e = last(list);
        const w = intermediate.get(m[1])?.get(e);
        if (w !== undefined && w !== t) {
          g1b.push({ op: showOp(opOf(t)), mop: showMop(m), writer: showOp(opOf(w)), element: e });
        }
      }
    }
    this.add("G1a", g1a);
    this.add("G1b", g1b);
  }

  /** Duplicate elements in a read, by ok or info txns. */
  duplicates(): void {
    const cases: unknown[] = [];
    for (const t of this.possible) {
      for (const m of t.mops) {
        if (m[0] !== "r") continue;
        const counts = new Map<Elem, number>();
        for (const e of listOf(m)) counts.set(e, (counts.get(e) ?? 0) + 1);
        const dups = [...counts].filter(([, n]) => n > 1);
        if (dups.length > 0) {
          cases.push({ op: showOp(opOf(t)), mop: showMop(m), duplicates: dups });
        }
      }
    }
    this.add("duplicate-elements", cases);
  }

  /**
   * Version orders from the longest read of each key; `incompatible-order`
   * for the first pair of reads (by length) that is not prefix-ordered.
   */
  versionOrders(): void {
    const byKey = new Map<unknown, Map<string, Elem[]>>();
    for (const t of this.possible) {
      for (const m of t.mops) {
        const list = listOf(m);
        if (m[0] === "r" && list.length > 0) nested(byKey, m[1]).set(JSON.stringify(list), list);
      }
    }
    const cases: unknown[] = [];
    for (const [k, reads] of byKey) {
      const sorted = [...reads].sort(([ja, a], [jb, b]) =>
        a.length - b.length || (ja < jb ? -1 : ja > jb ? 1 : 0)
      ).map(([, list]) => list);
      for (let i = 0; i + 1 < sorted.length; i++) {
        if (!isPrefix(sorted[i], sorted[i + 1])) {
          cases.push({ key: k, values: [sorted[i], sorted[i + 1]] });
          break;
        }
      }
      const values = [...new Set(sorted[sorted.length - 1])];
      this.versions.set(k, { values, indices: new Map(values.map((e, i) => [e, i])) });
    }
    this.add("incompatible-order", cases);
  }

  /** A failed append's element followed in a version order by a committed one. */
  dirtyUpdate(): void {
    const appenders = new Map<unknown, Map<Elem, Txn>>();
    for (const t of this.txns) {
      for (const [f, k, v] of t.mops) if (f === "append") nested(appenders, k).set(v, t);
    }
    const cases: unknown[] = [];
    for (const [k, { values }] of this.versions) {
      let t1: Txn | undefined; // undefined: the committed initial state
      let vs: Elem[] = [];
      for (const v of values) {
        const t2 = appenders.get(k)?.get(v);
        if (t2 === undefined) {
          throw new RangeError(
            `Cannot check txn: no txn appended ${JSON.stringify(v)} to key ${
              JSON.stringify(k)
            }, yet it was read`,
          );
        }
        const failed1 = t1?.type === "fail";
        if (t2.type === "ok") {
          if (failed1) {
            cases.push({ key: k, values: [...vs, v], txns: [showOp(opOf(t1!)), showOp(opOf(t2))] });
          }
          t1 = t2;
          vs = [v];
        } else if (t2.type === "fail" && !failed1) {
          t1 = t2;
          vs = [v];
        } else vs.push(v);
      }
    }
    this.add("dirty-update", cases);
  }

  /** Two ok txns read the same list of k and both appended to k. */
  lostUpdate(): void {
    const NONE = Symbol("none");
    const byKey = new Map<unknown, Map<string, { value: unknown; txns: Txn[] }>>();
    for (const t of this.oks) {
      const reads = new Map<unknown, unknown>();
      const writes = new Set<unknown>();
      for (const [f, k, v] of t.mops) {
        const read = reads.has(k) ? reads.get(k) : NONE;
        if (f === "append" && !writes.has(k)) {
          if (read === NONE) continue;
          const g = nested(byKey, k);
          const j = JSON.stringify(read);
          const entry = g.get(j) ?? { value: read, txns: [] };
          entry.txns.push(t);
          g.set(j, entry);
          writes.add(k);
        } else if (f === "r" && read === NONE) {
          reads.set(k, v);
        }
      }
    }
    const cases: unknown[] = [];
    for (const [key, byValue] of byKey) {
      for (const { value, txns } of byValue.values()) {
        if (txns.length >= 2) cases.push({ key, value, txns: txns.map((t) => showOp(opOf(t))) });
      }
    }
    this.add("lost-update", cases);
  }

  /** The element appended just before `v` to `k`, or after every element read if `v` never was. */
  private previous(k: unknown, v: Elem): Elem | typeof INIT {
    const order = this.versions.get(k);
    if (order === undefined) return INIT;
    const i = order.indices.get(v);
    if (i === undefined) return order.values.length ? order.values[order.values.length - 1] : INIT;
    return i > 0 ? order.values[i - 1] : INIT;
  }

  /** The other txn whose append of `prev` directly precedes `t`'s append (ww), if any. */
  private wwDep(t: Txn, k: unknown, prev: Elem | typeof INIT): Txn | undefined {
    if (prev === INIT) return undefined;
    const w = this.writers.get(k)?.get(prev);
    return w === t ? undefined : w;
  }

  /** The other txn whose append a read shows last (wr), if any. */
  private wrDep(t: Txn, m: Mop): Txn | undefined {
    const e = last(listOf(m));
    if (e === INIT) return undefined;
    const w = this.writers.get(m[1])?.get(e);
    return w === t ? undefined : w;
  }

  buildGraph(order: number): void {
    this.graph = new DepGraph(this.possible.length);
    for (const t of this.possible) {
      for (const m of t.mops) {
        const [f, k, v] = m;
        if (f === "append") {
          nested(this.writers, k).set(v, t);
        } else if (!(t.type === "info" && v === null)) {
          push(nested(this.readers, k), last(listOf(m)), t);
        }
      }
    }
    for (const t of this.possible) {
      for (const m of t.mops) {
        const [f, k, v] = m;
        if (f === "r") {
          const w = this.wrDep(t, m);
          if (w !== undefined) this.graph.link(w.vertex, t.vertex, WR);
          continue;
        }
        const prev = this.previous(k, v);
        const w = this.wwDep(t, k, prev);
        if (w !== undefined) this.graph.link(w.vertex, t.vertex, WW);
        for (const r of this.readers.get(k)?.get(prev) ?? []) {
          this.graph.link(r.vertex, t.vertex, RW);
        }
      }
    }
    this.orderEdges(this.txns, order);
  }

  protected explainData(a: Txn, b: Txn, rel: number): Record<string, unknown> | undefined {
    const mopIndex = (t: Txn, f: string, k: unknown, v: Elem) =>
      t.mops.findIndex((m) => m[0] === f && m[1] === k && m[2] === v);
    for (const [i, m] of b.mops.entries()) {
      const [f, k, v] = m;
      if (rel === WR && f === "r" && this.wrDep(b, m) === a) {
        const e = last(listOf(m));
        return {
          type: "wr",
          key: k,
          value: e,
          "a-mop-index": mopIndex(a, "append", k, e),
          "b-mop-index": i,
        };
      }
      if (f !== "append" || rel === WR) continue;
      const prev = this.previous(k, v);
      if (rel === WW && this.wwDep(b, k, prev) === a) {
        return {
          type: "ww",
          key: k,
          value: prev,
          "value'": v,
          "a-mop-index": mopIndex(a, "append", k, prev),
          "b-mop-index": i,
        };
      }
      if (rel === RW && a !== b && (this.readers.get(k)?.get(prev) ?? []).includes(a)) {
        return {
          type: "rw",
          key: k,
          value: shown(prev),
          "value'": v,
          "a-mop-index": a.mops.findIndex((r) =>
            r[0] === "r" && r[1] === k && last(listOf(r)) === prev
          ),
          "b-mop-index": i,
        };
      }
    }
    return undefined;
  }

  protected renderData(s: Record<string, unknown>, a: string, b: string): string {
    const k = JSON.stringify(s.key), v = JSON.stringify(s.value), v2 = JSON.stringify(s["value'"]);
    return s.type === "wr"
      ? `${b} observed ${a}'s append of ${v} to key ${k}`
      : s.type === "ww"
      ? `${b} appended ${v2} after ${a} appended ${v} to ${k}`
      : s.value === null
      ? `${a} observed the initial (empty) state of ${k}, which ${b} created by appending ${v2}`
      : `${a} did not observe ${b}'s append of ${v2} to ${k}`;
  }
}

function withDefaults(opts: ListAppendOptions): Required<ListAppendOptions> {
  return {
    consistencyModels: opts.consistencyModels ?? ["strict-serializable"],
    searchBudget: opts.searchBudget ?? 200_000,
  };
}

/**
 * Elle's `list-append` check: finds anomalies in a history of list-append
 * txns and judges them against the consistency models.
 * @param history The run's history (nemesis ops are ignored).
 * @param options Models (default strict-serializable), search budget.
 * @returns `{"valid?": true}`, or `{"valid?", "anomaly-types", anomalies,
 *   not, "also-not"}`; `"valid?"` is `"unknown"` when only
 *   `empty-transaction-graph` / `cycle-search-timeout` were found.
 * @throws {RangeError} for an unknown model, a value appended twice to a
 *   key, or an element read that no txn appended.
 * @throws {TypeError} for malformed micro-ops.
 * @example Two txns that each missed the other's append
 * ```ts
 * import { deepStrictEqual } from "node:assert";
 * import { listAppend } from "./list_append.ts";
 * const op = (index: number, type: "invoke" | "ok", process: number, value: unknown) =>
 *   ({ index, time: index, type, process, f: "txn", value });
 * const history = [
 *   op(0, "invoke", 0, [["append", 1, 1], ["r", 2, null]]),
 *   op(1, "invoke", 1, [["append", 2, 1], ["r", 1, null]]),
 *   op(2, "ok", 0, [["append", 1, 1], ["r", 2, null]]),
 *   op(3, "ok", 1, [["append", 2, 1], ["r", 1, null]]),
 *   op(4, "invoke", 0, [["r", 1, null], ["r", 2, null]]),
 *   op(5, "ok", 0, [["r", 1, [1]], ["r", 2, [1]]]),
 * ];
 * deepStrictEqual(listAppend(history, { consistencyModels: ["snapshot-isolation"] })["valid?"], true);
 * const r = listAppend(history, { consistencyModels: ["serializable"] });
 * deepStrictEqual(r["anomaly-types"], ["G2-item"]);
 * ```
 */
export function listAppend(history: readonly Op[], options: ListAppendOptions = {}): CheckResult {
  const opts = withDefaults(options);
  validateModels(opts.consistencyModels);
  const a = new Analysis(history, opts);
  a.parse();
  a.internal();
  a.g1();
  a.duplicates();
  a.versionOrders();
  a.dirtyUpdate();
  a.lostUpdate();
  a.buildGraph(orderNeeded(opts.consistencyModels));
  if (!a.anyEdge) a.anomalies.set("empty-transaction-graph", true);
  a.cycles();
  return a.result(opts.consistencyModels);
}

/**
 * The txn-list-append workload checker as Maelstrom runs it: Elle's
 * {@linkcode listAppend} as is (no wrapper). A checker error (unknown model,
 * malformed history, duplicate appends, an element nobody appended) yields
 * `"valid?": "unknown"` with `error`, as Jepsen's composed checker reports a
 * throwing checker.
 * @param history The run's history.
 * @param options Models (default strict-serializable).
 * @returns `{"valid?", "anomaly-types"?, anomalies?, not?, "also-not"?}` or
 *   `{"valid?": "unknown", error}`.
 * @example An unknown model name
 * ```ts
 * import { deepStrictEqual } from "node:assert";
 * import { txnListAppend } from "./list_append.ts";
 * const r = txnListAppend([], { consistencyModels: ["read-committed,serializable"] });
 * deepStrictEqual(r["valid?"], "unknown");
 * ```
 */
export function txnListAppend(
  history: readonly Op[],
  options: ListAppendOptions = {},
): CheckResult {
  try {
    return listAppend(history, options);
  } catch (e) {
    return { "valid?": "unknown", error: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * A linearizability checker for compare-and-set registers, one per key, as
 * Maelstrom's lin-kv workload checks them (Jepsen's `independent/checker`
 * over Knossos with `model/cas-register`, workloads.md lin-kv).
 *
 * History ops have `value: [key, v]`: `read` (`[k, null]` invoked, `[k, v]`
 * when ok), `write` (`[k, v]`) and `cas` (`[k, [from, to]]`). The history is
 * split per key (nemesis ops are ignored) and each key is checked against a
 * register whose initial value is `null`:
 *
 * - `write v` sets the value; `cas [from, to]` applies iff the value equals
 *   `from`; a read of `v` is legal iff `v` is the value **or `v` is null**
 *   (Knossos accepts null reads at any time);
 * - `:fail` ops never happened; `:info` ops (and invocations without a
 *   completion) may take effect once at any time after their invocation, or
 *   never; `:ok` ops took effect once between invocation and completion.
 *
 * The search is Lowe's just-in-time linearization: the history is replayed in
 * order, keeping every reachable configuration (register value, which open
 * ops are already linearized, how many `:info` ops of each kind are used);
 * ops are linearized only when a completion forces it. `:info` ops with the
 * same `f` and value are interchangeable, so they are counted, not named,
 * and a configuration that used more of them than another one with the same
 * value and open set is dropped (it can do nothing the other cannot); so is
 * a configuration that has not yet linearized an open read it could (a read
 * changes nothing). A work budget per key makes a pathological key
 * `:unknown` instead of hanging.
 * @module
 */

import {
  type CheckResult,
  clientOps,
  mergeValid,
  type Op,
  pairs,
  type Validity,
} from "../history.ts";
import { type ShownOp, showOp } from "./_util.ts";

export type { ShownOp } from "./_util.ts";

/** Options of {@linkcode linearizableKv} and {@linkcode checkCasRegister}. */
export interface LinearizableOptions {
  /**
   * Search work a key may do before its result becomes `unknown`: states
   * explored plus comparisons between configurations (default 50 000 000,
   * some seconds).
   */
  budget?: number;
}

/** The linearizability verdict of one key (Knossos's `:linearizable` map). */
export interface LinearizabilityResult extends CheckResult {
  /** Always `"jit"` (just-in-time linearization). */
  analyzer: "jit";
  /** Ops that constrain the register (ok writes, cas and non-null reads; info writes and cas). */
  "op-count": number;
  /** Search states explored. */
  "state-count": number;
  /** Invalid: the completion of the op that could not be linearized. */
  op?: ShownOp;
  /** Invalid: the last completion before it that could be linearized. */
  "previous-ok"?: ShownOp | null;
  /**
   * Invalid: every value the register could hold while the op was open, in
   * any order of the ops that may have taken effect by then.
   */
  values?: unknown[];
  /** Invalid or unknown: a human explanation. */
  explanation?: string;
}

/** The result of one key, as Jepsen's independent checker nests it. */
export interface KeyResult extends CheckResult {
  linearizable: LinearizabilityResult;
  /** Maelstrom's timeline checker (always valid; no timeline is drawn). */
  timeline: CheckResult;
}

/** The lin-kv workload result: `{valid?, results: {key: …}, failures: [keys]}`. */
export interface LinearizableKvResult extends CheckResult {
  results: Record<string, KeyResult>;
  /** Keys whose result is `false`, in key order. */
  failures: unknown[];
}

/** One op that constrains the register. */
interface RegOp {
  f: "read" | "write" | "cas";
  /** read: the value read; write: the value written; cas: `to` (value ids). */
  arg: number;
  /** cas only: `from` (value id). */
  from: number;
  /** Its bit in {@link Config.lin} while open. */
  slot: number;
  invoke: Op;
  completion?: Op;
}

/** A configuration of the search. */
interface Config {
  /** The register's value (value id; 0 is null). */
  value: number;
  /** Bits of the open ok ops already linearized. */
  lin: number;
  /** How many info ops of each class were linearized (index = class; missing = 0). */
  used: readonly number[];
}

/** Open ok ops a key may have at once (bits of {@link Config.lin}). */
const MAX_OPEN = 31;

/** The register's value after `op`, or -1 when `op` is illegal. */
function step(value: number, op: RegOp): number {
  switch (op.f) {
    case "write":
      return op.arg;
    case "cas":
      return value === op.from ? op.arg : -1;
    case "read":
      return value === op.arg ? value : -1;
  }
}

/** Whether `a` used no more of any info class than `b`. */
function dominates(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > (b[i] ?? 0)) return false;
  return true;
}

/** Configurations, keeping per (value, linearized set) only the least-used info counts. */
class ConfigSet {
  #groups = new Map<number, Config[]>();
  size = 0;
  /** Dominance comparisons made so far (search work). */
  comparisons = 0;

  /** Adds `c` unless a kept configuration dominates it; returns whether it was added. */
  add(c: Config): boolean {
    const k = c.value * 2 ** 32 + (c.lin >>> 0);
    const group = this.#groups.get(k);
    if (group === undefined) {
      this.#groups.set(k, [c]);
      this.size++;
      return true;
    }
    this.comparisons += 2 * group.length;
    for (const g of group) if (dominates(g.used, c.used)) return false;
    const kept = group.filter((g) => !dominates(c.used, g.used));
    this.size += kept.length + 1 - group.length;
    kept.push(c);
    this.#groups.set(k, kept);
    return true;
  }

  list(): Config[] {
    return [...this.#groups.values()].flat();
  }
}

function compareJson(a: string, b: string): number {
  if (a === b) return 0;
  if (a === "null") return -1;
  if (b === "null") return 1;
  const x = JSON.parse(a), y = JSON.parse(b);
  if (typeof x === "number" && typeof y === "number") return x - y;
  return a < b ? -1 : 1;
}

function seconds(ns: number): string {
  return `${(ns / 1e9).toFixed(3)} s`;
}

/**
 * Checks one key's history against a CAS register that starts at `null`.
 * @param history Ops of one key with their values unwrapped: `read` with the
 * value read, `write` with the value, `cas` with `[from, to]`.
 * @param options The search budget.
 * @param shown How to show an op in the result (default: as is).
 * @returns The verdict; when invalid, the op that cannot be linearized, the
 * values the register could hold while it was open, and an explanation.
 * @throws {TypeError} for an op with an unknown `f` or a malformed cas value.
 * @example A stale read
 * ```ts
 * import { checkCasRegister } from "./linearizable.ts";
 * import { history } from "./_testing.ts";
 * import assert from "node:assert";
 * const r = checkCasRegister(history([
 *   [0, "invoke", 0, "write", 1], [1, "ok", 0, "write", 1],
 *   [2, "invoke", 1, "read", null], [3, "ok", 1, "read", 0],
 * ]));
 * assert.equal(r["valid?"], false);
 * ```
 */
export function checkCasRegister(
  history: readonly Op[],
  options: LinearizableOptions = {},
  shown: (op: Op) => Op = (op) => op,
): LinearizabilityResult {
  const budget = options.budget ?? 50_000_000;
  // Values are interned: id 0 is null.
  const texts = ["null"];
  const ids = new Map([["null", 0]]);
  const intern = (v: unknown): number => {
    const t = JSON.stringify(v ?? null);
    let id = ids.get(t);
    if (id === undefined) {
      ids.set(t, id = texts.length);
      texts.push(t);
    }
    return id;
  };
  // Events in history order: ok ops open at their invocation and must be
  // linearized by their completion; info ops become available at their
  // invocation, forever, as one more use of their class (same f and values);
  // failed ops and null reads are left out.
  type Event = { kind: "open" | "close" | "info"; op: RegOp; at: number; cls: number };
  const events: Event[] = [];
  const classes = new Map<string, number>();
  const classOps: RegOp[] = [];
  let count = 0;
  for (const [invoke, completion] of pairs(clientOps(history))) {
    const type = completion?.type ?? "info";
    if (type === "fail") continue;
    let op: RegOp;
    switch (invoke.f) {
      case "read": {
        const v = completion?.value;
        if (type !== "ok" || v === null || v === undefined) continue;
        op = { f: "read", arg: intern(v), from: -1, slot: -1, invoke };
        break;
      }
      case "write":
        op = { f: "write", arg: intern(invoke.value), from: -1, slot: -1, invoke };
        break;
      case "cas": {
        const v = invoke.value;
        if (!Array.isArray(v) || v.length !== 2) {
          throw new TypeError(
            `Cannot check cas: value of op ${invoke.index} is not [from, to]: ${JSON.stringify(v)}`,
          );
        }
        op = { f: "cas", arg: intern(v[1]), from: intern(v[0]), slot: -1, invoke };
        break;
      }
      default:
        throw new TypeError(`Cannot check register op: unknown f "${invoke.f}"`);
    }
    count++;
    if (type === "ok") {
      op.completion = completion;
      events.push({ kind: "open", op, at: invoke.index, cls: -1 });
      events.push({ kind: "close", op, at: completion!.index, cls: -1 });
    } else {
      const key = `${op.f} ${op.from} ${op.arg}`;
      let cls = classes.get(key);
      if (cls === undefined) {
        classes.set(key, cls = classOps.length);
        classOps.push(op);
      }
      events.push({ kind: "info", op, at: invoke.index, cls });
    }
  }
  events.sort((a, b) => a.at - b.at);

  const available: number[] = [];
  const open: RegOp[] = [];
  let slots = 0;
  // Bits of the open ok reads, by the value they read. A read that is legal
  // in a configuration is linearized at once: that configuration can do
  // everything the one without it can (a read does not change the value).
  const reads = new Map<number, number>();
  const saturate = (value: number, lin: number) => lin | (reads.get(value) ?? 0);
  // Values the register could hold (in configurations that had not yet
  // linearized the op) while each open op was open, for explanations.
  const seen = new Map<RegOp, Set<number>>();
  let configs: Config[] = [{ value: 0, lin: 0, used: [] }];
  let explored = 0;
  let work = 0;
  let previousOk: Op | null = null;
  const base = { analyzer: "jit" as const, "op-count": count };
  const unknown = (explanation: string): LinearizabilityResult => ({
    "valid?": "unknown",
    ...base,
    "state-count": explored,
    explanation,
  });

  for (const ev of events) {
    const o = ev.op;
    if (ev.kind === "info") {
      available[ev.cls] = (available[ev.cls] ?? 0) + 1;
      continue;
    }
    if (ev.kind === "open") {
      let slot = 0;
      while (slot < MAX_OPEN && (slots & (1 << slot)) !== 0) slot++;
      if (slot === MAX_OPEN) {
        return unknown(`More than ${MAX_OPEN} operations open at once at history index ${ev.at}`);
      }
      slots |= 1 << slot;
      o.slot = slot;
      open.push(o);
      if (o.f === "read") reads.set(o.arg, (reads.get(o.arg) ?? 0) | (1 << slot));
      seen.set(o, new Set(configs.map((c) => c.value)));
      continue;
    }
    // A completion: every configuration must have linearized `o` by now.
    const bit = 1 << o.slot;
    const next = new ConfigSet();
    const visited = new ConfigSet();
    const values = new Set<number>();
    const stack: Config[] = [];
    // A configuration reached (reads saturated): done if it linearized `o`.
    const reach = (value: number, lin: number, used: readonly number[]) => {
      lin = saturate(value, lin);
      if ((lin & bit) !== 0) next.add({ value, lin: lin & ~bit, used });
      else {
        const t: Config = { value, lin, used };
        if (visited.add(t)) stack.push(t);
      }
    };
    for (const c of configs) reach(c.value, c.lin, c.used);
    while (stack.length > 0) {
      const s = stack.pop()!;
      explored++;
      if (work + explored + visited.comparisons + next.comparisons > budget) {
        return unknown(
          `Search budget of ${budget} steps exhausted at history index ${o.completion!.index}`,
        );
      }
      values.add(s.value);
      for (const p of open) {
        if ((s.lin & (1 << p.slot)) !== 0) continue;
        const v = step(s.value, p);
        if (v >= 0) reach(v, s.lin | (1 << p.slot), s.used);
      }
      for (let i = 0; i < classOps.length; i++) {
        if ((s.used[i] ?? 0) >= (available[i] ?? 0)) continue;
        const v = step(s.value, classOps[i]);
        // An info op that leaves the value as it is only uses itself up.
        if (v < 0 || v === s.value) continue;
        const used = Array.from(
          { length: Math.max(s.used.length, i + 1) },
          (_, j) => s.used[j] ?? 0,
        );
        used[i]++;
        reach(v, s.lin, used);
      }
    }
    for (const set of seen.values()) for (const v of values) set.add(v);
    if (next.size === 0) {
      const possible = [...seen.get(o)!].map((v) => texts[v]).sort(compareJson);
      const c = o.completion!;
      const what = o.f === "cas"
        ? `cas from ${texts[o.from]} to ${texts[o.arg]}`
        : o.f === "read"
        ? `read of ${texts[o.arg]}`
        : `write of ${texts[o.arg]}`;
      return {
        "valid?": false,
        ...base,
        "state-count": explored,
        op: showOp(shown(c)),
        "previous-ok": previousOk === null ? null : showOp(shown(previousOk)),
        values: possible.map((v) => JSON.parse(v)),
        explanation: `${what} by process ${c.process} (invoked at ${seconds(o.invoke.time)}, ` +
          `ok at ${seconds(c.time)}, history index ${c.index}) cannot be linearized: while it ` +
          `was open the register could only hold ${possible.join(" or ")} (in every order of ` +
          `the operations that may have taken effect), never ${
            texts[o.f === "cas" ? o.from : o.arg]
          }`,
      };
    }
    work += visited.comparisons + next.comparisons;
    configs = next.list();
    open.splice(open.indexOf(o), 1);
    slots &= ~bit;
    if (o.f === "read") reads.set(o.arg, reads.get(o.arg)! & ~bit);
    seen.delete(o);
    previousOk = o.completion!;
  }
  return { "valid?": true, ...base, "state-count": explored };
}

function keyOrder(a: unknown, b: unknown): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  const x = JSON.stringify(a), y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Checks a lin-kv history: splits it per key (values `[key, v]`) and checks
 * each key with {@linkcode checkCasRegister}.
 * @param history The run's history (nemesis ops are ignored).
 * @param options The search budget per key.
 * @returns `{valid?, results: {key: {linearizable, timeline, valid?}}, failures}`;
 * valid is false if any key is invalid, else unknown if any key is unknown.
 * @throws {TypeError} for a client op whose value is not a `[key, v]` pair.
 * @example A write, then a read of it
 * ```ts
 * import { linearizableKv } from "./linearizable.ts";
 * import { history } from "./_testing.ts";
 * import assert from "node:assert";
 * const r = linearizableKv(history([
 *   [0, "invoke", 0, "write", [0, 3]], [1, "ok", 0, "write", [0, 3]],
 *   [2, "invoke", 1, "read", [0, null]], [3, "ok", 1, "read", [0, 3]],
 * ]));
 * assert.equal(r["valid?"], true);
 * ```
 */
export function linearizableKv(
  history: readonly Op[],
  options: LinearizableOptions = {},
): LinearizableKvResult {
  const byKey = new Map<string, { key: unknown; ops: Op[]; originals: Map<Op, Op> }>();
  for (const op of clientOps(history)) {
    if (!Array.isArray(op.value) || op.value.length !== 2) {
      throw new TypeError(
        `Cannot check lin-kv: value of op ${op.index} is not a [key, value] pair: ${
          JSON.stringify(op.value)
        }`,
      );
    }
    const [key, v] = op.value;
    const k = JSON.stringify(key);
    let sub = byKey.get(k);
    if (sub === undefined) byKey.set(k, sub = { key, ops: [], originals: new Map() });
    const unwrapped = { ...op, value: v };
    sub.ops.push(unwrapped);
    sub.originals.set(unwrapped, op);
  }
  const keys = [...byKey.values()].sort((a, b) => keyOrder(a.key, b.key));
  const results: Record<string, KeyResult> = {};
  const failures: unknown[] = [];
  const valids: Validity[] = [];
  for (const { key, ops, originals } of keys) {
    const lin = checkCasRegister(ops, options, (op) => originals.get(op) ?? op);
    results[typeof key === "string" ? key : JSON.stringify(key)] = {
      "valid?": lin["valid?"],
      linearizable: lin,
      timeline: { "valid?": true },
    };
    if (lin["valid?"] === false) failures.push(key);
    valids.push(lin["valid?"]);
  }
  return { "valid?": mergeValid(valids), results, failures };
}

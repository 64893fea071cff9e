/**
 * A linearizability checker for compare-and-set registers, one per key, as
 * Maelstrom's lin-kv workload checks them (Jepsen's `independent/checker`
 * over Knossos with `model/cas-register`; see `src/maelstrom/workload/lin_kv.clj` in
 * https://github.com/jepsen-io/maelstrom).
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
 * The search (`_register_search.ts`) replays the history completion by
 * completion, linearizing ops only when a completion forces it (Lowe's
 * just-in-time linearization), over configurations of register value, open
 * ops already linearized and `:info` ops used (counted per class: identical
 * `:info` ops are interchangeable). Two exact searches take turns until one
 * decides: breadth first (every configuration; explains a failure with the
 * values the register could hold) and depth first with memoization (finds a
 * linearization fast when configurations are many, as with many concurrent
 * writes). A work budget per key makes a pathological key `:unknown`
 * instead of hanging; it is far above what the lin-kv matrix of `make
 * lin-kv` needs.
 * @module
 */

import { type CheckResult, clientOps, mergeValid, type Op, type Validity } from "../history.ts";
import { type ShownOp, showOp } from "./_util.ts";
import {
  breadthFirst,
  depthFirst,
  type Outcome,
  prepare,
  type Prepared,
  type Work,
} from "./_register_search.ts";

export type { ShownOp } from "./_util.ts";

/** Options of {@linkcode linearizableKv} and {@linkcode checkCasRegister}. */
export interface LinearizableOptions {
  /**
   * Search work a key may do before its result becomes `unknown`:
   * configurations expanded plus comparisons between configurations, over
   * both searches (default 400 000 000, about a minute).
   */
  budget?: number;
  /**
   * Which search decides: both in turn (default), or one alone (for tests
   * and comparisons).
   */
  search?: "both" | "breadth" | "depth";
}

/** The linearizability verdict of one key (Knossos's `:linearizable` map). */
export interface LinearizabilityResult extends CheckResult {
  /** `"jit"` (just-in-time linearization), with the search that decided: `"breadth"` or `"depth"`. */
  analyzer: "jit";
  search?: "breadth" | "depth";
  /** Ops that constrain the register (ok writes, cas and non-null reads; info writes and cas). */
  "op-count": number;
  /** Search work done, both searches: configurations expanded plus comparisons. */
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
  const budget = options.budget ?? 400_000_000;
  const p = prepare(history);
  const base = { analyzer: "jit" as const, "op-count": p.count };
  if (p.tooWide !== undefined) {
    return { "valid?": "unknown", ...base, "state-count": 0, explanation: p.tooWide };
  }
  const work: Work = { units: 0, slice: Math.min(20_000, Math.max(1, budget)), mark: 0 };
  const which = options.search ?? "both";
  const searches: Array<{ name: "breadth" | "depth"; run: Generator<void, Outcome> }> = [];
  if (which !== "breadth") searches.push({ name: "depth", run: depthFirst(p, work) });
  if (which !== "depth") searches.push({ name: "breadth", run: breadthFirst(p, work) });
  let proof: { name: "breadth" | "depth"; outcome: Outcome } | undefined;
  // Take turns, a slice of work each, until one decides; a failure found depth
  // first lets breadth first go on (alone) for its explanation.
  while (searches.length > 0) {
    for (let i = 0; i < searches.length; i++) {
      const r = searches[i].run.next();
      if (!r.done) continue;
      if (r.value.valid || searches[i].name === "breadth") {
        return verdict(p, r.value, searches[i].name, work.units, base, shown);
      }
      proof = { name: "depth", outcome: r.value };
      searches.splice(i--, 1);
    }
    if (work.units > budget) {
      if (proof !== undefined) {
        return verdict(p, proof.outcome, proof.name, work.units, base, shown);
      }
      return {
        "valid?": "unknown",
        ...base,
        "state-count": work.units,
        explanation: `Search budget of ${budget} steps exhausted`,
      };
    }
  }
  return verdict(p, proof!.outcome, proof!.name, work.units, base, shown);
}

/** The result for a decided search. */
function verdict(
  p: Prepared,
  outcome: Outcome,
  search: "breadth" | "depth",
  work: number,
  base: { analyzer: "jit"; "op-count": number },
  shown: (op: Op) => Op,
): LinearizabilityResult {
  if (outcome.valid) return { "valid?": true, ...base, search, "state-count": work };
  const { texts } = p;
  const o = p.steps[outcome.step].op;
  const previous = outcome.step > 0 ? p.steps[outcome.step - 1].op.completion! : null;
  const c = o.completion!;
  const what = o.f === "cas"
    ? `cas from ${texts[o.from]} to ${texts[o.arg]}`
    : o.f === "read"
    ? `read of ${texts[o.arg]}`
    : `write of ${texts[o.arg]}`;
  const possible = outcome.values?.map((v) => texts[v]).sort(compareJson);
  const holds = possible === undefined
    ? "no order of the operations that may have taken effect by then allows it"
    : `while it was open the register could only hold ${possible.join(" or ")} (in every order ` +
      `of the operations that may have taken effect), never ${
        texts[o.f === "cas" ? o.from : o.arg]
      }`;
  return {
    "valid?": false,
    ...base,
    search,
    "state-count": work,
    op: showOp(shown(c)),
    "previous-ok": previous === null ? null : showOp(shown(previous)),
    ...(possible === undefined ? {} : { values: possible.map((v) => JSON.parse(v)) }),
    explanation: `${what} by process ${c.process} (invoked at ${seconds(o.invoke.time)}, ` +
      `ok at ${seconds(c.time)}, history index ${c.index}) cannot be linearized: ${holds}`,
  };
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

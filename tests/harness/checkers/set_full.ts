/**
 * Jepsen's `set-full` checker, as Maelstrom runs it for broadcast (with
 * `:broadcast` as the add) and g-set (linearizable? false).
 * @module
 */

import { type CheckResult, clientOps, type Op, type Process } from "../history.ts";
import { compareValues, frequencyDistribution, nanosToWholeMs, SET_FULL_POINTS } from "./_util.ts";

/** Options of {@linkcode setFull}. */
export interface SetFullOptions {
  /** The `:f` of the operations that add one element (`"add"`; broadcast: `"broadcast"`). */
  addF?: string;
  /** The `:f` of the operations that read the whole set (`"read"`). */
  readF?: string;
}

/** What set-full knows about one element. */
interface ElementState {
  element: unknown;
  /** The first ok completion (add or read) that showed the element exists. */
  known?: Op;
  /** The read invocation with the highest index whose read saw the element. */
  lastPresent?: Op;
  /** The read invocation with the highest index whose read missed the element. */
  lastAbsent?: Op;
}

/** One element's outcome, as Jepsen's `set-full-element-results` reports it. */
export interface SetFullElementResult {
  /** The element. */
  element: unknown;
  /** Whether it was stable, lost or never read after it was known. */
  outcome: "stable" | "lost" | "never-read";
  /** Stable elements: ms from known until the last absent read's invocation (0 if none). */
  "stable-latency": number | null;
  /** Lost elements: ms from known until the last present read's invocation (0 if none). */
  "lost-latency": number | null;
  /** The first ok completion that showed the element exists. */
  known: Op | null;
  /** The invocation of the last read that missed the element. */
  "last-absent": Op | null;
}

/** The elements a read returned: its completion value (an array). */
function readElements(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    for (const key of ["messages", "value", "elements"]) {
      if (Array.isArray(o[key])) return o[key] as unknown[];
    }
  }
  return undefined;
}

function elementResult(e: ElementState): SetFullElementResult {
  const { known, lastPresent, lastAbsent } = e;
  const absentIndex = lastAbsent?.index ?? -1;
  const presentIndex = lastPresent?.index ?? -1;
  const stable = lastPresent !== undefined && absentIndex < presentIndex;
  const lost = known !== undefined && lastAbsent !== undefined &&
    presentIndex < absentIndex && known.index < lastAbsent.index;
  const latency = (since: Op | undefined) =>
    nanosToWholeMs(Math.max(0, (since ? since.time + 1 : 0) - known!.time));
  return {
    element: e.element,
    outcome: stable ? "stable" : lost ? "lost" : "never-read",
    "stable-latency": stable ? latency(lastAbsent) : null,
    "lost-latency": lost ? latency(lastPresent) : null,
    known: known ?? null,
    "last-absent": lastAbsent ?? null,
  };
}

function sortedElements(rs: SetFullElementResult[]): unknown[] {
  return rs.map((r) => r.element).sort(compareValues);
}

/**
 * Checks a grow-only set history the way Jepsen's `set-full` does: every
 * element whose add was invoked is tracked through the ok reads completed
 * after that invocation; an element is *stable* when the last read (by
 * invocation index) that saw it was invoked after the last read that missed
 * it, *lost* when a read invoked after both its acknowledgement and the last
 * read that saw it missed it, and *never-read* otherwise. Stable elements
 * with a positive stable latency are *stale* (allowed).
 *
 * Reads are ops with `f: "read"` whose ok completion `value` is the array of
 * elements (broadcast's `messages`, g-set's `value`).
 *
 * @param history The run's history.
 * @param options Which `:f` adds an element.
 * @returns `valid?` false if an element was lost, `"unknown"` if none was
 * stable, else true; with Maelstrom's counts, element lists and latency
 * quantiles (whole milliseconds).
 * @throws {IncomparableError} If the elements cannot be sorted (mixed kinds).
 *
 * @example Two broadcasts, both in the final read
 * ```ts
 * import assert from "node:assert/strict";
 * import { setFull } from "./set_full.ts";
 * const ms = 1_000_000;
 * const r = setFull([
 *   { index: 0, time: 0, type: "invoke", process: 0, f: "broadcast", value: 1 },
 *   { index: 1, time: 1 * ms, type: "ok", process: 0, f: "broadcast", value: 1 },
 *   { index: 2, time: 2 * ms, type: "invoke", process: 1, f: "read", value: null },
 *   { index: 3, time: 3 * ms, type: "ok", process: 1, f: "read", value: [1] },
 * ], { addF: "broadcast" });
 * assert.deepEqual([r["valid?"], r["stable-count"], r["lost-count"]], [true, 1, 0]);
 * ```
 */
export function setFull(history: readonly Op[], options: SetFullOptions = {}): CheckResult {
  const addF = options.addF ?? "add";
  const readF = options.readF ?? "read";
  const elements = new Map<unknown, ElementState>();
  // Dense slots for the elements, so that a read marks what it saw by stamping
  // slots instead of building a set of its (possibly huge) value.
  const slot = new Map<unknown, number>();
  const states: ElementState[] = [];
  let stamps = new Uint32Array(64);
  let readNo = 0;
  const open = new Map<Process, Op>();

  for (const op of clientOps(history)) {
    if (op.type === "invoke") open.set(op.process, op);
    const inv = op.type === "invoke" ? op : open.get(op.process);
    if (op.type !== "invoke") open.delete(op.process);

    if (op.f === addF) {
      if (op.type === "invoke") {
        const state: ElementState = { element: op.value };
        const i = slot.get(op.value);
        if (i === undefined) {
          slot.set(op.value, states.length);
          states.push(state);
        } else {
          states[i] = state;
        }
        elements.set(op.value, state);
      } else if (op.type === "ok") {
        const e = elements.get(inv?.f === addF ? inv.value : op.value);
        if (e !== undefined) e.known ??= op;
      }
    } else if (op.f === readF && op.type === "ok" && inv !== undefined) {
      readNo++;
      if (stamps.length < states.length) {
        const grown = new Uint32Array(Math.max(states.length, stamps.length * 2));
        grown.set(stamps);
        stamps = grown;
      }
      for (const v of readElements(op.value) ?? []) {
        const i = slot.get(v);
        if (i !== undefined) stamps[i] = readNo;
      }
      for (let i = 0; i < states.length; i++) {
        const e = states[i];
        if (stamps[i] === readNo) {
          e.known ??= op;
          if (e.lastPresent === undefined || e.lastPresent.index < inv.index) {
            e.lastPresent = inv;
          }
        } else if (e.lastAbsent === undefined || e.lastAbsent.index < inv.index) {
          e.lastAbsent = inv;
        }
      }
    }
  }

  const results = [...elements.values()]
    .sort((a, b) => compareValues(a.element, b.element))
    .map(elementResult);
  const stable = results.filter((r) => r.outcome === "stable");
  const lost = results.filter((r) => r.outcome === "lost");
  const neverRead = results.filter((r) => r.outcome === "never-read");
  const stale = stable.filter((r) => r["stable-latency"]! > 0);
  // Jepsen: (reverse (sort-by :stable-latency stale)), then the first 8.
  const worstStale = stale
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r["stable-latency"]! - a.r["stable-latency"]!) || b.i - a.i)
    .slice(0, 8)
    .map(({ r }) => r);
  const stableLatencies = results.flatMap((r) =>
    r["stable-latency"] === null ? [] : [r["stable-latency"]]
  );
  const lostLatencies = results.flatMap((r) =>
    r["lost-latency"] === null ? [] : [r["lost-latency"]]
  );

  const out: CheckResult = {
    "valid?": lost.length > 0 ? false : stable.length === 0 ? "unknown" : true,
    "attempt-count": results.length,
    "stable-count": stable.length,
    "lost-count": lost.length,
    lost: sortedElements(lost),
    "never-read-count": neverRead.length,
    "never-read": sortedElements(neverRead),
    "stale-count": stale.length,
    stale: sortedElements(stale),
    "worst-stale": worstStale,
  };
  const stableQ = frequencyDistribution(SET_FULL_POINTS, stableLatencies);
  if (stableQ) out["stable-latencies"] = stableQ;
  const lostQ = frequencyDistribution(SET_FULL_POINTS, lostLatencies);
  if (lostQ) out["lost-latencies"] = lostQ;
  out["duplicated-count"] = 0;
  out.duplicated = {};
  return out;
}

/**
 * The bench's JSON-shaped ops and results as the EDN values Maelstrom
 * prints: `:type`, `:f` and `:error` names become keywords, the nemesis is
 * `:nemesis`, micro-ops of txn and kafka values start with a keyword
 * (`[:append 9 1]`, `[:send "7" 3]`), partition grudges are maps of node to
 * set, `final` is `:final?`, numbers that Maelstrom computes as floats
 * (`:msgs-per-op`, `:ok-fraction`) print as doubles, and ops inside results
 * print as Jepsen's `#jepsen.history.Op{…}` records.
 *
 * Which strings are keywords cannot be read off JSON; the rules below are
 * the ones Maelstrom's workloads and checkers follow (its source:
 * src/maelstrom/workload/*.clj, jepsen.tests.*, elle).
 * @module
 */

import type { Op } from "../history.ts";
import { Double, EdnList, EdnMap, EdnSet, kw, pr, Tagged } from "./edn.ts";

/** How a workload's op values become EDN. */
export interface ValueStyle {
  /** Micro-ops (`["r", 1, null]`) start with a keyword: txn workloads and kafka. */
  microOps: boolean;
  /** JSON object keys stay strings (kafka's topic keys), instead of becoming keywords. */
  stringKeys: boolean;
}

/**
 * The value style of a workload.
 * @param workload The workload name.
 * @returns How its op values print.
 */
export function valueStyle(workload: string): ValueStyle {
  const microOps = workload.startsWith("txn") || workload === "kafka";
  return { microOps, stringKeys: workload === "kafka" };
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** A JSON value, with object keys as keywords (or strings, per `style`). */
function json(v: unknown, style: ValueStyle): unknown {
  if (Array.isArray(v)) return v.map((x) => json(x, style));
  if (isObject(v)) {
    return new EdnMap(
      Object.entries(v).map(([k, x]) => [style.stringKeys ? k : kw(k), json(x, style)]),
    );
  }
  return v;
}

/**
 * A client op's value as the workload's history holds it.
 * @param value The JSON value.
 * @param style The workload's style.
 * @returns The EDN value.
 */
export function opValue(value: unknown, style: ValueStyle): unknown {
  if (style.microOps && Array.isArray(value)) {
    return value.map((m) =>
      Array.isArray(m) && typeof m[0] === "string"
        ? [kw(m[0]), ...m.slice(1).map((x) => json(x, style))]
        : json(m, style)
    );
  }
  return json(value, style);
}

/** A nemesis op's value: `:majority`, `[:isolated {"n1" #{"n2"}}]`, `:network-healed`, `nil`. */
function nemesisValue(value: unknown): unknown {
  if (typeof value === "string") return kw(value);
  if (Array.isArray(value) && typeof value[0] === "string" && isObject(value[1])) {
    const grudge = Object.entries(value[1]).map(([node, drops]) =>
      [node, new EdnSet(Array.isArray(drops) ? drops : [])] as const
    );
    return [kw(value[0]), new EdnMap(grudge), ...value.slice(2)];
  }
  return json(value, { microOps: false, stringKeys: true });
}

/**
 * An op's `:error`: `:net-timeout`, `[:temporarily-unavailable "text"]`, or
 * a string (`"indeterminate: …"`).
 * @param error The bench's error.
 * @returns The EDN value.
 */
export function opError(error: unknown): unknown {
  if (error === "net-timeout") return kw("net-timeout");
  if (Array.isArray(error) && typeof error[0] === "string") {
    return [kw(error[0]), ...error.slice(1)];
  }
  return json(error, { microOps: false, stringKeys: false });
}

/** Op fields Maelstrom's history does not have (the bench's error code). */
const HIDDEN = new Set(["index", "time", "type", "process", "f", "value", "code"]);

/**
 * An op's fields in history order (`:index :time :type :process :f
 * :value`, then `:error`, `:final?`, `:exception` and any other).
 * @param op The op (extra fields allowed).
 * @param style The workload's value style.
 * @returns Key-value pairs.
 */
export function opEntries(
  op: Op | Record<string, unknown>,
  style: ValueStyle,
): Array<readonly [unknown, unknown]> {
  const o = op as Record<string, unknown>;
  const nemesis = o.process === "nemesis";
  const entries: Array<readonly [unknown, unknown]> = [
    [kw("index"), o.index],
    [kw("time"), o.time],
    [kw("type"), kw(String(o.type))],
    [kw("process"), nemesis ? kw("nemesis") : o.process],
    [kw("f"), kw(String(o.f))],
    [kw("value"), nemesis ? nemesisValue(o.value) : opValue(o.value, style)],
  ];
  for (const [k, v] of Object.entries(o)) {
    if (HIDDEN.has(k) || v === undefined) continue;
    if (k === "error") entries.push([kw("error"), opError(v)]);
    else if (k === "final") entries.push([kw("final?"), v]);
    else if (k === "exception") entries.push([kw("exception"), exception(v)]);
    else entries.push([kw(k), json(v, style)]);
  }
  return entries;
}

/** Jepsen keeps a thrown exception as Clojure's `Throwable->map`; the bench keeps its message. */
function exception(v: unknown): unknown {
  if (typeof v !== "string") return json(v, { microOps: false, stringKeys: false });
  return new EdnMap([[kw("via"), [new EdnMap([[kw("message"), v]])]], [kw("cause"), v]]);
}

/**
 * An op as a line of `history.edn` prints it (a plain map).
 * @param op The op.
 * @param style The workload's value style.
 * @returns The EDN map.
 */
export function ednOp(op: Op, style: ValueStyle): EdnMap {
  return new EdnMap(opEntries(op, style));
}

/** Whether a JSON object is an op shown inside results. */
function isOp(v: Record<string, unknown>): boolean {
  return typeof v.index === "number" && typeof v.type === "string" && "process" in v &&
    typeof v.f === "string";
}

/** Result keys whose string values are keywords. */
const KEYWORD_VALUES = new Set([
  "type",
  "f",
  "outcome",
  "analyzer",
  "anomaly-types",
  "subgraph",
  "model",
  "rel",
]);
/** Result keys whose arrays are sets of keywords. */
const KEYWORD_SETS = new Set(["not", "also-not"]);
/** Result keys Maelstrom computes as Java floats or doubles. */
const DOUBLES = new Set(["msgs-per-op", "ok-fraction", "lag"]);
/** Result keys whose sequences Jepsen prints as lists. */
const LISTS = new Set([
  "lost",
  "stale",
  "never-read",
  "worst-stale",
  "configs",
  "final-paths",
  "final-reads",
  "acceptable",
  "bad-error-types",
  "error-types",
  "info-txn-causes",
]);

function keyword(v: unknown): unknown {
  if (typeof v === "string") return kw(v);
  if (Array.isArray(v)) return v.map(keyword);
  return v;
}

/** A result map key: a number when it reads as one (lin-kv keys, quantile points), else a keyword. */
function resultKey(k: string, style: ValueStyle): unknown {
  if (/^-?\d+(\.\d+)?$/.test(k) && !style.stringKeys) return Number(k);
  if (style.stringKeys && /^-?\d+$/.test(k)) return k;
  return kw(k);
}

/**
 * A results map (or part of one) as `results.edn` prints it.
 * @param value The JSON results.
 * @param workload The workload (for op values and key styles).
 * @returns The EDN value.
 */
export function ednResults(value: unknown, workload: string): unknown {
  const style = valueStyle(workload);
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) {
      if (key !== undefined && KEYWORD_SETS.has(key)) return new EdnSet(v.map(keyword));
      if (key !== undefined && KEYWORD_VALUES.has(key)) return keyword(v);
      const items = v.map((x) => walk(x));
      return key !== undefined && LISTS.has(key) ? new EdnList(items) : items;
    }
    if (isObject(v)) {
      if (isOp(v)) return new Tagged("jepsen.history.Op", new EdnMap(opEntries(v, style)));
      return new EdnMap(Object.entries(v).map(([k, x]) => [resultKey(k, style), walk(x, k)]));
    }
    if (typeof v === "string") {
      if (key === "valid?" || key === "process" && v === "nemesis") return kw(v);
      if (key === "error" && v === "net-timeout") return kw(v);
      if (key !== undefined && KEYWORD_VALUES.has(key)) return kw(v);
      return v;
    }
    if (typeof v === "number" && key !== undefined && DOUBLES.has(key)) return new Double(v);
    return v;
  };
  return walk(value);
}

/** An op's fields already printed (`pr`), for the writers that print every op. */
export interface PrintedOp {
  process: string;
  type: string;
  f: string;
  value: string;
  /** `:error`, `:final?`, … as `[":key", "printed value"]`. */
  extras: Array<readonly [string, string]>;
}

const PRINTED = new Map<string, WeakMap<object, PrintedOp>>();

/**
 * An op printed once and remembered: `history.edn`, `history.txt` and
 * `jepsen.log` all print every op, and printing big values (kafka polls)
 * is most of their cost.
 * @param op The op.
 * @param style The workload's value style.
 * @returns The printed fields.
 */
export function printedOp(op: Op, style: ValueStyle): PrintedOp {
  const styleKey = `${style.microOps}${style.stringKeys}`;
  let memo = PRINTED.get(styleKey);
  if (memo === undefined) PRINTED.set(styleKey, memo = new WeakMap());
  let p = memo.get(op);
  if (p === undefined) {
    const e = opEntries(op, style);
    p = {
      process: pr(e[3][1]),
      type: pr(e[2][1]),
      f: pr(e[4][1]),
      value: pr(e[5][1]),
      extras: e.slice(6).map(([k, v]) => [pr(k), pr(v)] as const),
    };
    memo.set(op, p);
  }
  return p;
}

/**
 * Internal helpers shared by the checkers: Jepsen's quantile rule, Java's
 * `float` rounding, Clojure's `compare` and value equality, and how results
 * show an op.
 * @module
 */

import type { Op } from "../history.ts";

/** An op as results show it. */
export interface ShownOp {
  index: number;
  time: number;
  type: Op["type"];
  process: Op["process"];
  f: string;
  value: unknown;
}

/**
 * An op as results show it: its index, time, type, process, f and value.
 * @param op The op.
 * @returns A copy of those fields.
 */
export function showOp(op: Op): ShownOp {
  return {
    index: op.index,
    time: op.time,
    type: op.type,
    process: op.process,
    f: op.f,
    value: op.value,
  };
}

/** The quantile points Jepsen's set-full reports (`0, 0.5, 0.95, 0.99, 1`). */
export const SET_FULL_POINTS: readonly number[] = [0, 0.5, 0.95, 0.99, 1];

/**
 * Jepsen's `frequency-distribution`: the value at sorted index
 * `min(n − 1, floor(n · q))` for each point, keyed by the point as printed
 * (`"0"`, `"0.5"`, …). Returns `undefined` for an empty collection.
 */
export function frequencyDistribution(
  points: readonly number[],
  values: readonly number[],
): Record<string, number> | undefined {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  const out: Record<string, number> = {};
  for (const q of points) out[String(q)] = quantile(sorted, q);
  return out;
}

/** The element at index `min(n − 1, floor(n · q))` of an ascending array. */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  return sorted[Math.min(n - 1, Math.floor(n * q))];
}

/**
 * A ratio as Clojure's `(float x)` yields it: rounded to a 32-bit float and
 * then written as the shortest decimal that rounds back to the same float
 * (so `(float 178/34)` reads `5.2352943`, as `results.edn` prints it).
 */
export function float32(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || Number.isInteger(f)) return f;
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(f.toPrecision(digits));
    if (Math.fround(candidate) === f) return candidate;
  }
  return f;
}

/** Thrown where Clojure's `compare` would throw a ClassCastException. */
export class IncomparableError extends TypeError {
  constructor(a: unknown, b: unknown) {
    super(
      `Cannot compare values of different kinds: ${JSON.stringify(a)} and ${JSON.stringify(b)}`,
    );
    this.name = "IncomparableError";
  }
}

function kind(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (Array.isArray(v)) return "vector";
  return typeof v;
}

/**
 * Clojure's `compare` on JSON values: `nil` sorts first; numbers, strings
 * (UTF-16 order) and booleans compare among themselves; vectors by length,
 * then element-wise. Anything else (a number against a string, a JSON object)
 * throws an {@linkcode IncomparableError}, as the JVM throws a
 * ClassCastException.
 */
export function compareValues(a: unknown, b: unknown): number {
  const ka = kind(a), kb = kind(b);
  if (ka === "nil" || kb === "nil") {
    return ka === kb ? 0 : ka === "nil" ? -1 : 1;
  }
  if (ka !== kb) throw new IncomparableError(a, b);
  switch (ka) {
    case "number":
    case "string":
    case "bigint":
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case "boolean":
      return Number(a) - Number(b);
    case "vector": {
      const x = a as unknown[], y = b as unknown[];
      if (x.length !== y.length) return x.length - y.length;
      for (let i = 0; i < x.length; i++) {
        const c = compareValues(x[i], y[i]);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      throw new IncomparableError(a, b);
  }
}

/**
 * A string identifying a JSON value up to equality (object keys sorted), for
 * use as a Map key.
 */
export function valueKey(v: unknown): string {
  if (typeof v !== "object" || v === null) {
    return typeof v === "string" ? JSON.stringify(v) : String(v);
  }
  if (Array.isArray(v)) return `[${v.map(valueKey).join(",")}]`;
  const o = v as Record<string, unknown>;
  return `{${
    Object.keys(o).sort().map((k) => `${JSON.stringify(k)}:${valueKey(o[k])}`).join(",")
  }}`;
}

/** Structural equality of JSON values (Clojure's `=` on parsed JSON). */
export function valueEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) {
    return (a ?? null) === (b ?? null);
  }
  return valueKey(a) === valueKey(b);
}

/** Nanoseconds to whole milliseconds, truncated (Jepsen's `(long (nanos->ms x))`). */
export function nanosToWholeMs(nanos: number): number {
  return Math.trunc(nanos / 1e6);
}

/** The message of a thrown value. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}

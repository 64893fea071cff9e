/**
 * Structural JSON equality and Clojure-style printing, for the services.
 * (JSON parsing in JavaScript cannot tell `1` from `1.0`; Maelstrom can.)
 * @module
 */

/**
 * A canonical string for a JSON value: equal strings ⇔ structurally equal
 * values (object keys sorted).
 * @param value Any JSON value.
 * @returns The canonical form.
 * @example
 * ```ts
 * import { canonical } from "./json.ts";
 * import assert from "node:assert";
 * assert.equal(canonical({ b: 1, a: [2] }), canonical({ a: [2], b: 1 }));
 * assert.notEqual(canonical("1"), canonical(1));
 * ```
 */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Structural JSON equality. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  return a === b || canonical(a) === canonical(b);
}

/** Roughly Clojure's `pr-str` of a parsed JSON value (for error texts). */
export function prStr(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (Array.isArray(value)) return `[${value.map(prStr).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)} ${prStr(v)}`).join(", ")}}`;
  }
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

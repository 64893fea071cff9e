/**
 * Prints JSON values the way Clojure's `pr-str` prints them once Maelstrom
 * has parsed them (keyword keys), for message labels.
 * @module
 */

/** `pr-str` of a parsed JSON value: `{:message 17, :ids [1 2]}`, `nil`, `"s"`. */
export function edn(value: unknown): string {
  if (value === null || value === undefined) return "nil";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value !== "object") return String(value);
  if (Array.isArray(value)) return `[${value.map(edn).join(" ")}]`;
  const parts = Object.entries(value as Record<string, unknown>).map(([k, v]) => `:${k} ${edn(v)}`);
  return `{${parts.join(", ")}}`;
}

/**
 * Prints JSON values the way Clojure's `pr-str` prints them once Maelstrom
 * has parsed them (keyword keys), for message labels.
 * @module
 */

/**
 * `pr-str` of a parsed JSON value: `{:message 17, :ids [1 2]}`, `nil`, `"s"`.
 * With a `limit`, printing stops soon after that many characters and the
 * result ends in `…` (for labels and titles of huge bodies).
 *
 * @param value A parsed JSON value.
 * @param limit The most characters wanted (default: no limit).
 * @returns The printed value.
 */
export function edn(value: unknown, limit = Infinity): string {
  const out: string[] = [];
  let length = 0;
  const emit = (s: string) => {
    out.push(s);
    length += s.length;
    return length <= limit;
  };
  const walk = (v: unknown): boolean => {
    if (v === null || v === undefined) return emit("nil");
    if (typeof v === "string") return emit(JSON.stringify(v));
    if (typeof v !== "object") return emit(String(v));
    if (Array.isArray(v)) {
      if (!emit("[")) return false;
      for (let i = 0; i < v.length; i++) {
        if ((i > 0 && !emit(" ")) || !walk(v[i])) return false;
      }
      return emit("]");
    }
    if (!emit("{")) return false;
    let first = true;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if ((!first && !emit(", ")) || !emit(`:${k} `) || !walk(x)) return false;
      first = false;
    }
    return emit("}");
  };
  if (walk(value)) return out.join("");
  return out.join("").slice(0, Math.max(0, limit - 1)) + "…";
}

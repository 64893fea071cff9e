/**
 * A tiny EDN reader, enough to read Maelstrom's `results.edn`: maps,
 * vectors, lists, sets, keywords (kept as strings without the colon),
 * strings, numbers, `true`/`false`/`nil`, symbols, `#inst`-style tags
 * (the tag is dropped) and `#_` discards.
 * @module
 */

/** A parsed EDN value (maps become objects keyed by the printed key). */
export type Edn = null | boolean | number | string | Edn[] | { [key: string]: Edn };

/** Malformed EDN input. */
export class EdnError extends SyntaxError {
  /**
   * @param message What is wrong.
   * @param options Standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EdnError";
  }
}

const DELIMS = new Set(["(", ")", "[", "]", "{", "}", '"', ";"]);

/**
 * Parses one EDN value.
 * @param text EDN text.
 * @returns The value.
 * @throws {EdnError} on malformed input.
 * @example
 * ```ts
 * import { parseEdn } from "./edn.ts";
 * import assert from "node:assert";
 * const r = parseEdn('{:valid? true, :net {:servers {:msgs-per-op 2.5}}}') as any;
 * assert.equal(r["valid?"], true);
 * assert.equal(r.net.servers["msgs-per-op"], 2.5);
 * ```
 */
export function parseEdn(text: string): Edn {
  let i = 0;
  const skip = () => {
    for (;;) {
      const c = text[i];
      if (c === undefined) return;
      if (c === ";") { while (i < text.length && text[i] !== "\n") i++; }
      else if (/[\s,]/.test(c)) i++;
      else return;
    }
  };
  const token = () => {
    const start = i;
    while (i < text.length && !/[\s,]/.test(text[i]) && !DELIMS.has(text[i])) i++;
    return text.slice(start, i);
  };
  const key = (v: Edn) => typeof v === "string" ? v : JSON.stringify(v);
  const seq = (close: string): Edn[] => {
    const out: Edn[] = [];
    for (;;) {
      skip();
      if (i >= text.length) throw new EdnError(`Unterminated collection: expected "${close}"`);
      if (text[i] === close) {
        i++;
        return out;
      }
      const v = value();
      if (v !== DISCARD) out.push(v as Edn);
    }
  };
  const DISCARD = Symbol("discard");
  const value = (): Edn | typeof DISCARD => {
    skip();
    const c = text[i];
    if (c === undefined) throw new EdnError("Unexpected end of input");
    if (c === "{") {
      i++;
      const items = seq("}");
      const obj: Record<string, Edn> = {};
      for (let k = 0; k + 1 < items.length; k += 2) obj[key(items[k])] = items[k + 1];
      return obj;
    }
    if (c === "[") return (i++, seq("]"));
    if (c === "(") return (i++, seq(")"));
    if (c === '"') {
      let s = "";
      for (i++; i < text.length && text[i] !== '"'; i++) {
        if (text[i] === "\\") {
          const e = text[++i];
          s += e === "n" ? "\n" : e === "t" ? "\t" : e === "r" ? "\r" : e;
        } else s += text[i];
      }
      i++;
      return s;
    }
    if (c === "#") {
      i++;
      if (text[i] === "{") return (i++, seq("}"));
      if (text[i] === "_") {
        i++;
        value();
        return DISCARD;
      }
      token();
      return value();
    }
    if (c === "\\") {
      i++;
      return token();
    }
    const t = token();
    if (t === "") throw new EdnError(`Unexpected character: "${c}"`);
    if (t === "nil") return null;
    if (t === "true") return true;
    if (t === "false") return false;
    if (t.startsWith(":")) return t.slice(1);
    const ratio = /^([-+]?\d+)\/(\d+)$/.exec(t);
    if (ratio) return Number(ratio[1]) / Number(ratio[2]);
    const n = Number(t.replace(/[NM]$/, ""));
    return /^[-+]?\d/.test(t) && Number.isFinite(n) ? n : t;
  };
  const v = value();
  return v === DISCARD ? null : v;
}

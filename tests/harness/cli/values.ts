/**
 * Readers of option values that accept exactly what Maelstrom's command
 * line accepts: Java's `Long/parseLong` and `Double/parseDouble`, Clojure's
 * `parse-long` and `read-string`, and `clojure.edn/read-string` (Maelstrom's
 * `src/maelstrom/core.clj` and Jepsen's `jepsen/cli.clj` pick one per
 * option). Each returns a JavaScript value or throws a {@link ValueError}
 * whose text is what the Java reader would say.
 * @module
 */

/** A value the reader cannot read (tools.cli reports it as a parse error). */
export class ValueError extends Error {
  /**
   * @param message The reader's complaint, e.g. `java.lang.NumberFormatException: For input string: "x"`.
   * @param options Standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ValueError";
  }
}

const LONG_MIN = -(2n ** 63n), LONG_MAX = 2n ** 63n - 1n;

function inLong(digits: string): boolean {
  const n = BigInt(digits);
  return n >= LONG_MIN && n <= LONG_MAX;
}

/**
 * Java's `Long.parseLong`: optional sign and decimal digits (leading zeros
 * allowed), within 64 bits.
 * @param text The option's value.
 * @returns The integer.
 * @throws {ValueError} like Java's NumberFormatException.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { javaLong } from "./values.ts";
 * assert.equal(javaLong("+007"), 7);
 * assert.throws(() => javaLong("1.5"));
 * ```
 */
export function javaLong(text: string): number {
  if (!/^[+-]?\d+$/.test(text) || !inLong(text)) {
    throw new ValueError(`java.lang.NumberFormatException: For input string: "${text}"`);
  }
  return Number(text);
}

/**
 * Clojure's `parse-long`: like {@link javaLong} but without leading zeros,
 * and `undefined` (Clojure's nil) instead of an exception, so that the
 * option's check then fails.
 * @param text The option's value.
 * @returns The integer, or undefined.
 */
export function cljParseLong(text: string): number | undefined {
  return /^[+-]?(0|[1-9]\d*)$/.test(text) && inLong(text) ? Number(text) : undefined;
}

/**
 * Java's `Double.parseDouble`: surrounding whitespace, a sign, decimal
 * digits with an optional point and exponent, an optional `d`/`f` suffix,
 * `NaN` and `Infinity`.
 * @param text The option's value.
 * @returns The number.
 * @throws {ValueError} like Java's NumberFormatException.
 */
export function javaDouble(text: string): number {
  // deno-lint-ignore no-control-regex
  const t = text.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, "");
  const m = /^([+-]?)(NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[fFdD]?$/.exec(t);
  if (m === null || (/[fFdD]$/.test(t) && /NaN|Infinity/.test(t))) {
    throw new ValueError(
      t === ""
        ? "java.lang.NumberFormatException: empty String"
        : `java.lang.NumberFormatException: For input string: "${text}"`,
    );
  }
  const n = Number(m[2]);
  return m[1] === "-" ? -n : n;
}

/** What the Clojure reader made of a value: a number, nil, a keyword, or any other form. */
export type Read =
  | { kind: "number"; value: number }
  | { kind: "nil" }
  | { kind: "keyword"; name: string }
  | { kind: "other"; text: string };

// The reader's number patterns (clojure.lang.LispReader / EdnReader).
const INT =
  /^([-+]?)(?:(0)|([1-9][0-9]*)|0[xX]([0-9A-Fa-f]+)|0([0-7]+)|([1-9][0-9]?)[rR]([0-9A-Za-z]+)|0[0-9]+)(N)?$/;
const RATIO = /^([-+]?[0-9]+)\/([0-9]+)$/;
const FLOAT = /^([-+]?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?)(M)?$/;

function readNumber(token: string): number {
  const invalid = () => new ValueError(`java.lang.NumberFormatException: Invalid number: ${token}`);
  let m = INT.exec(token);
  if (m !== null) {
    const sign = m[1] === "-" ? -1 : 1;
    if (m[2] !== undefined) return 0;
    if (m[3] !== undefined) return sign * Number(m[3]);
    if (m[4] !== undefined) return sign * parseInt(m[4], 16);
    if (m[5] !== undefined) return sign * parseInt(m[5], 8);
    if (m[6] !== undefined) {
      const radix = Number(m[6]);
      const n = radix >= 2 && radix <= 36 ? parseInt(m[7], radix) : NaN;
      if (Number.isNaN(n) || !isDigitsIn(m[7], radix)) throw invalid();
      return sign * n;
    }
    throw invalid(); // 08, 09: not octal
  }
  m = RATIO.exec(token);
  if (m !== null) {
    if (Number(m[2]) === 0) throw new ValueError("java.lang.ArithmeticException: Divide by zero");
    return Number(m[1]) / Number(m[2]);
  }
  m = FLOAT.exec(token);
  if (m !== null) return Number(m[1]);
  throw invalid();
}

function isDigitsIn(digits: string, radix: number): boolean {
  return [...digits.toLowerCase()].every((c) => parseInt(c, radix) < radix);
}

/**
 * Reads the first form of a value as Clojure's `read-string` and
 * `clojure.edn/read-string` do for the values an option may take: numbers
 * (integers, hex, octal, radix, ratios such as `1/2`, decimals), `nil`,
 * keywords; anything else is "other" (a symbol, a list…), which the
 * option's check then rejects. An empty value is nil for EDN and an error
 * for `read-string`.
 * @param text The option's value.
 * @param edn Read as `clojure.edn/read-string` (empty → nil).
 * @returns What was read.
 * @throws {ValueError} for a malformed number or an empty `read-string`.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readForm } from "./values.ts";
 * assert.deepEqual(readForm("1/2"), { kind: "number", value: 0.5 });
 * ```
 */
export function readForm(text: string, edn = false): Read {
  // Commas are whitespace to the reader; the first form ends at whitespace
  // or a delimiter.
  const rest = text.replace(/^[\s,]+/, "");
  if (rest === "") {
    if (edn) return { kind: "nil" };
    throw new ValueError("java.lang.RuntimeException: EOF while reading");
  }
  const token = /^[^\s,()[\]{}"';@^`~\\]*/.exec(rest)![0];
  if (token === "") return { kind: "other", text: rest };
  if (/^[+-]?\d/.test(token)) return { kind: "number", value: readNumber(token) };
  if (token === "nil") return { kind: "nil" };
  if (token.startsWith(":") && token.length > 1) return { kind: "keyword", name: token.slice(1) };
  return { kind: "other", text: token };
}

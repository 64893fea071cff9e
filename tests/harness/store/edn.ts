/**
 * EDN values as Clojure prints them, for Maelstrom's store files
 * (`results.edn`, `history.edn`, …): keywords, sets, maps with any keys,
 * tagged records, doubles that always show a decimal point, and two
 * printers — {@linkcode pr} (one line, Clojure's `pr-str`) and
 * {@linkcode pprint} (fipp's layout at width 70, as `jepsen.store` writes
 * `results.edn`).
 *
 * JSON-shaped bench values become EDN through `ednify.ts`; plain JS values
 * print too (objects as keyword-keyed maps, arrays as vectors, `null` as
 * `nil`).
 * @module
 */

/** A Clojure keyword, printed `:name`. */
export class Keyword {
  /** @param name The name without the colon. */
  constructor(readonly name: string) {}
}

const KEYWORDS = new Map<string, Keyword>();

/**
 * The keyword `:name` (interned: the same object for the same name).
 * @param name The name without the colon.
 * @returns The keyword.
 */
export function kw(name: string): Keyword {
  let k = KEYWORDS.get(name);
  if (k === undefined) KEYWORDS.set(name, k = new Keyword(name));
  return k;
}

/** A set, printed `#{a b}`. */
export class EdnSet {
  /** @param items The members, in print order. */
  constructor(readonly items: readonly unknown[]) {}
}

/** A map whose keys need not be keywords (e.g. `{0 {...}, 1 {...}}`), in print order. */
export class EdnMap {
  /** @param entries Key-value pairs, in print order. */
  constructor(readonly entries: ReadonlyArray<readonly [unknown, unknown]>) {}
}

/** A list, printed `(a b)`. */
export class EdnList {
  /** @param items The elements. */
  constructor(readonly items: readonly unknown[]) {}
}

/** A tagged map such as a record, printed `#tag{...}` (e.g. `#jepsen.history.Op{...}`). */
export class Tagged {
  /**
   * @param tag The tag without `#`.
   * @param value The map (an {@link EdnMap} or a plain object).
   */
  constructor(readonly tag: string, readonly value: unknown) {}
}

/** A Java double: printed with a decimal point even when integral (`2.0`), `1.0E-4` style when tiny or huge. */
export class Double {
  /** @param value The number. */
  constructor(readonly value: number) {}
}

/** Text printed as is (a symbol, or a value already printed). */
export class Raw {
  /** @param text The text. */
  constructor(readonly text: string) {}
}

/**
 * Java's `Double.toString`: decimal between 10⁻³ and 10⁷, else
 * `d.dddE±n`; always a `.` in the mantissa.
 * @param n The number.
 * @returns Its Clojure printing.
 */
export function printDouble(n: number): string {
  if (Number.isNaN(n)) return "##NaN";
  if (!Number.isFinite(n)) return n > 0 ? "##Inf" : "##-Inf";
  if (n === 0) return Object.is(n, -0) ? "-0.0" : "0.0";
  const a = Math.abs(n);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(n);
    return s.includes(".") ? s : `${s}.0`;
  }
  const [mantissa, exp] = n.toExponential().split("e");
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exp)}`;
}

/** A number as Clojure prints it: integers plain, other numbers as doubles. */
function printNumber(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? String(n) : printDouble(n);
}

/**
 * A string as `pr-str` prints it: quoted, with `"`, `\`, newline, tab,
 * return, backspace and form feed escaped.
 * @param s The string.
 * @returns The printed string.
 */
export function printString(s: string): string {
  // deno-lint-ignore no-control-regex
  if (!/["\\\n\t\r\x08\x0c]/.test(s)) return `"${s}"`;
  return `"${
    s.replace(
      // deno-lint-ignore no-control-regex
      /["\\\n\t\r\x08\x0c]/g,
      (c) =>
        ({
          '"': '\\"',
          "\\": "\\\\",
          "\n": "\\n",
          "\t": "\\t",
          "\r": "\\r",
          "\b": "\\b",
          "\f": "\\f",
        })[
          c
        ]!,
    )
  }"`;
}

/** A value's entries when it prints as a map, else undefined. */
function mapEntries(v: unknown): ReadonlyArray<readonly [unknown, unknown]> | undefined {
  if (v instanceof EdnMap) return v.entries;
  if (
    typeof v === "object" && v !== null && !Array.isArray(v) && v.constructor === Object
  ) {
    return Object.entries(v).map(([k, x]) => [kw(k), x] as const);
  }
  return undefined;
}

/** How a collection prints: its delimiters, separator and items. */
interface Coll {
  open: string;
  close: string;
  /** Map entries (printed `k v`, separated by `, `) or items (separated by a space). */
  entries?: ReadonlyArray<readonly [unknown, unknown]>;
  items?: readonly unknown[];
}

function asColl(v: unknown): Coll | undefined {
  if (Array.isArray(v)) return { open: "[", close: "]", items: v };
  if (v instanceof EdnSet) return { open: "#{", close: "}", items: v.items };
  if (v instanceof EdnList) return { open: "(", close: ")", items: v.items };
  if (v instanceof Tagged) {
    return { open: `#${v.tag}{`, close: "}", entries: mapEntries(v.value) ?? [] };
  }
  const entries = mapEntries(v);
  return entries === undefined ? undefined : { open: "{", close: "}", entries };
}

function printAtom(v: unknown, readably = true): string {
  if (v === null || v === undefined) return "nil";
  if (typeof v === "string") return readably ? printString(v) : v;
  if (typeof v === "number") return printNumber(v);
  if (typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return String(v);
  if (v instanceof Keyword) return `:${v.name}`;
  if (v instanceof Double) return printDouble(v.value);
  if (v instanceof Raw) return v.text;
  return printString(String(v));
}

/**
 * Prints a value on one line, as Clojure's `pr-str`.
 * @param value The value.
 * @returns Its EDN text.
 * @example
 * ```ts
 * import { kw, pr } from "./edn.ts";
 * import assert from "node:assert";
 * assert.equal(pr({ type: kw("ok"), value: [1, null, "a"] }), '{:type :ok, :value [1 nil "a"]}');
 * ```
 */
export function pr(value: unknown): string {
  const out: string[] = [];
  write(value, out);
  return out.join("");
}

/**
 * Prints a value as Clojure's `print` (for people, not the reader):
 * strings, even nested ones, without quotes.
 * @param value The value.
 * @returns The text, e.g. `[:timeout not leader]`.
 */
export function printPlain(value: unknown): string {
  const out: string[] = [];
  write(value, out, false);
  return out.join("");
}

/**
 * Appends the printing of `value` to `out` (fast path for big histories).
 * @param value The value.
 * @param out Chunks to append to.
 * @param readably `pr` (true, default) or `print` (false: strings unquoted).
 */
export function write(value: unknown, out: string[], readably = true): void {
  const c = asColl(value);
  if (c === undefined) {
    out.push(printAtom(value, readably));
    return;
  }
  out.push(c.open);
  if (c.entries !== undefined) {
    let first = true;
    for (const [k, v] of c.entries) {
      if (!first) out.push(", ");
      first = false;
      write(k, out, readably);
      out.push(" ");
      write(v, out, readably);
    }
  } else {
    let first = true;
    for (const x of c.items!) {
      if (!first) out.push(" ");
      first = false;
      write(x, out, readably);
    }
  }
  out.push(c.close);
}

/** A layout node: flat text, or a group that breaks all its separators or none. */
type Doc = string | Group;

interface Group {
  open: string;
  close: string;
  /** Map groups separate parts with `,` before each break. */
  comma: boolean;
  parts: Doc[];
  /** Printed width when laid flat. */
  width: number;
}

function toDoc(v: unknown): Doc {
  const c = asColl(v);
  if (c === undefined) return printAtom(v);
  const parts: Doc[] = c.entries !== undefined
    ? c.entries.map(([k, x]) => concat(toDoc(k), " ", toDoc(x)))
    : c.items!.map(toDoc);
  const sep = c.entries !== undefined ? 2 : 1;
  const width = c.open.length + c.close.length +
    parts.reduce<number>((s, p) => s + docWidth(p), 0) + Math.max(0, parts.length - 1) * sep;
  return { open: c.open, close: c.close, comma: c.entries !== undefined, parts, width };
}

/** A key and value: when the value is a group it stays a group behind the key. */
function concat(k: Doc, space: string, v: Doc): Doc {
  if (typeof k === "string" && typeof v === "string") return k + space + v;
  return { open: "", close: "", comma: false, parts: [k, space, v], width: -1 };
}

function docWidth(d: Doc): number {
  if (typeof d === "string") return d.length;
  if (d.width < 0) d.width = d.parts.reduce<number>((s, p) => s + docWidth(p), 0);
  return d.width;
}

function flat(d: Doc, out: string[]): void {
  if (typeof d === "string") {
    out.push(d);
    return;
  }
  if (d.open === "" && d.close === "" && !d.comma && d.parts.length === 3) {
    for (const p of d.parts) flat(p, out);
    return;
  }
  out.push(d.open);
  d.parts.forEach((p, i) => {
    if (i > 0) out.push(d.comma ? ", " : " ");
    flat(p, out);
  });
  out.push(d.close);
}

/**
 * Lays out `d` starting at `column`; returns the column after it. As in
 * fipp, a group fits when its own text does: the delimiters that close its
 * parents may run past the width.
 */
function layout(d: Doc, column: number, width: number, out: string[], miser = false): number {
  if (typeof d === "string") {
    out.push(d);
    return column + d.length;
  }
  if (column + docWidth(d) <= width) {
    flat(d, out);
    return column + docWidth(d);
  }
  if (d.open === "" && d.close === "" && !d.comma && d.parts.length === 3) {
    // A map entry: the key, then the value after a space (fipp), or, as
    // clojure.pprint does, on the next line under the key.
    let col = layout(d.parts[0], column, width, out, miser);
    if (miser) {
      out.push("\n", " ".repeat(column));
      col = column;
    } else col = layout(d.parts[1], col, width, out, miser);
    return layout(d.parts[2], col, width, out, miser);
  }
  out.push(d.open);
  const indent = column + d.open.length;
  let col = indent;
  d.parts.forEach((p, i) => {
    if (i > 0) {
      out.push(d.comma ? ",\n" : "\n", " ".repeat(indent));
      col = indent;
    }
    col = layout(p, col, width, out, miser);
  });
  out.push(d.close);
  return col + d.close.length;
}

/**
 * Pretty-prints a value as fipp's `pprint` (Jepsen's `results.edn`): a
 * collection that fits in `width` columns stays on one line, else each of
 * its elements goes on its own line, aligned after the opening delimiter.
 * @param value The value.
 * @param width The line width (fipp's default, 70).
 * @returns The text, without a trailing newline.
 * @example
 * ```ts
 * import { pprint } from "./edn.ts";
 * import assert from "node:assert";
 * assert.equal(pprint({ a: 1, b: [2, 3] }), "{:a 1, :b [2 3]}");
 * assert.equal(pprint({ a: "x".repeat(40), b: "y".repeat(40) }), `{:a "${"x".repeat(40)}",\n :b "${"y".repeat(40)}"}`);
 * ```
 */
export function pprint(value: unknown, width = 70): string {
  const out: string[] = [];
  layout(toDoc(value), 0, width, out);
  return out.join("");
}

/**
 * Pretty-prints a value as `clojure.pprint/pprint` lays out maps (Jepsen's
 * `independent/<key>/results.edn`): like {@linkcode pprint}, but a map
 * entry that does not fit puts its value on the next line, under its key.
 * @param value The value.
 * @param width The right margin (clojure.pprint's, 72).
 * @returns The text, without a trailing newline.
 */
export function pprintClojure(value: unknown, width = 72): string {
  const out: string[] = [];
  layout(toDoc(value), 0, width, out, true);
  return out.join("");
}

/**
 * An option parser with the rules of `clojure.tools.cli/parse-opts`, which
 * Maelstrom's command line uses: GNU-style `-w echo`, `-wecho`, `--workload
 * echo`, `--workload=echo`; flags; an option's value taken even when it
 * begins with `-`; `--` ending the options; every other word an argument,
 * wherever it stands; and the same error texts (`Unknown option: "--foo"`,
 * `Missing required argument for "--bin FILE"`, `Failed to validate
 * "--time-limit 0": Must be positive`), collected rather than thrown.
 * @module
 */

/** The options parsed so far, by id. */
export type OptionMap = Record<string, unknown>;

/** One option of a command. */
export interface OptionSpec {
  /** Short form, e.g. `"-w"`. */
  short?: string;
  /** Long form, e.g. `"--workload"`. */
  long: string;
  /** Name of its value in the help, e.g. `"NAME"`; absent for a flag. */
  arg?: string;
  /** One line of help. */
  desc: string;
  /** Key in the option map; default the long form without dashes. */
  id?: string;
  /** Value before parsing (absent: no key unless given). */
  default?: unknown;
  /** How the default reads in the help (default: its string form). */
  defaultDesc?: string;
  /** Turns the text into a value; a throw is a parse error. */
  parse?: (text: string) => unknown;
  /** A false result (or a throw) is a validation error with `message`. */
  validate?: { check: (value: unknown) => boolean; message: string };
  /** Stores the value (default: replaces the previous one). */
  assoc?: (options: OptionMap, id: string, value: unknown) => void;
  /** The error when the option is not given. */
  missing?: string;
}

/** What {@link parseOpts} returns. */
export interface ParsedArgs {
  options: OptionMap;
  /** The words that are not options or their values, in order. */
  arguments: string[];
  /** Error messages, in the order found; empty when all is well. */
  errors: string[];
}

/** The id of an option: its long form without the leading dashes. */
export function idOf(spec: OptionSpec): string {
  return spec.id ?? spec.long.replace(/^--/, "");
}

type Token = [kind: "short" | "long", opt: string, value?: string];

function tokenize(takesValue: Set<string>, args: readonly string[]): [Token[], string[]] {
  const tokens: Token[] = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      rest.push(...args.slice(i + 1));
      break;
    } else if (/^--\S+=/.test(arg)) {
      const eq = arg.indexOf("=");
      tokens.push(["long", arg.slice(0, eq), arg.slice(eq + 1)]);
    } else if (arg.startsWith("--")) {
      tokens.push(takesValue.has(arg) ? ["long", arg, args[++i]] : ["long", arg]);
    } else if (/^-./.test(arg)) {
      // A clump of short options: the first one that takes a value takes the
      // rest of the clump, or else the next word.
      for (let j = 1; j < arg.length; j++) {
        const opt = `-${arg[j]}`;
        if (!takesValue.has(opt)) {
          tokens.push(["short", opt]);
        } else {
          tokens.push(["short", opt, j + 1 < arg.length ? arg.slice(j + 1) : args[++i]]);
          break;
        }
      }
    } else {
      rest.push(arg);
    }
  }
  return [tokens, rest];
}

const quote = (opt: string, value: string | undefined) => JSON.stringify(`${opt} ${value ?? ""}`);

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Parses a command's words as tools.cli does.
 * @param args The words after the command.
 * @param specs The command's options.
 * @returns The options (defaults first), the arguments and the errors.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parseOpts } from "./parse.ts";
 * const specs = [{ short: "-w", long: "--workload", arg: "NAME", desc: "", default: "lin-kv" }];
 * const r = parseOpts(["-wecho", "x", "--bogus"], specs);
 * assert.deepEqual([r.options.workload, r.arguments, r.errors], ["echo", ["x"], ['Unknown option: "--bogus"']]);
 * ```
 */
export function parseOpts(args: readonly string[], specs: readonly OptionSpec[]): ParsedArgs {
  const takesValue = new Set<string>();
  for (const s of specs) {
    if (s.arg === undefined) continue;
    takesValue.add(s.long);
    if (s.short) takesValue.add(s.short);
  }
  const [tokens, rest] = tokenize(takesValue, args);
  const options: OptionMap = {};
  for (const s of specs) if ("default" in s) options[idOf(s)] = s.default;
  const errors: string[] = [];
  for (const [kind, opt, text] of tokens) {
    const spec = specs.find((s) => (kind === "long" ? s.long : s.short) === opt);
    if (spec === undefined) {
      errors.push(`Unknown option: ${JSON.stringify(opt)}`);
      continue;
    }
    let value: unknown = true;
    if (spec.arg !== undefined) {
      if (text === undefined) {
        errors.push(`Missing required argument for ${quote(opt, spec.arg)}`);
        continue;
      }
      try {
        value = spec.parse ? spec.parse(text) : text;
      } catch (error) {
        errors.push(`Error while parsing option ${quote(opt, text)}: ${errorText(error)}`);
        continue;
      }
    }
    if (spec.validate !== undefined) {
      let ok = false;
      try {
        ok = spec.validate.check(value);
      } catch {
        ok = false;
      }
      if (!ok) {
        errors.push(`Failed to validate ${quote(opt, text)}: ${spec.validate.message}`);
        continue;
      }
    }
    if (spec.assoc) spec.assoc(options, idOf(spec), value);
    else options[idOf(spec)] = value;
  }
  for (const s of specs) {
    if (s.missing !== undefined && !(idOf(s) in options)) errors.push(s.missing);
  }
  return { options, arguments: rest, errors };
}

/**
 * The help lines of a command's options, as tools.cli's summary: the
 * forms, the default (for options with a value), the description.
 * @param specs The options.
 * @returns Lines, aligned in columns.
 */
export function summarize(specs: readonly OptionSpec[]): string[] {
  const rows = specs.map((s) => {
    const forms = (s.short ? `${s.short}, ` : "    ") + s.long + (s.arg ? ` ${s.arg}` : "");
    const dflt = s.arg === undefined
      ? ""
      : s.defaultDesc ?? ("default" in s ? showDefault(s.default) : "");
    return [forms, dflt, s.desc];
  });
  const w0 = Math.max(0, ...rows.map((r) => r[0].length));
  const w1 = Math.max(0, ...rows.map((r) => r[1].length));
  return rows.map(([a, b, c]) => `  ${a.padEnd(w0)}  ${b.padEnd(w1)}  ${c}`.trimEnd());
}

function showDefault(value: unknown): string {
  if (value === undefined || value === null) return "nil";
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(" ")}]`;
  return String(value);
}

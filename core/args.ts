/**
 * A node's own command-line words. Maelstrom passes every word after
 * `--bin PATH` to the node; our nodes read a profile name (`latency`,
 * `frugal`, …) and `knob=value` overrides from them, so one binary can be
 * measured under several tunings without a rebuild.
 *
 * @example
 * ```ts
 * import { wholeNumber, parseProfileArgs } from "./args.ts";
 * const r = parseProfileArgs(["--frugal", "tick=50", "oops"], ["latency", "frugal"], {
 *   tick: wholeNumber("tickMs"),
 * });
 * console.assert(r.profile === "frugal" && r.overrides.tickMs === 50);
 * console.assert(r.unknown[0] === "oops");
 * ```
 * @module
 */

/**
 * Reads one knob's value: the override it sets, or `undefined` when the
 * value is not one the knob takes (the word is then reported as unknown).
 */
export type Knob<T> = (value: string) => Partial<T> | undefined;

/** What {@link parseProfileArgs} read. */
export interface ProfileArgs<P extends string, T> {
  /** The profile named last, or the first of the profiles if none was. */
  profile: P;
  /** The knobs' overrides, to apply over the profile's tuning. */
  overrides: Partial<T>;
  /** Words that were not understood, as given (a node logs them, never dies of them). */
  unknown: string[];
}

/**
 * A knob taking a whole number (milliseconds, a count) into `key`; with
 * `positive`, 0 is refused too.
 */
export function wholeNumber<T>(key: keyof T, positive = false): Knob<T> {
  return (value) =>
    /^\d+$/.test(value) && (!positive || Number(value) > 0)
      ? { [key]: Number(value) } as Partial<T>
      : undefined;
}

/**
 * Reads a profile name and `knob=value` words; a leading `-` or `--` is
 * ignored, so `frugal`, `-frugal` and `--frugal` are the same word.
 *
 * @param args the node's arguments
 * @param profiles the profile names, the default first
 * @param knobs each knob word with the reader of its value
 */
export function parseProfileArgs<P extends string, T>(
  args: readonly string[],
  profiles: readonly P[],
  knobs: Readonly<Record<string, Knob<T>>>,
): ProfileArgs<P, T> {
  let profile = profiles[0];
  let overrides: Partial<T> = {};
  const unknown: string[] = [];
  for (const arg of args) {
    const word = arg.replace(/^--?/, "");
    if ((profiles as readonly string[]).includes(word)) {
      profile = word as P;
      continue;
    }
    const match = /^([a-z-]+)=(\w+)$/.exec(word);
    const set = match && Object.hasOwn(knobs, match[1]) ? knobs[match[1]](match[2]) : undefined;
    if (set === undefined) unknown.push(arg);
    else overrides = { ...overrides, ...set };
  }
  return { profile, overrides, unknown };
}

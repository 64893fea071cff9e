/**
 * The search behind the CAS-register linearizability checker
 * (`linearizable.ts`): the history of one key turned into steps, and two
 * exact searches over the same configurations, run in turn until one
 * decides.
 *
 * **Steps.** Ok ops must take effect between their invocation and
 * completion; each completion is a step at which the op must have been
 * linearized (Lowe's just-in-time linearization: an op is linearized only
 * when a completion forces it). `:info` ops (and invocations without a
 * completion) may take effect once at any time after their invocation, or
 * never; `:info` ops with the same `f` and values are interchangeable, so
 * they are counted per class, not named. `:fail` ops and reads of null
 * (Knossos's register accepts those at any time) are left out.
 *
 * **Configurations** at a step: the register's value, which open ok ops are
 * already linearized (bits), and how many `:info` ops of each class were
 * used. Two prunings keep them few, both sound because the pruned
 * configuration can do nothing the kept one cannot:
 * - an open read that is legal in a configuration is linearized at once (a
 *   read changes nothing);
 * - of two configurations with the same value and linearized set, one whose
 *   remaining `:info` ops can stand in for the other's is kept alone. An
 *   `:info` write of `v` can stand in for an `:info` cas to `v` (it reaches
 *   `v` from any value), so remaining writes cover cas.
 *
 * **Breadth first** ({@linkcode breadthFirst}): all configurations, step by
 * step; when none survives a step, the history is not linearizable and the
 * values the register could hold explain why. Cheap when few
 * configurations survive, which is the usual case.
 *
 * **Depth first** ({@linkcode depthFirst}): one configuration at a time,
 * remembering the ones that led nowhere (Wing & Gong's search with Lowe's
 * memoization, over the same steps): finds a linearization quickly even
 * when many configurations are possible, as when many writes are open at
 * once and every subset of them may have taken effect.
 * @module
 */

import { clientOps, type Op, pairs } from "../history.ts";

/** One op that constrains the register. */
export interface RegOp {
  f: "read" | "write" | "cas";
  /** read: the value read; write: the value written; cas: `to` (value ids). */
  arg: number;
  /** cas only: `from` (value id). */
  from: number;
  /** Its bit in {@link Config.lin} while open. */
  slot: number;
  invoke: Op;
  completion?: Op;
}

/** A configuration of the search. */
export interface Config {
  /** The register's value (value id; 0 is null). */
  value: number;
  /** Bits of the open ok ops already linearized. */
  lin: number;
  /** How many info ops of each class were used (index = class; missing = 0). */
  used: readonly number[];
}

/** A completion: the op that must be linearized by now, and what is open then. */
export interface Step {
  op: RegOp;
  /** Ok ops open at the completion (the op included), each with its slot. */
  open: RegOp[];
  /** `:info` ops of each class invoked by now. */
  avail: readonly number[];
  /** value → bits of the open reads of that value. */
  reads: ReadonlyMap<number, number>;
}

/** A key's history prepared for the search. */
export interface Prepared {
  /** Value id → JSON text (id 0 is null). */
  texts: string[];
  /** One op per `:info` class. */
  classOps: RegOp[];
  steps: Step[];
  /** Ops that constrain the register. */
  count: number;
  /** Set when the history cannot be searched: more ok ops open at once than bits. */
  tooWide?: string;
}

/** Open ok ops a key may have at once (bits of {@link Config.lin}). */
export const MAX_OPEN = 31;

/**
 * Prepares one key's history.
 * @param history Ops of one key, values unwrapped.
 * @returns Steps and value texts.
 * @throws {TypeError} for an unknown `f` or a cas value that is not `[from, to]`.
 */
export function prepare(history: readonly Op[]): Prepared {
  const texts = ["null"];
  const ids = new Map([["null", 0]]);
  const intern = (v: unknown): number => {
    const t = JSON.stringify(v ?? null);
    let id = ids.get(t);
    if (id === undefined) {
      ids.set(t, id = texts.length);
      texts.push(t);
    }
    return id;
  };
  type Event = { kind: "open" | "close" | "info"; op: RegOp; at: number; cls: number };
  const events: Event[] = [];
  const classes = new Map<string, number>();
  const classOps: RegOp[] = [];
  let count = 0;
  for (const [invoke, completion] of pairs(clientOps(history))) {
    const type = completion?.type ?? "info";
    if (type === "fail") continue;
    let op: RegOp;
    switch (invoke.f) {
      case "read": {
        const v = completion?.value;
        if (type !== "ok" || v === null || v === undefined) continue;
        op = { f: "read", arg: intern(v), from: -1, slot: -1, invoke };
        break;
      }
      case "write":
        op = { f: "write", arg: intern(invoke.value), from: -1, slot: -1, invoke };
        break;
      case "cas": {
        const v = invoke.value;
        if (!Array.isArray(v) || v.length !== 2) {
          throw new TypeError(
            `Cannot check cas: value of op ${invoke.index} is not [from, to]: ${JSON.stringify(v)}`,
          );
        }
        op = { f: "cas", arg: intern(v[1]), from: intern(v[0]), slot: -1, invoke };
        break;
      }
      default:
        throw new TypeError(`Cannot check register op: unknown f "${invoke.f}"`);
    }
    count++;
    if (type === "ok") {
      op.completion = completion;
      events.push({ kind: "open", op, at: invoke.index, cls: -1 });
      events.push({ kind: "close", op, at: completion!.index, cls: -1 });
    } else {
      const key = `${op.f} ${op.from} ${op.arg}`;
      let cls = classes.get(key);
      if (cls === undefined) {
        classes.set(key, cls = classOps.length);
        classOps.push(op);
      }
      events.push({ kind: "info", op, at: invoke.index, cls });
    }
  }
  events.sort((a, b) => a.at - b.at);
  const steps: Step[] = [];
  const avail: number[] = classOps.map(() => 0);
  const open: RegOp[] = [];
  const reads = new Map<number, number>();
  let slots = 0;
  for (const ev of events) {
    const o = ev.op;
    if (ev.kind === "info") avail[ev.cls]++;
    else if (ev.kind === "open") {
      let slot = 0;
      while (slot < MAX_OPEN && (slots & (1 << slot)) !== 0) slot++;
      if (slot === MAX_OPEN) {
        return {
          texts,
          classOps,
          steps,
          count,
          tooWide: `More than ${MAX_OPEN} operations open at once at history index ${ev.at}`,
        };
      }
      slots |= 1 << slot;
      o.slot = slot;
      open.push(o);
      if (o.f === "read") reads.set(o.arg, (reads.get(o.arg) ?? 0) | (1 << slot));
    } else {
      steps.push({ op: o, open: [...open], avail: [...avail], reads: new Map(reads) });
      open.splice(open.indexOf(o), 1);
      slots &= ~(1 << o.slot);
      if (o.f === "read") reads.set(o.arg, reads.get(o.arg)! & ~(1 << o.slot));
    }
  }
  return { texts, classOps, steps, count };
}

/** The register's value after `op`, or -1 when `op` is illegal. */
export function step(value: number, op: RegOp): number {
  switch (op.f) {
    case "write":
      return op.arg;
    case "cas":
      return value === op.from ? op.arg : -1;
    case "read":
      return value === op.arg ? value : -1;
  }
}

/**
 * Whether a configuration that used `a` of the `:info` ops has at least
 * the options of one that used `b` (same value, same linearized ops): its
 * remaining ops can stand in for the other's, one for one, a remaining
 * write of `v` for a remaining cas to `v` when need be.
 */
export type Covers = (a: readonly number[], b: readonly number[]) => boolean;

/**
 * Builds {@link Covers} for a key's `:info` classes.
 * @param classOps One op per class.
 * @returns The relation.
 */
export function coversFor(classOps: readonly RegOp[]): Covers {
  // Per target value: its write class (if any) and the cas classes to it.
  const byTarget = new Map<number, { write: number; cas: number[] }>();
  classOps.forEach((op, i) => {
    if (op.f === "cas" && op.from === op.arg) return; // a cas to the same value changes nothing
    const g = byTarget.get(op.arg) ?? { write: -1, cas: [] };
    if (op.f === "write") g.write = i;
    else g.cas.push(i);
    byTarget.set(op.arg, g);
  });
  const groups = [...byTarget.values()];
  return (a, b) => {
    for (const g of groups) {
      // Remaining writes a has beyond b's: used(b) − used(a).
      const spare = g.write < 0 ? 0 : (b[g.write] ?? 0) - (a[g.write] ?? 0);
      if (spare < 0) return false;
      let short = 0;
      for (const c of g.cas) short += Math.max(0, (a[c] ?? 0) - (b[c] ?? 0));
      if (short > spare) return false;
    }
    return true;
  };
}

/** Configurations, keeping per (value, linearized set) only those no other covers. */
export class ConfigSet {
  #groups = new Map<number, Config[]>();
  /** The `:info` relation the set prunes with. */
  readonly covers: Covers;
  size = 0;
  /** Comparisons made so far (search work). */
  comparisons = 0;

  /** @param covers The `:info` relation of the key. */
  constructor(covers: Covers) {
    this.covers = covers;
  }

  /** Adds `c` unless a kept configuration covers it; returns whether it was added. */
  add(c: Config): boolean {
    const k = c.value * 2 ** 32 + (c.lin >>> 0);
    const group = this.#groups.get(k);
    if (group === undefined) {
      this.#groups.set(k, [c]);
      this.size++;
      return true;
    }
    this.comparisons += 2 * group.length;
    for (const g of group) if (this.covers(g.used, c.used)) return false;
    const kept = group.filter((g) => !this.covers(c.used, g.used));
    this.size += kept.length + 1 - group.length;
    kept.push(c);
    this.#groups.set(k, kept);
    return true;
  }

  /** Whether a kept configuration covers `c`. */
  has(c: Config): boolean {
    const group = this.#groups.get(c.value * 2 ** 32 + (c.lin >>> 0));
    if (group === undefined) return false;
    this.comparisons += group.length;
    return group.some((g) => this.covers(g.used, c.used));
  }

  list(): Config[] {
    return [...this.#groups.values()].flat();
  }
}

/** Search work done so far: configurations expanded plus comparisons made. */
export interface Work {
  units: number;
  /** Work units a search does between yields (about). */
  slice: number;
  /** `units` at the last yield (of either search). */
  mark: number;
}

/**
 * Every configuration reachable from `starts` at step `s` that has linearized
 * the step's op, with that op's bit cleared, into `next` (covered ones
 * dropped). Open ok ops and available `:info` classes are linearized in
 * every legal order, depth first; `visited` prunes repeats. Yields about
 * every `work.slice` units of work, so that a long step can be interleaved
 * with the other search.
 * @param p The prepared key.
 * @param s The step.
 * @param starts Configurations at the step (reads not yet saturated).
 * @param next Receives the configurations that linearized the op.
 * @param work Counts the work.
 * @param values If given, collects the values of configurations that had not linearized the op.
 * @returns A generator to run to its end.
 */
export function* closure(
  p: Prepared,
  s: Step,
  starts: readonly Config[],
  next: ConfigSet,
  work: Work,
  values?: Set<number>,
): Generator<void, void> {
  const covers = next.covers;
  const visited = new ConfigSet(covers);
  const bit = 1 << s.op.slot;
  const stack: Config[] = [];
  const reach = (value: number, lin: number, used: readonly number[]) => {
    // A read that is legal here is linearized at once: it changes nothing.
    lin |= s.reads.get(value) ?? 0;
    if ((lin & bit) !== 0) next.add({ value, lin: lin & ~bit, used });
    else {
      const t: Config = { value, lin, used };
      if (visited.add(t)) stack.push(t);
    }
  };
  for (const c of starts) reach(c.value, c.lin, c.used);
  const classes = p.classOps;
  const count = () => {
    work.units += visited.comparisons + next.comparisons;
    visited.comparisons = next.comparisons = 0;
  };
  while (stack.length > 0) {
    const c = stack.pop()!;
    values?.add(c.value);
    for (const o of s.open) {
      if ((c.lin & (1 << o.slot)) !== 0) continue;
      const v = step(c.value, o);
      if (v >= 0) reach(v, c.lin | (1 << o.slot), c.used);
    }
    for (let i = 0; i < classes.length; i++) {
      if ((c.used[i] ?? 0) >= s.avail[i]) continue;
      const v = step(c.value, classes[i]);
      // An info op that leaves the value as it is only uses itself up.
      if (v < 0 || v === c.value) continue;
      const used = Array.from({ length: Math.max(c.used.length, i + 1) }, (_, j) => c.used[j] ?? 0);
      used[i]++;
      reach(v, c.lin, used);
    }
    work.units++;
    count();
    if (work.units - work.mark >= work.slice) {
      work.mark = work.units;
      yield;
    }
  }
  count();
  if (work.units - work.mark >= work.slice) {
    work.mark = work.units;
    yield;
  }
}

/** How a search ended. */
export type Outcome =
  | { valid: true }
  | {
    valid: false;
    /** Index of the step whose op no configuration could linearize. */
    step: number;
    /** Values the register could hold while that op was open (breadth first only). */
    values?: number[];
  };

/**
 * Breadth first: every configuration, step by step.
 * @param p The prepared key.
 * @param work Counts the work.
 * @returns A generator that yields about every `work.slice` units and returns the outcome.
 */
export function* breadthFirst(p: Prepared, work: Work): Generator<void, Outcome> {
  const covers = coversFor(p.classOps);
  let configs: Config[] = [{ value: 0, lin: 0, used: [] }];
  // Values the register could hold while each open op was open (configurations
  // that had not linearized it), for the explanation of a failure.
  const seen = new Map<RegOp, Set<number>>();
  for (let i = 0; i < p.steps.length; i++) {
    const s = p.steps[i];
    for (const o of s.open) if (!seen.has(o)) seen.set(o, new Set(configs.map((c) => c.value)));
    const next = new ConfigSet(covers);
    const values = new Set<number>();
    yield* closure(p, s, configs, next, work, values);
    for (const o of s.open) for (const v of values) seen.get(o)!.add(v);
    if (next.size === 0) return { valid: false, step: i, values: [...seen.get(s.op)!] };
    seen.delete(s.op);
    configs = next.list();
  }
  return { valid: true };
}

/**
 * Depth first: one configuration at a time, the successors of each (its
 * closure at the step) tried fewest `:info` ops used first, then fewest ops
 * linearized ahead of need; every configuration that led nowhere is
 * remembered per step, and so skipped again (or one it covers). Exhaustive,
 * so it proves invalidity too.
 * @param p The prepared key.
 * @param work Counts the work.
 * @returns A generator that yields about every `work.slice` units and returns the outcome.
 */
export function* depthFirst(p: Prepared, work: Work): Generator<void, Outcome> {
  const covers = coversFor(p.classOps);
  const n = p.steps.length;
  if (n === 0) return { valid: true };
  const dead = p.steps.map(() => new ConfigSet(covers));
  type Frame = { step: number; config: Config; next: Config[] };
  let deepest = 0;
  const total = (c: Config) => c.used.reduce((a, b) => a + b, 0);
  function* expand(step: number, config: Config): Generator<void, Frame> {
    const next = new ConfigSet(covers);
    yield* closure(p, p.steps[step], [config], next, work);
    // Popped from the end: fewest info ops used, then fewest ops linearized.
    const list = next.list().sort((a, b) =>
      total(b) - total(a) || bitCount(b.lin) - bitCount(a.lin)
    );
    return { step, config, next: list };
  }
  const stack: Frame[] = [yield* expand(0, { value: 0, lin: 0, used: [] })];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const c = top.next.pop();
    if (c === undefined) {
      dead[top.step].add(top.config);
      stack.pop();
      continue;
    }
    if (top.step + 1 === n) return { valid: true };
    const memo = dead[top.step + 1];
    const before = memo.comparisons;
    const known = memo.has(c);
    work.units += memo.comparisons - before;
    if (known) continue;
    deepest = Math.max(deepest, top.step + 1);
    stack.push(yield* expand(top.step + 1, c));
  }
  return { valid: false, step: deepest };
}

function bitCount(x: number): number {
  let n = 0;
  for (; x !== 0; x &= x - 1) n++;
  return n;
}

/**
 * Generators: what operations the bench's client threads run, and when
 * (Jepsen's `jepsen.generator`, https://github.com/jepsen-io/jepsen). The
 * protocol follows Jepsen's generators, made mutable:
 *
 * - `op(ctx)` **proposes** the next operation without consuming it. It may
 *   be called many times; without an intervening event it must return the
 *   same proposal (the same object), so random draws are made once and
 *   cached. It returns a {@link GenOp} (maybe with a future `time`, maybe
 *   bound to a `thread`), `"pending"` (nothing now; ask again after the next
 *   completion), or `undefined` (exhausted).
 * - `update(event, ctx)` reports what happened: an `invoke` whose `source`
 *   is the exact proposal object that was started (the generator that made
 *   it now advances past it), every `complete`, and `skip` when a combinator
 *   discarded a proposal (advance past it without running it).
 *
 * Combinators may set `time` and `thread` on a child's proposal in place and
 * forward events unchanged. {@link fromFn} handles the caching for you, so a
 * stateful generator is usually a function plus an optional `onEvent`.
 * @module
 */

import type { Op } from "./history.ts";
import type { Random } from "./random.ts";

/** An operation proposed by a generator. */
export interface GenOp {
  /** The history `:f`, e.g. `"read"`, `"send"`, `"crash"`. */
  f: string;
  /** The invocation's `:value`. */
  value?: unknown;
  /** Earliest start, ns since the main phase began; absent means now. */
  time?: number;
  /** The worker thread that must run it; absent means any free thread. */
  thread?: number;
  /** Tag the history entries `final: true` (Maelstrom's `:final? true`). */
  final?: boolean;
  /**
   * Jepsen's special ops, never in the history: `"sleep"` occupies its
   * thread for `value` seconds, `"log"` logs `value`. Like any op they take
   * a free thread (any thread, the nemesis's included) and advance the
   * thread rotation (see {@link someFreeThread}).
   */
  kind?: "sleep" | "log";
}

/** What `op()` returns: an operation, `"pending"`, or `undefined` when exhausted. */
export type Proposal = GenOp | "pending" | undefined;

/** What a generator sees when asked for an operation. */
export interface GenContext {
  /** Now, ns since the main phase began. */
  readonly time: number;
  /** The worker threads in this generator's scope, ascending. */
  readonly threads: readonly number[];
  /** The free (idle) threads in scope, ascending. */
  readonly free: readonly number[];
  /** Total worker threads of the run (`--concurrency`). */
  readonly concurrency: number;
  /** The server node ids. */
  readonly nodes: readonly string[];
  /** The node a thread talks to: `nodes[thread mod N]`. */
  nodeOf(thread: number): string;
  /** A thread's current process number. */
  processOf(thread: number): number;
  /** The run's seeded random source. */
  readonly random: Random;
  /**
   * Jepsen's `next-thread-index`: the rotation position from which
   * {@link someFreeThread} looks for a free thread. The interpreter advances
   * it by one (mod concurrency + 1, the nemesis's slot included) at every
   * invocation. Absent means 0.
   */
  readonly nextThread?: number;
}

/**
 * The thread an op without a bound thread goes to (Jepsen's
 * `some-free-process`): the first free thread in scope at or after the
 * rotation position `ctx.nextThread`, wrapping around to the lowest free one.
 * @param ctx The context (possibly scoped).
 * @returns The thread, or `undefined` if none is free.
 * @example
 * ```ts
 * import { type GenContext, someFreeThread } from "./generator.ts";
 * import assert from "node:assert";
 * assert.equal(someFreeThread({ free: [0, 2, 3], nextThread: 1 } as GenContext), 2);
 * assert.equal(someFreeThread({ free: [0, 2], nextThread: 3 } as GenContext), 0);
 * ```
 */
export function someFreeThread(ctx: GenContext): number | undefined {
  const from = ctx.nextThread ?? 0;
  let lowest: number | undefined;
  for (const t of ctx.free) {
    if (t >= from) return t;
    if (lowest === undefined || t < lowest) lowest = t;
  }
  return lowest;
}

/** A candidate for {@link Soonest}: a proposal and its tie-break weight. */
interface Candidate {
  op: GenOp;
  weight: number;
}

/**
 * Jepsen's `soonest-op-map` reduction: the proposal with the earliest time;
 * ties are broken at random in proportion to the candidates' weights. The
 * choice is kept while the tied set stays the same (a proposal is a peek),
 * and drawn again when it changes, as Jepsen draws at every ask.
 */
class Soonest {
  #key: GenOp[] = [];
  #chosen: GenOp | undefined;

  pick(candidates: readonly Candidate[], ctx: GenContext): GenOp | undefined {
    if (candidates.length === 0) return undefined;
    let t = Infinity;
    for (const c of candidates) t = Math.min(t, timeOf(c.op, ctx));
    const tied = candidates.filter((c) => timeOf(c.op, ctx) === t);
    if (tied.length === 1) return tied[0].op;
    if (
      this.#chosen !== undefined && tied.length === this.#key.length &&
      tied.every((c, i) => c.op === this.#key[i])
    ) return this.#chosen;
    let best = tied[0];
    let weight = best.weight;
    for (const c of tied.slice(1)) {
      const w = weight + c.weight;
      if (ctx.random.int(0, w) >= weight) best = c;
      weight = w;
    }
    this.#key = tied.map((c) => c.op);
    this.#chosen = best.op;
    return best.op;
  }
}

/** An event reported to generators through `update`. */
export type GenEvent =
  | {
    type: "invoke";
    thread: number;
    /** The proposal object that was started. */
    source: GenOp;
    /** The history entry of the invocation. */
    op: Op;
  }
  | {
    type: "complete";
    thread: number;
    /** The history entry of the matching invocation. */
    invocation: Op;
    /** The history entry of the completion. */
    op: Op;
  }
  | {
    type: "skip";
    /** The proposal that a combinator discarded. */
    source: GenOp;
  };

/** A mutable generator (see the module doc for the protocol). */
export interface Generator {
  /** Proposes the next operation (a peek; see the module doc). */
  op(ctx: GenContext): Proposal;
  /** Observes invocations, completions and skips. */
  update?(event: GenEvent, ctx: GenContext): void;
}

/** The time of a proposal: its own, or now. */
export function timeOf(op: GenOp, ctx: GenContext): number {
  return op.time ?? ctx.time;
}

/** A copy of `ctx` whose scope is limited to `threads`. */
export function scoped(ctx: GenContext, threads: readonly number[]): GenContext {
  const set = new Set(threads);
  return Object.create(ctx, {
    threads: { value: ctx.threads.filter((t) => set.has(t)) },
    free: { value: ctx.free.filter((t) => set.has(t)) },
  });
}

/**
 * Runs `gen` on a random source of its own instead of the context's, so
 * that its draws do not depend on how other generators' draws interleave
 * with them (the nemesis's partitions then repeat for a seed, whatever the
 * clients' timing did to the shared stream).
 * @param random The source.
 * @param gen The generator.
 * @returns The generator.
 */
export function withRandom(random: Random, gen: Generator): Generator {
  const own = (ctx: GenContext): GenContext => Object.create(ctx, { random: { value: random } });
  return {
    op: (ctx) => gen.op(own(ctx)),
    update: (event, ctx) => gen.update?.(event, own(ctx)),
  };
}

/** Options of {@link fromFn}. */
export interface FromFnOptions {
  /** Observes every event (after the generator advanced past its own ops). */
  onEvent?: (event: GenEvent, ctx: GenContext) => void;
}

/**
 * A generator from a function that makes the next operation. The function
 * is called only when no proposal is cached; the result is cached until it
 * is invoked or skipped. Return `"pending"` to wait for a completion,
 * `undefined` when done (it is then never called again).
 * @param next Makes the next operation.
 * @param options `onEvent` to react to invocations and completions.
 * @returns The generator.
 * @example Endless reads
 * ```ts
 * import { fromFn } from "./generator.ts";
 * const reads = fromFn(() => ({ f: "read" }));
 * ```
 */
export function fromFn(
  next: (ctx: GenContext) => Proposal,
  options: FromFnOptions = {},
): Generator {
  let cached: GenOp | undefined;
  let done = false;
  return {
    op(ctx) {
      if (cached !== undefined) return cached;
      if (done) return undefined;
      const p = next(ctx);
      if (p === undefined) done = true;
      else if (p !== "pending") cached = p;
      return p;
    },
    update(event, ctx) {
      if (event.type !== "complete" && event.source === cached) cached = undefined;
      options.onEvent?.(event, ctx);
    },
  };
}

/**
 * Endless copies of an operation (a fresh object each time), or endless
 * results of a function.
 * @param make A template op or a function making one.
 * @returns The generator.
 */
export function repeat(make: GenOp | ((ctx: GenContext) => GenOp)): Generator {
  return fromFn((ctx) => typeof make === "function" ? make(ctx) : { ...make });
}

/**
 * The given operations, once each, in order.
 * @param ops Operations (copied).
 * @returns The generator.
 */
export function once(...ops: GenOp[]): Generator {
  let i = 0;
  return fromFn(() => i < ops.length ? { ...ops[i++] } : undefined);
}

/**
 * Limits a generator to `n` invocations.
 * @param n How many operations.
 * @param gen The generator.
 * @returns The generator.
 */
export function limit(n: number, gen: Generator): Generator {
  let left = n;
  return {
    op: (ctx) => left > 0 ? gen.op(ctx) : undefined,
    update(event, ctx) {
      if (event.type === "invoke") left--;
      gen.update?.(event, ctx);
    },
  };
}

/**
 * Each operation from a uniformly random member (Jepsen `mix`). Exhausted
 * members are dropped; exhausted when all are.
 * @param gens The members.
 * @returns The generator.
 */
export function mix(gens: readonly Generator[]): Generator {
  const live = [...gens];
  let chosen: Generator | undefined;
  return {
    op(ctx) {
      while (live.length > 0) {
        chosen ??= ctx.random.pick(live);
        const p = chosen.op(ctx);
        if (p !== undefined) return p;
        live.splice(live.indexOf(chosen), 1);
        chosen = undefined;
      }
      return undefined;
    },
    update(event, ctx) {
      if (event.type !== "complete") chosen = undefined;
      for (const g of gens) g.update?.(event, ctx);
    },
  };
}

/**
 * Drops operations failing `pred` and asks again (Jepsen `filter`).
 * @param pred Keep an operation when true.
 * @param gen The generator.
 * @returns The generator.
 */
export function filter(pred: (op: GenOp) => boolean, gen: Generator): Generator {
  return {
    op(ctx) {
      for (;;) {
        const p = gen.op(ctx);
        if (p === undefined || p === "pending" || pred(p)) return p;
        gen.update?.({ type: "skip", source: p }, ctx);
      }
    },
    update: (event, ctx) => gen.update?.(event, ctx),
  };
}

/**
 * Children one after another: the next starts as soon as the previous is
 * exhausted (without waiting for in-flight operations; see {@link phases}).
 * @param gens The children.
 * @returns The generator.
 */
export function seq(...gens: Generator[]): Generator {
  let i = 0;
  return {
    op(ctx) {
      for (; i < gens.length; i++) {
        const p = gens[i].op(ctx);
        if (p !== undefined) return p;
      }
      return undefined;
    },
    update: (event, ctx) => gens[Math.min(i, gens.length - 1)]?.update?.(event, ctx),
  };
}

/**
 * Children one after another; each starts only when the previous one is
 * exhausted and every thread in scope is idle (Jepsen `phases`).
 * @param gens The phases.
 * @returns The generator.
 */
export function phases(...gens: Generator[]): Generator {
  let i = 0;
  let waiting = false;
  return {
    op(ctx) {
      while (i < gens.length) {
        if (waiting) {
          if (ctx.free.length < ctx.threads.length) return "pending";
          waiting = false;
        }
        const p = gens[i].op(ctx);
        if (p !== undefined) return p;
        i++;
        waiting = true;
      }
      return undefined;
    },
    update: (event, ctx) => gens[Math.min(i, gens.length - 1)]?.update?.(event, ctx),
  };
}

/**
 * The soonest proposal of any child (Jepsen `any`): children run side by
 * side; an op beats `"pending"`, the earliest time wins, and ties are broken
 * at random (uniformly, like Jepsen's `soonest-op-map`). Every child sees
 * every event.
 * @param gens The children.
 * @returns The generator.
 */
export function any(...gens: Generator[]): Generator {
  return weightedAny(gens.map(() => () => 1), gens);
}

function weightedAny(
  weights: readonly ((ctx: GenContext) => number)[],
  gens: readonly Generator[],
): Generator {
  const done = new Set<Generator>();
  const soonest = new Soonest();
  return {
    op(ctx) {
      const candidates: Candidate[] = [];
      let pending = false;
      gens.forEach((g, i) => {
        if (done.has(g)) return;
        const p = g.op(ctx);
        if (p === undefined) done.add(g);
        else if (p === "pending") pending = true;
        else candidates.push({ op: p, weight: weights[i](ctx) });
      });
      return soonest.pick(candidates, ctx) ?? (pending ? "pending" : undefined);
    },
    update(event, ctx) {
      for (const g of gens) g.update?.(event, ctx);
    },
  };
}

/**
 * An independent copy of a generator per thread in scope (Jepsen
 * `each-thread`): each copy proposes only for its own thread and sees only
 * its thread's events. The soonest proposal among free threads wins; ties
 * (e.g. every thread's final read) go to a uniformly random thread.
 * @param make Makes the copy for a thread.
 * @returns The generator.
 */
export function eachThread(make: (thread: number) => Generator): Generator {
  const copies = new Map<number, Generator>();
  const done = new Set<number>();
  const soonest = new Soonest();
  const copy = (t: number) => {
    let g = copies.get(t);
    if (g === undefined) copies.set(t, g = make(t));
    return g;
  };
  return {
    op(ctx) {
      const candidates: Candidate[] = [];
      for (const t of ctx.free) {
        if (done.has(t)) continue;
        const p = copy(t).op(scoped(ctx, [t]));
        if (p === undefined) done.add(t);
        else if (p !== "pending") {
          p.thread = t;
          candidates.push({ op: p, weight: 1 });
        }
      }
      const best = soonest.pick(candidates, ctx);
      if (best !== undefined) return best;
      return ctx.threads.every((t) => done.has(t)) ? undefined : "pending";
    },
    update(event, ctx) {
      if (event.type === "skip") {
        for (const g of copies.values()) g.update?.(event, ctx);
      } else if (ctx.threads.includes(event.thread)) {
        copy(event.thread).update?.(event, scoped(ctx, [event.thread]));
      }
    },
  };
}

/**
 * Limits a generator to some threads (Jepsen `on-threads`); it sees only
 * their events.
 * @param threads The threads, or a predicate over thread numbers.
 * @param gen The generator.
 * @returns The generator.
 */
export function onThreads(
  threads: readonly number[] | ((thread: number) => boolean),
  gen: Generator,
): Generator {
  return within(
    (ctx) => typeof threads === "function" ? ctx.threads.filter(threads) : threads,
    gen,
  );
}

function within(select: (ctx: GenContext) => readonly number[], gen: Generator): Generator {
  const bound = new WeakSet<GenOp>();
  return {
    op(ctx) {
      const sub = scoped(ctx, select(ctx));
      if (sub.free.length === 0) return "pending";
      const p = gen.op(sub);
      if (p === undefined || p === "pending") return p;
      if (p.thread === undefined || bound.has(p)) {
        // Jepsen's fill-in-op: the rotation's next free thread in scope,
        // chosen afresh at every ask.
        p.thread = someFreeThread(sub);
        bound.add(p);
      }
      return p;
    },
    update(event, ctx) {
      const sub = scoped(ctx, select(ctx));
      if (event.type === "skip" || sub.threads.includes(event.thread)) gen.update?.(event, sub);
    },
  };
}

/**
 * The first `n` threads in scope run `reserved`, the rest run `rest`
 * (Jepsen `reserve` with one reservation).
 * @param n How many threads to reserve.
 * @param reserved Generator of the first `n` threads.
 * @param rest Generator of the others.
 * @returns The generator.
 */
export function reserve(n: number, reserved: Generator, rest: Generator): Generator {
  // Jepsen weighs ties by each range's thread count.
  return weightedAny([
    (ctx) => ctx.threads.slice(0, n).length,
    (ctx) => ctx.threads.slice(n).length,
  ], [
    within((ctx) => ctx.threads.slice(0, n), reserved),
    within((ctx) => ctx.threads.slice(n), rest),
  ]);
}

/**
 * Spaces operations by independent uniform gaps in `[0, 2·dt)` seconds,
 * globally (Jepsen `stagger`): an operation starts no earlier than the
 * scheduled time, and the schedule continues from its actual start.
 * @param dt Mean gap, seconds.
 * @param gen The generator.
 * @returns The generator.
 */
export function stagger(dt: number, gen: Generator): Generator {
  let next: number | undefined;
  let proposed: GenOp | undefined;
  return {
    op(ctx) {
      const p = gen.op(ctx);
      if (p === undefined || p === "pending") return p;
      const t = timeOf(p, ctx);
      // Behind schedule by no more than a late timer: keep to the schedule
      // (the op starts at once). Further behind (threads were busy): start
      // now and schedule from now, as Jepsen does.
      p.time = next === undefined || next < t - TIMER_SLACK_NS ? t : next;
      return proposed = p;
    },
    update(event, ctx) {
      // Only our own ops move the schedule (inside `any`, a sibling's
      // invocations reach us too).
      if (event.type === "invoke" && event.source === proposed) {
        // Jepsen's JVM wakes within microseconds of an op's time; our timers
        // fire a millisecond or two late. Lateness up to TIMER_SLACK_NS is
        // the timer's, not a busy thread's: continue from the scheduled time
        // so that the rate stays what was asked (1000/s is a gap of 1 ms).
        const scheduled = event.source.time ?? event.op.time;
        const late = event.op.time - scheduled;
        const base = late <= TIMER_SLACK_NS ? scheduled : event.op.time;
        next = base + Math.floor(ctx.random.uniform(0, 2 * dt * 1e9));
      }
      gen.update?.(event, ctx);
    },
  };
}

/** How late a timer may fire before the lateness counts as a real delay, ns. */
export const TIMER_SLACK_NS = 10_000_000;

/**
 * Stops proposing once `seconds` have passed (Jepsen `time-limit`):
 * counted from `start` (ns) if given, else from the first proposal.
 * @param seconds The limit.
 * @param gen The generator.
 * @param start Optional start, ns since the main phase began.
 * @returns The generator.
 */
export function timeLimit(seconds: number, gen: Generator, start?: number): Generator {
  let cutoff = start === undefined ? undefined : start + seconds * 1e9;
  return {
    // Not a latch: like Jepsen's TimeLimit, an op past the cutoff makes this
    // ask answer "exhausted", but Jepsen's interpreter keeps the old generator
    // while ops are in flight and asks again once one completes. So when every
    // client thread is busy and the nemesis's next op falls after the cutoff,
    // the main phase does not end: a freed thread still gets an op before it.
    op(ctx) {
      if (cutoff !== undefined && ctx.time >= cutoff) return undefined;
      const p = gen.op(ctx);
      if (p === undefined || p === "pending") return p;
      cutoff ??= timeOf(p, ctx) + seconds * 1e9;
      if (timeOf(p, ctx) >= cutoff) return undefined;
      return p;
    },
    update: (event, ctx) => gen.update?.(event, ctx),
  };
}

/**
 * Delays each operation by a uniform random gap in `[lo, hi)` seconds after
 * the previous completion of the same generator's thread (useful inside
 * {@link eachThread}, e.g. kafka's final polls).
 * @param lo Smallest gap, seconds.
 * @param hi Largest gap (exclusive), seconds.
 * @param gen The generator.
 * @returns The generator.
 */
export function gapped(lo: number, hi: number, gen: Generator): Generator {
  let earliest: number | undefined;
  let drawn: GenOp | undefined;
  return {
    op(ctx) {
      const p = gen.op(ctx);
      if (p === undefined || p === "pending") return p;
      if (drawn !== p && earliest !== undefined) {
        drawn = p;
        p.time = Math.max(timeOf(p, ctx), earliest + Math.floor(ctx.random.uniform(lo, hi) * 1e9));
      }
      return p;
    },
    update(event, ctx) {
      if (event.type === "complete") earliest = event.op.time;
      gen.update?.(event, ctx);
    },
  };
}

/**
 * Limits a generator to the client threads `0 … concurrency−1` (Jepsen
 * `clients`): the interpreter's context also holds the nemesis's thread,
 * numbered `concurrency` (see {@link nemesis}).
 * @param gen The client generator.
 * @returns The generator.
 */
export function clients(gen: Generator): Generator {
  return within((ctx) => ctx.threads.filter((t) => t < ctx.concurrency), gen);
}

/**
 * Limits a generator to the nemesis's thread, numbered `concurrency` in the
 * interpreter's context (Jepsen `nemesis`); its ops go to the nemesis.
 * @param gen The nemesis generator.
 * @returns The generator.
 */
export function nemesis(gen: Generator): Generator {
  return within((ctx) => ctx.threads.filter((t) => t === ctx.concurrency), gen);
}

/**
 * Ops from `a`, then `b`, then `a` again, … (Jepsen `flip-flop`); exhausted
 * as soon as the child whose turn it is is exhausted.
 * @param a The first child.
 * @param b The second child.
 * @returns The generator.
 */
export function flipFlop(a: Generator, b: Generator): Generator {
  const gens = [a, b];
  let i = 0;
  let last: GenOp | undefined;
  return {
    op(ctx) {
      const p = gens[i].op(ctx);
      if (p !== undefined && p !== "pending") last = p;
      return p;
    },
    update(event, ctx) {
      if (event.type === "complete") return;
      gens[i].update?.(event, ctx);
      if (event.type === "invoke" && event.source === last) i = 1 - i;
    },
  };
}

/**
 * One Jepsen `sleep` op: a free thread does nothing for `seconds`; not in
 * the history.
 * @param seconds How long.
 * @returns The generator.
 */
export function sleepOp(seconds: number): Generator {
  return once({ f: "sleep", value: seconds, kind: "sleep" });
}

/**
 * One Jepsen `log` op: a free thread logs `message`; not in the history.
 * @param message The line.
 * @returns The generator.
 */
export function logOp(message: string): Generator {
  return once({ f: "log", value: message, kind: "log" });
}

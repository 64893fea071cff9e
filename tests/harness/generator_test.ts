import assert from "node:assert/strict";
import {
  eachThread,
  filter,
  type GenContext,
  type Generator,
  type GenOp,
  mix,
  once,
  onThreads,
  phases,
  repeat,
  stagger,
  timeLimit,
  withRandom,
} from "./generator.ts";
import { Random } from "./random.ts";

function ctx(time: number, free: number[], threads = [0, 1, 2]): GenContext {
  return {
    time,
    threads,
    free,
    concurrency: threads.length,
    nodes: ["n0"],
    nodeOf: () => "n0",
    processOf: (t) => t,
    random: new Random(time + free.length),
  };
}

function take(gen: Generator, c: GenContext): GenOp {
  const p = gen.op(c);
  if (p === undefined || p === "pending") throw new Error(`no op: ${p}`);
  const thread = p.thread ?? c.free[0];
  gen.update?.({
    type: "invoke",
    thread,
    source: p,
    op: {
      index: 0,
      time: p.time ?? c.time,
      type: "invoke",
      process: thread,
      f: p.f,
      value: p.value,
    },
  }, c);
  return p;
}

Deno.test("a proposal is a peek: asking twice gives the same op until it is invoked", () => {
  let n = 0;
  const g = repeat(() => ({ f: "add", value: n++ }));
  const c = ctx(0, [0]);
  assert.equal(g.op(c), g.op(c));
  assert.equal(take(g, c).value, 0);
  assert.equal(take(g, c).value, 1);
});

Deno.test("stagger spaces ops by uniform gaps in [0, 2dt) from each actual start", () => {
  const g = stagger(0.01, repeat({ f: "x" }));
  let t = 0;
  const gaps: number[] = [];
  for (let i = 0; i < 200; i++) {
    const op = take(g, ctx(t, [0]));
    gaps.push(op.time! - t);
    t = op.time!;
  }
  const later = gaps.slice(1);
  assert.ok(later.every((g) => g >= 0 && g < 2e7));
  const mean = later.reduce((a, b) => a + b, 0) / later.length;
  assert.ok(mean > 0.7e7 && mean < 1.3e7, `mean ${mean}`);
});

Deno.test("stagger moves its schedule only for its own ops, not a sibling's inside any", () => {
  const staggered = stagger(10, repeat({ f: "slow" })); // mean gap 10 s
  const sibling = repeat({ f: "fast" });
  const g = {
    op: (c: GenContext) => sibling.op(c),
    update: (e: Parameters<NonNullable<Generator["update"]>>[0], c: GenContext) => {
      staggered.update?.(e, c);
      sibling.update?.(e, c);
    },
  };
  const first = take(staggered, ctx(0, [0]));
  const scheduled = staggered.op(ctx(1, [0])) as GenOp;
  for (let i = 0; i < 50; i++) take(g, ctx(2 + i, [0])); // the sibling's invocations
  assert.equal(first.time, 0);
  assert.equal((staggered.op(ctx(100, [0])) as GenOp).time, scheduled.time);
});

Deno.test("stagger keeps the requested rate when timers fire a little late", () => {
  const g = stagger(0.001, repeat({ f: "x" })); // 1000/s
  const random = new Random(42);
  const at = (time: number): GenContext => ({ ...ctx(time, [0]), random });
  let now = 0;
  for (let i = 0; i < 1000; i++) {
    const p = g.op(at(now)) as GenOp;
    if (p.time! > now) now = p.time! + 2e6; // a timer wakes us, 2 ms late; due ops start at once
    g.update?.({
      type: "invoke",
      thread: 0,
      source: p,
      op: { index: i, time: now, type: "invoke", process: 0, f: "x", value: null },
    }, at(now));
  }
  // 1000 ops at a 1 ms mean gap: about 1 s of schedule, plus the last lateness.
  assert.ok(now < 1.3e9, `1000 ops took ${now / 1e6} ms of schedule`);
});

Deno.test("timeLimit stops once an op would start after the limit", () => {
  const g = timeLimit(1, repeat({ f: "x" }), 0);
  assert.equal(take(g, ctx(0.5e9, [0])).f, "x");
  assert.equal(g.op(ctx(1e9, [0])), undefined);
});

Deno.test("eachThread gives every free thread its own copy, bound to it", () => {
  const g = eachThread(() => once({ f: "read", final: true }));
  const threads: number[] = [];
  const free = [0, 1, 2];
  for (let i = 0; i < 3; i++) {
    const op = take(g, ctx(0, free));
    threads.push(op.thread!);
    free.splice(free.indexOf(op.thread!), 1);
  }
  assert.deepEqual(threads.sort(), [0, 1, 2]);
  assert.equal(g.op(ctx(0, [0, 1, 2])), undefined);
});

Deno.test("phases waits for every thread to be idle before the next phase", () => {
  const g = phases(once({ f: "a" }), once({ f: "b" }));
  assert.equal(take(g, ctx(0, [0, 1, 2])).f, "a");
  assert.equal(g.op(ctx(0, [1, 2])), "pending");
  assert.equal(take(g, ctx(0, [0, 1, 2])).f, "b");
});

Deno.test("mix draws from its members and filter redraws rejected ops", () => {
  let n = -5;
  const g = filter(
    (op) => (op.value as number) >= 0,
    mix([repeat(() => ({ f: "add", value: n++ }))]),
  );
  assert.equal(take(g, ctx(0, [0])).value, 0);
});

Deno.test("eachThread breaks ties between free threads at random, like Jepsen's soonest-op-map", () => {
  const firsts = new Set<number>();
  for (let seed = 0; seed < 30; seed++) {
    const g = eachThread(() => once({ f: "read", final: true }));
    const c = { ...ctx(0, [0, 1, 2]), random: new Random(seed) };
    const p = g.op(c) as GenOp;
    assert.equal(g.op(c), p, "a peek: the same choice until something changes");
    firsts.add(p.thread!);
  }
  assert.deepEqual([...firsts].sort(), [0, 1, 2]);
});

Deno.test("onThreads binds an op to the rotation's next free thread, not a random one", () => {
  const g = onThreads([0, 1, 2], repeat({ f: "x" }));
  assert.equal((g.op({ ...ctx(0, [0, 1, 2]), nextThread: 1 }) as GenOp).thread, 1);
  assert.equal((g.op({ ...ctx(0, [0, 2]), nextThread: 1 }) as GenOp).thread, 2);
  assert.equal((g.op({ ...ctx(0, [0, 1]), nextThread: 3 }) as GenOp).thread, 0);
});

Deno.test("withRandom gives a generator draws of its own, whatever the context's stream did", () => {
  const draws = (wrap: (g: Generator) => Generator, t0: number) => {
    const g = wrap(repeat((c) => ({ f: "start-partition", value: c.random.int(0, 1e6) })));
    // Each ask comes with a different context stream (other generators drew from it).
    return Array.from({ length: 5 }, (_, i) => take(g, ctx(t0 + i, [0])).value);
  };
  const own = (g: Generator) => withRandom(new Random(5), g);
  assert.deepEqual(draws(own, 0), draws(own, 100));
  // Without it the same generator's draws follow the context's stream.
  assert.notDeepEqual(draws((g) => g, 0), draws((g) => g, 100));
});

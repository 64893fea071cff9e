import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type SimOptions, type SimResult, simulate } from "./_sim.ts";
import { PROFILES, TUNINGS } from "./profile.ts";

/** A network that delays (up to 20 ms, reordering), loses 5 % and cuts links about every 0.7 s. */
const hostile: SimOptions = { delay: [0, 20], drop: 0.05, partitionMs: 700, timeMs: 30_000 };

const describe = (r: SimResult) =>
  `violations ${
    JSON.stringify(r.violations.slice(0, 3))
  }, linearizable ${r.linearizable}: ${r.explanation}`;

Deno.test("on a hostile network, Raft's safety properties hold and every history is linearizable", () => {
  for (const profile of PROFILES) {
    for (const nodes of [3, 5]) {
      for (const seed of [1, 2, 3]) {
        const r = simulate({ ...hostile, nodes, seed, tuning: TUNINGS[profile] });
        const label = `${profile}, ${nodes} nodes, seed ${seed}`;
        assertEquals(r.violations, [], label);
        assertEquals(r.linearizable, true, `${label}: ${r.explanation}`);
        assert(r.ok > r.ops / 2, `${label}: only ${r.ok} of ${r.ops} ok`);
      }
    }
  }
});

Deno.test("with leader elections from the start (no first leader), safety and linearizability hold too", () => {
  for (const seed of [4, 5]) {
    const r = simulate({ ...hostile, nodes: 5, seed, firstLeader: null });
    assertEquals([r.violations, r.linearizable], [[], true], describe(r));
  }
});

Deno.test("on a healthy network every op is answered, with no :info and one leader", () => {
  for (const profile of PROFILES) {
    for (const nodes of [3, 5]) {
      const r = simulate({ nodes, seed: 1, timeMs: 10_000, tuning: TUNINGS[profile] });
      assertEquals([r.info, r.ok + r.fail, r.leaders.size], [0, r.ops, 1], `${profile} ${nodes}`);
    }
  }
});

/** The first seed whose run `bad` says is broken, or undefined within `seeds`. */
function firstBroken(options: SimOptions, bad: (r: SimResult) => boolean, seeds = 40) {
  for (let seed = 1; seed <= seeds; seed++) {
    const r = simulate({ ...options, seed });
    if (bad(r)) return { seed, r };
  }
  return undefined;
}

const partitioned: SimOptions = { ...hostile, nodes: 3, timeMs: 60_000, partitionMs: 500 };

Deno.test("broken: a node that votes twice in a term makes two leaders of one term, and the check sees it", () => {
  const found = firstBroken(
    { ...partitioned, unsafe: { voteTwice: true } },
    (r) => r.violations.some((v) => v.startsWith("election safety")),
  );
  assert(found !== undefined, "no seed broke election safety");
});

Deno.test("broken: a leader that reads without its lease serves stale reads once deposed, and the history is not linearizable", () => {
  const found = firstBroken(
    { ...partitioned, unsafe: { readWithoutLease: true } },
    (r) => r.linearizable === false,
  );
  assert(found !== undefined, "no seed produced a stale read");
  assert(/read of .* cannot be linearized/.test(found.r.explanation ?? ""), found.r.explanation);
  // The log itself is fine: only reads are wrong, and the lease check says which leader read.
  assertEquals(found.r.violations.filter((v) => !v.startsWith("lease:")), []);
  assert(found.r.violations.some((v) => v.startsWith("lease:")), "the lease check saw nothing");
});

Deno.test("broken: without dedupe a request forwarded again runs twice, and the history is not linearizable", () => {
  const found = firstBroken(
    { ...partitioned, unsafe: { noDedupe: true } },
    (r) => r.linearizable === false,
  );
  assert(found !== undefined, "no seed ran a request twice visibly");
  // The log is fine; the two copies answered differently, and the answer check says so.
  assertEquals(found.r.violations.filter((v) => !v.startsWith("two answers")), []);
  assert(
    found.r.violations.some((v) => v.startsWith("two answers")),
    "the answer check saw nothing",
  );
});

/** Heavier tails (exponential delays) and stalls: one node at a time stops for up to 0.4 s, its timer firing before it reads what waited. */
const stalling: SimOptions = {
  delay: [0, 10],
  delayDist: "exponential",
  partitionMs: 1500,
  pauses: { everyMs: 300, lenMs: [20, 400], timerFirst: true },
  timeMs: 30_000,
};

Deno.test("when nodes stall (timers late, messages in a burst) and delays have long tails, safety, the lease and linearizability hold", () => {
  for (const profile of PROFILES) {
    for (const nodes of [3, 5]) {
      for (const seed of [1, 2]) {
        const r = simulate({ ...stalling, nodes, seed, tuning: TUNINGS[profile] });
        const label = `${profile}, ${nodes} nodes, seed ${seed}`;
        assertEquals([r.violations, r.linearizable], [[], true], `${label}: ${describe(r)}`);
        // Not vacuous: the stalls slow the cluster down but most ops still get an answer.
        assert(r.ok > r.ops / 2, `${label}: only ${r.ok} of ${r.ops} ok`);
      }
    }
  }
});

Deno.test("the lease holds with clocks that differ within its margin (a leader's clock at 0.85 of its peers')", () => {
  for (const seed of [1, 2, 3]) {
    const r = simulate({
      ...partitioned,
      nodes: 5,
      timeMs: 30_000,
      seed,
      clockRates: [0.85, 1, 1, 1, 1],
    });
    assertEquals([r.violations, r.linearizable], [[], true], describe(r));
  }
});

Deno.test("broken clock assumption: a leader whose clock runs at 0.55 of its peers' reads after a new leader committed, and the lease check sees it", () => {
  const found = firstBroken(
    { ...partitioned, nodes: 5, timeMs: 30_000, clockRates: [0.55, 1, 1, 1, 1] },
    (r) => r.violations.some((v) => v.startsWith("lease:")),
  );
  assert(found !== undefined, "no seed broke the lease");
  // The log is fine: only the lease's promise (no newer leader while it runs) is broken.
  assertEquals(found.r.violations.filter((v) => !v.startsWith("lease:")), []);
});

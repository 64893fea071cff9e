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
  assertEquals(found.r.violations, []); // the log itself is fine: only reads are wrong
});

Deno.test("broken: without dedupe a request forwarded again runs twice, and the history is not linearizable", () => {
  const found = firstBroken(
    { ...partitioned, unsafe: { noDedupe: true } },
    (r) => r.linearizable === false,
  );
  assert(found !== undefined, "no seed ran a request twice visibly");
  assertEquals(found.r.violations, []);
});

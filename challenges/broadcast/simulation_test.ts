import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { nemesis, simulate } from "./_sim.ts";
import { PROFILES } from "./profile.ts";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);

Deno.test("frugal, 25 nodes at 100 ops/s: every value everywhere, about 1.4 messages per operation", () => {
  for (const seed of [1, 2]) {
    const r = simulate({ nodes: 25, profile: "frugal", seed });
    assertEquals(r.missing, 0);
    assertEquals(r.resends, 0, "no resends on a healthy network");
    assert(r.msgsPerOp < 1.45, `msgs-per-op ${r.msgsPerOp}`);
    // One hop to the hub, at most one round, one hop out.
    assert(r.spread.max <= 100 + 260 + 100 + 1, `max spread ${r.spread.max}`);
  }
});

Deno.test("latency, 25 nodes at 100 ops/s: one hop to everyone, recovery costs under 0.3 messages per operation", () => {
  const r = simulate({ nodes: 25, profile: "latency", seed: 1 });
  assertEquals(r.missing, 0);
  assertEquals(r.resends, 0, "no resends on a healthy network");
  assertEquals(r.spread.max, 100);
  const fanOut = (r.values * 24) / r.ops;
  assert(r.msgsPerOp - fanOut < 0.3, `msgs-per-op ${r.msgsPerOp}, fan-out alone ${fanOut}`);
});

Deno.test("under partitions nothing acknowledged is lost, and everything arrives within 6 s of the heal", () => {
  for (const profile of PROFILES) {
    for (const [nodes, rate] of [[5, 10], [25, 100]]) {
      for (const seed of [1, 4]) {
        const r = simulate({
          nodes,
          profile,
          rate,
          seed,
          timeLimitMs: 30_000,
          partition: nemesis(ids(nodes), seed),
        });
        const label = `${profile} ${nodes} nodes seed ${seed}`;
        assertEquals(r.missing, 0, label);
        assert(r.settledMs < 6000, `${label}: settled ${r.settledMs} ms after the heal`);
      }
    }
  }
});

Deno.test("a hub cut off from everyone for the whole run delays nothing beyond recovery", () => {
  for (const profile of PROFILES) {
    const cut = new Set<string>();
    for (const id of ids(25).slice(1)) cut.add(`n0 ${id}`).add(`${id} n0`);
    const r = simulate({ nodes: 25, profile, seed: 3, partition: () => cut });
    assertEquals(r.missing, 0, profile);
    assert(r.settledMs < 6000, `${profile}: settled ${r.settledMs} ms after the heal`);
  }
});

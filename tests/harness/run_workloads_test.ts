import assert from "node:assert/strict";
import { runFixture as run } from "./fixtures/mod.ts";

Deno.test("broadcast: gossip with retries survives partitions", async () => {
  const r = await run("broadcast", "retry", {
    workload: "broadcast",
    nodeCount: 5,
    rate: 20,
    timeLimit: 3,
    nemesis: ["partition"],
    nemesisInterval: 0.5,
  });
  assert.equal(r.exitCode, 0, JSON.stringify(r.results?.workload));
});

Deno.test("broadcast: a node that never gossips is rejected", async () => {
  const r = await run("broadcast", "none", { workload: "broadcast", nodeCount: 3, rate: 20 });
  assert.equal(r.exitCode, 1);
  assert.ok((r.results!.workload as { "lost-count": number })["lost-count"] > 0);
});

Deno.test("broadcast: sending once without retry loses messages under partitions", async () => {
  const r = await run("broadcast", "once", {
    workload: "broadcast",
    nodeCount: 5,
    rate: 40,
    timeLimit: 3,
    nemesis: ["partition"],
    nemesisInterval: 0.5,
  });
  assert.equal(r.exitCode, 1);
});

Deno.test("g-counter: a gossiped CRDT counter is accepted under partitions", async () => {
  const r = await run("counter", "ok", {
    workload: "g-counter",
    nodeCount: 3,
    rate: 50,
    nemesis: ["partition"],
    nemesisInterval: 0.5,
  });
  assert.equal(r.exitCode, 0, JSON.stringify(r.results?.workload));
});

Deno.test("pn-counter: a counter that counts only locally is rejected", async () => {
  const r = await run("counter", "local", { workload: "pn-counter", nodeCount: 3, rate: 50 });
  assert.equal(r.exitCode, 1);
  assert.ok((r.results!.workload as { errors: unknown[] }).errors.length > 0);
});

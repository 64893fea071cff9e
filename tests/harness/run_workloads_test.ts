import assert from "node:assert/strict";
import { fixtureBin } from "./fixtures/mod.ts";
import { defaultOptions, nodeIds, type TestOptions } from "./options.ts";
import { type RunResult, runTest } from "./run.ts";

const store = await Deno.makeTempDir({ prefix: "harness-store-" });

async function run(
  fixture: string,
  mode: string,
  options: Partial<TestOptions> & { nodeCount: number },
): Promise<RunResult> {
  const { nodeCount, ...rest } = options;
  return await runTest({
    ...defaultOptions(),
    bin: await fixtureBin(fixture),
    args: [mode],
    nodes: nodeIds(nodeCount),
    concurrency: nodeCount,
    timeLimit: 2,
    recovery: 1,
    seed: 42,
    storeDir: store,
    quiet: true,
    progress: false,
    ...rest,
  });
}

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

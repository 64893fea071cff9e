import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { fixtureBin } from "./fixtures/mod.ts";
import { defaultOptions, nodeIds, type TestOptions } from "./options.ts";
import { type RunResult, runTest } from "./run.ts";

const store = await Deno.makeTempDir({ prefix: "harness-store-" });
const root = fileURLToPath(new URL("../../", import.meta.url));

/** An executable running the real kafka node from source. */
async function kafkaBin(): Promise<string> {
  const path = `${await Deno.makeTempDir({ prefix: "kafka-node-" })}/kafka`;
  const script = `#!/bin/sh\nexec "${Deno.execPath()}" run --quiet --no-prompt ` +
    `--config "${root}deno.json" "${root}challenges/kafka/main.ts" "$@"\n`;
  await Deno.writeTextFile(path, script, { mode: 0o755 });
  return path;
}

async function run(
  bin: string,
  args: string[],
  nodeCount: number,
  extra: Partial<TestOptions> = {},
): Promise<RunResult> {
  return await runTest({
    ...defaultOptions(),
    workload: "kafka",
    bin,
    args,
    nodes: nodeIds(nodeCount),
    concurrency: 2 * nodeCount,
    rate: 200,
    timeLimit: 3,
    recovery: 1,
    seed: 5,
    storeDir: store,
    quiet: true,
    progress: false,
    ...extra,
  });
}

const errorTypes = (r: RunResult) =>
  (r.results?.workload as { "error-types"?: string[] } | undefined)?.["error-types"] ?? [];

Deno.test("kafka: a single-node log is accepted", async () => {
  const r = await run(await fixtureBin("kafka"), ["single"], 1);
  assert.equal(r.exitCode, 0, JSON.stringify(r.results?.workload));
});

Deno.test("kafka: independent per-node logs on two nodes are rejected", async () => {
  const r = await run(await fixtureBin("kafka"), ["independent"], 2);
  assert.equal(r.exitCode, 1);
  assert.ok(errorTypes(r).includes("inconsistent-offsets"), JSON.stringify(errorTypes(r)));
});

Deno.test("kafka: a node that acknowledges a send and drops it is rejected", async () => {
  const r = await run(await fixtureBin("kafka"), ["drop"], 1);
  assert.equal(r.exitCode, 1);
  assert.ok(errorTypes(r).includes("unseen"), JSON.stringify(errorTypes(r)));
});

Deno.test("kafka: the challenge node is accepted on two nodes, and under partitions on three", async () => {
  const bin = await kafkaBin();
  const two = await run(bin, [], 2);
  assert.equal(two.exitCode, 0, JSON.stringify(two.results?.workload));
  const three = await run(bin, [], 3, { nemesis: ["partition"], nemesisInterval: 0.5 });
  assert.equal(three.exitCode, 0, JSON.stringify(three.results?.workload));
});

Deno.test("kafka: the challenge node's lin-kv design is accepted on two nodes", async () => {
  const r = await run(await kafkaBin(), ["lin-kv"], 2);
  assert.equal(r.exitCode, 0, JSON.stringify(r.results?.workload));
});

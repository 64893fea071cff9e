import assert from "node:assert/strict";
import type { LinearizableKvResult } from "./checkers/linearizable.ts";
import { runFixture } from "./fixtures/mod.ts";
import type { TestOptions } from "./options.ts";
import type { RunResult } from "./run.ts";

/** Three nodes, two threads per node (one key group), 100 ops/s for 3 s. */
const run = (mode: string, extra: Partial<TestOptions> = {}): Promise<RunResult> =>
  runFixture("lin_kv", mode, {
    workload: "lin-kv",
    nodeCount: 3,
    concurrency: 6,
    rate: 100,
    timeLimit: 3,
    ...extra,
  });

const workload = (r: RunResult) => r.results?.workload as LinearizableKvResult;

Deno.test("lin-kv: a node forwarding every op to the lin-kv service is accepted", async () => {
  const r = await run("service");
  assert.equal(r.exitCode, 0, JSON.stringify(r.results));
  const w = workload(r);
  assert.deepEqual(w.failures, []);
  assert.ok(Object.keys(w.results).length >= 1);
  // Reads by the first three threads, writes and cas by the others.
  const invokes = r.history.filter((op) => op.type === "invoke");
  for (const op of invokes) {
    const thread = (op.process as number) % 6;
    assert.equal(op.f === "read", thread < 3, JSON.stringify(op));
  }
  const cas = r.history.filter((op) => op.f === "cas" && op.type === "ok");
  assert.ok(cas.length > 0, "some cas succeeded");
});

Deno.test("lin-kv: writes that time out (:info) but took effect are accepted", async () => {
  const r = await run("lossy");
  assert.equal(r.exitCode, 0, JSON.stringify(r.results));
  const infos = r.history.filter((op) => op.type === "info");
  assert.ok(infos.length > 0);
  assert.ok(infos.every((op) => op.error === "net-timeout" && op.f !== "read"));
  // Each :info gives its thread a new process.
  assert.ok(r.history.some((op) => (op.process as number) >= 6));
});

Deno.test("lin-kv: nodes that each keep their own map are rejected with an explanation", async () => {
  const r = await run("local");
  assert.equal(r.exitCode, 1);
  const w = workload(r);
  assert.equal(w["valid?"], false);
  assert.ok(w.failures.length > 0);
  const bad = w.results[String(w.failures[0])].linearizable;
  assert.match(bad.explanation!, /cannot be linearized: while it was open the register/);
  assert.ok(bad.op !== undefined && Array.isArray(bad.values));
});

Deno.test("lin-kv: a concurrency that is not a multiple of 2 × nodes crashes the run at start", async () => {
  const r = await run("service", { concurrency: 3 });
  assert.equal(r.exitCode, 255);
  assert.match(
    r.error!,
    /^Assert failed: With 3 worker threads, .* cannot run a key with 6 threads/,
  );
  assert.equal(r.history.length, 0);
  const r2 = await run("service", { concurrency: 9 });
  assert.equal(r2.exitCode, 255);
  assert.match(r2.error!, /can only use 6 of those threads to run 1 concurrent keys/);
});

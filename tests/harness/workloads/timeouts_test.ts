import assert from "node:assert/strict";
import { DEFAULT_TIMEOUT_MS } from "../client.ts";
import { runFixture } from "../fixtures/mod.ts";
import { defaultOptions, nodeIds } from "../options.ts";
import { Random } from "../random.ts";
import { WORKLOADS } from "./mod.ts";

/** A workload's client timeout at `latency` (ms), as the engine opens its clients. */
async function timeoutAt(name: string, latency: number): Promise<number> {
  const factory = await WORKLOADS[name]();
  const options = { ...defaultOptions(), workload: name, latency, nodes: nodeIds(3) };
  const workload = factory({ options, random: new Random(1) });
  return workload.rpcTimeoutMs ?? DEFAULT_TIMEOUT_MS;
}

Deno.test("client timeouts are Maelstrom's: lin-kv max(10 × latency, 1 s), every other workload 5 s", async () => {
  // src/maelstrom/workload/lin_kv.clj: (max (* 10 (:mean (:latency test))) 1000);
  // every other workload's RPCs use client.clj's default-timeout, 5000.
  for (const latency of [0, 50, 100, 150, 1000]) {
    for (const name of Object.keys(WORKLOADS)) {
      const want = name === "lin-kv" ? Math.max(10 * latency, 1000) : 5000;
      assert.equal(await timeoutAt(name, latency), want, `${name} at --latency ${latency}`);
    }
  }
});

Deno.test("lin-kv: an op whose answer is lost times out after 10 × latency when that beats 1 s", async () => {
  // The lossy fixture drops every fourth write/cas answer: those ops end
  // :info net-timeout, each after the client's timeout, 1.5 s at latency 150.
  const r = await runFixture("lin_kv", "lossy", {
    workload: "lin-kv",
    nodeCount: 1,
    concurrency: 2,
    rate: 20,
    timeLimit: 2,
    latency: 150,
  });
  const invoked = new Map<unknown, number>();
  const waited: number[] = [];
  for (const op of r.history) {
    if (op.type === "invoke") invoked.set(op.process, op.time);
    else if (op.type === "info") waited.push((op.time - invoked.get(op.process)!) / 1e6);
  }
  assert.ok(waited.length > 0, "some answer was dropped");
  for (const ms of waited) assert.ok(ms >= 1500 && ms < 1700, `timed out after ${ms} ms`);
});

import assert from "node:assert/strict";
import type { GenContext, GenOp } from "../generator.ts";
import type { Op } from "../history.ts";
import { Random } from "../random.ts";
import { concurrencyError, linearizableRegisterGenerator } from "./lin_kv.ts";

/**
 * Drives the generator like the interpreter (thread rotation included),
 * every thread always free: each
 * op completes at once, `:info` when `info(op)` says so (its thread then
 * gets a new process, old + concurrency).
 */
function drive(
  nodeCount: number,
  concurrency: number,
  count: number,
  info: (op: GenOp) => boolean = () => false,
): Array<GenOp & { process: number }> {
  const gen = linearizableRegisterGenerator(new Random(3), { nodeCount });
  const threads = Array.from({ length: concurrency }, (_, i) => i);
  const process = [...threads];
  const random = new Random(4);
  let nextThread = 0;
  const ctx = (): GenContext => ({
    time: 0,
    threads,
    free: threads,
    concurrency,
    nodes: Array.from({ length: nodeCount }, (_, i) => `n${i}`),
    nodeOf: (t) => `n${t % nodeCount}`,
    processOf: (t) => process[t],
    random,
    nextThread,
  });
  const out: Array<GenOp & { process: number }> = [];
  for (let i = 0; i < count; i++) {
    const p = gen.op(ctx());
    assert.ok(p !== undefined && p !== "pending");
    const t = p.thread!;
    const op = { index: i, time: 0, process: process[t], f: p.f, value: p.value } as Op;
    gen.update!({ type: "invoke", thread: t, source: p, op }, ctx());
    nextThread = (nextThread + 1) % (concurrency + 1);
    out.push({ ...p, process: process[t] });
    const crashed = info(p);
    const done = { ...op, type: crashed ? "info" : "ok" } as Op;
    if (crashed) process[t] += concurrency;
    gen.update!({ type: "complete", thread: t, invocation: op, op: done }, ctx());
  }
  return out;
}

Deno.test("concurrencyError() repeats Jepsen's assertions for a concurrency that is not k × 2N", () => {
  assert.equal(
    concurrencyError(1, 2),
    "Assert failed: With 1 worker threads, this jepsen.concurrent/concurrent-generator " +
      "cannot run a key with 2 threads concurrently. Consider raising your test's " +
      ":concurrency to at least 2.",
  );
  assert.match(concurrencyError(10, 4)!, /has 10 threads .* can only use 8 .* 2 concurrent keys/);
  assert.equal(concurrencyError(4, 2), undefined);
  assert.equal(concurrencyError(6, 6), undefined);
});

Deno.test("linearizableRegisterGenerator() gives each group of 2N threads its own key, the first N reading", () => {
  const ops = drive(2, 8, 2000);
  for (const op of ops) {
    const [key, v] = op.value as [number, unknown];
    const t = op.thread!;
    assert.equal(key, t < 4 ? 0 : 1);
    assert.equal(op.f === "read", t % 4 < 2, JSON.stringify(op));
    if (op.f === "read") assert.equal(v, null);
    if (op.f === "write") {
      assert.ok(Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 4);
    }
    if (op.f === "cas") {
      for (const x of v as number[]) assert.ok(Number.isInteger(x) && x >= 0 && x <= 4);
    }
  }
  const writers = ops.filter((op) => op.f !== "read");
  const writes = writers.filter((op) => op.f === "write").length / writers.length;
  assert.ok(writes > 0.28 && writes < 0.39, `write share ${writes}`);
  assert.ok(new Set(ops.map((op) => op.thread)).size === 8);
});

Deno.test("linearizableRegisterGenerator() moves a group to the next key once more than 20 processes took part", () => {
  // One node: groups of 2 threads (processes 0 and 1 at first); every write
  // or cas ends :info, so each adds a process. After 19 such ops the group
  // has had 21 processes and takes key 1.
  let infos = 0;
  const ops = drive(1, 2, 400, (op) => op.f !== "read" && ++infos > 0);
  const firstKey1 = ops.findIndex((op) => (op.value as [number])[0] === 1);
  assert.ok(firstKey1 > 0);
  const before = ops.slice(0, firstKey1);
  assert.ok(before.every((op) => (op.value as [number])[0] === 0));
  const procs = new Set(before.map((op) => op.process));
  assert.equal(procs.size, 20);
  // Keys only go up, one at a time.
  let key = 0;
  for (const op of ops) {
    const k = (op.value as [number])[0];
    assert.ok(k === key || k === key + 1);
    key = k;
  }
  assert.ok(key >= 3);
});

Deno.test("linearizableRegisterGenerator() fails at its first op with too few threads", () => {
  const gen = linearizableRegisterGenerator(new Random(1), { nodeCount: 3 });
  const ctx = { threads: [0, 1, 2], free: [0, 1, 2] } as unknown as GenContext;
  assert.throws(() => gen.op(ctx), /With 3 worker threads/);
});

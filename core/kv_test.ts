import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { CodedError, KV, TSO } from "../mod.ts";
import type { Message } from "./message.ts";
import { TestNode } from "./testing.ts";

/**
 * A fake linearizable KV service: answers every request the node sent to it,
 * as lin-kv would.
 */
async function serve(t: TestNode, state: Map<string, unknown>, service = "lin-kv"): Promise<void> {
  await t.advance(0);
  for (const m of t.take((m: Message) => m.dest === service)) {
    const b = m.body;
    const key = JSON.stringify(b.key);
    let reply: Record<string, unknown>;
    if (b.type === "read") {
      reply = state.has(key)
        ? { type: "read_ok", value: state.get(key) }
        : { type: "error", code: 20, text: "key does not exist" };
    } else if (b.type === "write") {
      state.set(key, b.value);
      reply = { type: "write_ok" };
    } else if (b.type === "cas") {
      if (!state.has(key) && !b.create_if_not_exists) {
        reply = { type: "error", code: 20, text: "key does not exist" };
      } else if (state.has(key) && JSON.stringify(state.get(key)) !== JSON.stringify(b.from)) {
        reply = {
          type: "error",
          code: 22,
          text: `current value ${state.get(key)} is not ${b.from}`,
        };
      } else {
        state.set(key, b.to);
        reply = { type: "cas_ok" };
      }
    } else if (b.type === "ts") {
      const n = (state.get("ts") as number | undefined) ?? 0;
      state.set("ts", n + 1);
      reply = { type: "ts_ok", ts: n };
    } else continue;
    await t.deliver({ src: service, dest: m.src, body: { ...reply, in_reply_to: b.msg_id } });
  }
}

async function started(): Promise<TestNode> {
  const t = new TestNode(() => {});
  await t.init();
  return t;
}

async function settleWith<T>(
  t: TestNode,
  state: Map<string, unknown>,
  p: Promise<T>,
  service?: string,
) {
  const outcome = p.then((value) => ({ value }), (error: unknown) => ({ error }));
  await serve(t, state, service);
  return await outcome;
}

Deno.test("KV.read() resolves a stored value and rejects a missing key with code 20", async () => {
  const t = await started();
  const kv = new KV(t.node, "lin-kv");
  const state = new Map<string, unknown>([[JSON.stringify("x"), 7]]);
  assertEquals(await settleWith(t, state, kv.read("x")), { value: 7 });
  const missing = await settleWith(t, state, kv.read("y"));
  ok("error" in missing && missing.error instanceof CodedError && missing.error.code === 20);
  assertEquals(await settleWith(t, state, kv.readOr("y", 0)), { value: 0 });
});

Deno.test("KV.cas() creates a missing key only with createIfNotExists, and rejects a mismatch with 22", async () => {
  const t = await started();
  const kv = new KV(t.node, "seq-kv");
  const state = new Map<string, unknown>();
  const noCreate = await settleWith(t, state, kv.cas("c", 0, 1), "seq-kv");
  ok("error" in noCreate && (noCreate.error as CodedError).code === 20);
  assertEquals(
    await settleWith(t, state, kv.cas("c", 0, 1, { createIfNotExists: true }), "seq-kv"),
    { value: undefined },
  );
  const mismatch = await settleWith(t, state, kv.cas("c", 0, 2), "seq-kv");
  ok("error" in mismatch && (mismatch.error as CodedError).code === 22);
  assertEquals(state.get(JSON.stringify("c")), 1);
});

Deno.test("KV.write() sends key and value and resolves on write_ok", async () => {
  const t = await started();
  const kv = new KV(t.node, "lin-kv");
  const state = new Map<string, unknown>();
  await settleWith(t, state, kv.write(3, { nested: [1] }));
  assertEquals(state.get("3"), { nested: [1] });
});

Deno.test("KV calls reject with code 0 when the service does not answer in time", async () => {
  const t = await started();
  const kv = new KV(t.node, "lin-kv", { timeout: 200 });
  const outcome = kv.read("x").then(() => "ok", (e: CodedError) => e.code);
  await t.advance(200);
  assertEquals(await outcome, 0);
  assertEquals(t.node.pendingRpcs, 0);
});

Deno.test("TSO.ts() returns increasing timestamps from lin-tso", async () => {
  const t = await started();
  const tso = new TSO(t.node);
  const state = new Map<string, unknown>();
  assertEquals(await settleWith(t, state, tso.ts(), "lin-tso"), { value: 0 });
  assertEquals(await settleWith(t, state, tso.ts(), "lin-tso"), { value: 1 });
});

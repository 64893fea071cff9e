import assert from "node:assert/strict";
import { z } from "zod";
import { Client } from "./client.ts";
import { MalformedReply, RpcError, RpcTimeout } from "./errors.ts";
import { completionForError } from "./interpreter.ts";
import { Network } from "./network.ts";
import type { Workload } from "./workload.ts";

function echoNode(net: Network, reply: (body: Record<string, unknown>) => Record<string, unknown>) {
  const seen: number[] = [];
  net.register("n0", (ms) => {
    for (const m of ms) {
      seen.push(m.body.msg_id as number);
      net.send("n0", m.src, { ...reply(m.body), in_reply_to: m.body.msg_id });
    }
  });
  return seen;
}

Deno.test("client numbers msg_ids 1, 2, 3 per client and returns the reply", async () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
  const seen = echoNode(net, (b) => ({ type: "echo_ok", echo: b.echo }));
  const c = new Client(net, "c0", "n0");
  for (const n of [1, 2, 3]) {
    assert.equal((await c.rpc({ type: "echo", echo: n }, { echo: z.unknown() })).echo, n);
  }
  assert.deepEqual(seen, [1, 2, 3]);
  c.close();
  net.close();
});

Deno.test("client rejects replies with extra keys as malformed, and error bodies as RpcError", async () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
  let mode = "extra";
  echoNode(
    net,
    () => mode === "extra" ? { type: "read_ok", value: 1, extra: 1 } : { type: "error", code: 11 },
  );
  const c = new Client(net, "c0", "n0");
  await assert.rejects(c.rpc({ type: "read" }, { value: z.int() }), MalformedReply);
  mode = "error";
  await assert.rejects(
    c.rpc({ type: "read" }, { value: z.int() }),
    (e) => e instanceof RpcError && e.definite,
  );
  c.close();
  net.close();
});

Deno.test("client times out when no reply comes", async () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
  net.register("n0", () => {});
  const c = new Client(net, "c0", "n0", 20);
  await assert.rejects(c.rpc({ type: "read" }, {}), RpcTimeout);
  c.close();
  net.close();
});

Deno.test("errors map to fail/info by definiteness, idempotence and wrapping", () => {
  const w = { wrapErrors: true, idempotent: new Set(["read"]) } as unknown as Workload;
  const raw = { wrapErrors: false, idempotent: new Set() } as unknown as Workload;
  const def = new RpcError({ type: "error", code: 11, text: "nope" });
  const indef = new RpcError({ type: "error", code: 13 });
  assert.deepEqual(completionForError(def, "broadcast", w), {
    type: "fail",
    error: ["temporarily-unavailable", "nope"],
    code: 11,
  });
  assert.equal(completionForError(indef, "broadcast", w).type, "info");
  assert.equal(completionForError(indef, "read", w).type, "fail");
  assert.deepEqual(completionForError(new RpcTimeout(5), "read", w), {
    type: "fail",
    error: "net-timeout",
  });
  assert.equal(completionForError(new RpcTimeout(5), "add", w).type, "info");
  const u = completionForError(def, "read", raw);
  assert.equal(u.type, "info");
  assert.match(String(u.error), /^indeterminate: /);
  const m = completionForError(new MalformedReply("x", {}), "read", w);
  assert.equal(m.type, "info");
  assert.match(m.exception!, /Malformed RPC response/);
});

Deno.test("client receives a late reply only during its next request, and never once closed (Maelstrom recv!)", async () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
  const pending: Record<string, unknown>[] = [];
  net.register("n0", (ms) => void pending.push(...ms.map((m) => ({ src: m.src, ...m.body }))));
  const recvs = () => net.journal(0).filter((e) => e.type === "recv" && e.message.dest !== "n0");
  const c = new Client(net, "c0", "n0");
  await assert.rejects(c.send({ type: "echo" }, 20), RpcTimeout);
  const late = pending.shift()!;
  net.send("n0", "c0", { type: "echo_ok", in_reply_to: late.msg_id });
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(recvs().length, 0, "not waiting: the late reply stays queued");
  const second = c.send({ type: "echo" }, 1000);
  assert.equal(recvs().length, 1, "received (and dropped) once the client waits again");
  const req = pending.shift()!;
  net.send("n0", "c0", { type: "echo_ok", in_reply_to: req.msg_id });
  assert.equal((await second).in_reply_to, 2);
  const d = new Client(net, "c1", "n0");
  await assert.rejects(d.send({ type: "echo" }, 20), RpcTimeout);
  net.send("n0", "c1", { type: "echo_ok", in_reply_to: 1 });
  d.close();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(recvs().filter((e) => e.message.dest === "c1").length, 0);
  c.close();
  net.close();
});

import { deepStrictEqual as assertEquals, ok as assert, rejects } from "node:assert/strict";
import { KV, type Node } from "../../mod.ts";
import { Cluster } from "../_testing/cluster.ts";
import { FakeSeqKv } from "../_testing/seq_kv.ts";
import { SeqKvCounter, type SeqKvCounterOptions } from "./counter.ts";
import { gCounterNode } from "./main.ts";

const ids = ["n0", "n1", "n2"];

async function cluster(options: SeqKvCounterOptions = {}, kv = new FakeSeqKv()) {
  const c = new Cluster(ids, (node: Node) => gCounterNode(node, options), {
    services: { "seq-kv": kv },
  });
  await c.init();
  return { c, kv };
}

const kvRequests = (kv: FakeSeqKv, src: string) => kv.requests.filter((r) => r.src === src);

Deno.test("fake seq-kv serves stale reads until a state-changing request pins the sender", () => {
  const kv = new FakeSeqKv();
  kv.handle("n0", { type: "write", key: "x", value: 1 });
  kv.handle("n0", { type: "write", key: "x", value: 2 });
  assertEquals(kv.handle("n1", { type: "read", key: "x" })?.code, 20);
  kv.handle("n1", { type: "write", key: "pin", value: 1 });
  assertEquals(kv.handle("n1", { type: "read", key: "x" }), { type: "read_ok", value: 2 });
});

Deno.test("g-counter add is acknowledged only after seq-kv holds the node's new total", async () => {
  const { c, kv } = await cluster();
  c.drop = (m) => m.dest === "seq-kv";
  const reply = c.send("n0", { type: "add", delta: 3 });
  await c.run(500);
  assertEquals(reply(), undefined);
  assertEquals(kv.newest("g-counter/n0"), undefined);
  c.heal();
  await c.run(1500);
  assertEquals(reply()?.type, "add_ok");
  assertEquals((kv.newest("g-counter/n0") as { sum: number }).sum, 3);
});

Deno.test("g-counter read sums every node's key after pinning seq-kv to its newest version", async () => {
  // The fake always serves the stalest version a sender may see.
  const { c, kv } = await cluster();
  assertEquals((await c.request("n1", { type: "add", delta: 4 })).type, "add_ok");
  assertEquals((await c.request("n2", { type: "add", delta: 2 })).type, "add_ok");
  // Without a pin, n0 (which never talked to seq-kv) would see nothing.
  assertEquals(kv.handle("n0-probe", { type: "read", key: "g-counter/n1" })?.code, 20);
  assertEquals(await c.request("n0", { type: "read" }), {
    type: "read_ok",
    value: 6,
    in_reply_to: 1,
  });
  const [first, ...rest] = kvRequests(kv, "n0");
  assertEquals(first.body.type, "cas");
  assertEquals(rest.map((r) => r.body.type), ["read", "read"]);
});

Deno.test("g-counter read sees adds acknowledged after earlier reads of the same node", async () => {
  const { c } = await cluster();
  for (let i = 1; i <= 5; i++) {
    assertEquals((await c.request(`n${i % 3}`, { type: "add", delta: i })).type, "add_ok");
    for (const id of ids) {
      assertEquals((await c.request(id, { type: "read" })).value, (i * (i + 1)) / 2);
    }
  }
});

Deno.test("g-counter answers reads within maxStaleness from the last fresh sum, without seq-kv", async () => {
  const { c, kv } = await cluster({ maxStaleness: 250 });
  await c.request("n1", { type: "add", delta: 4 });
  assertEquals((await c.request("n0", { type: "read" })).value, 4);
  const before = kv.requests.length;
  await c.clock.advance(100);
  assertEquals((await c.request("n0", { type: "read" })).value, 4);
  assertEquals(kv.requests.length, before);
  // Its own adds show at once; after maxStaleness it goes back to seq-kv.
  await c.request("n0", { type: "add", delta: 1 });
  assertEquals((await c.request("n0", { type: "read" })).value, 5);
  await c.request("n2", { type: "add", delta: 2 });
  await c.clock.advance(200);
  assertEquals((await c.request("n0", { type: "read" })).value, 7);
});

Deno.test("g-counter coalesces adds and reads that arrive during a write into the next one", async () => {
  const { c, kv } = await cluster();
  const replies = [1, 2, 3, 4].map((delta) => c.send("n0", { type: "add", delta }));
  const read = c.send("n0", { type: "read" });
  await c.pump();
  assert(replies.every((r) => r()?.type === "add_ok"));
  assertEquals(read()?.value, 10);
  const cas = kvRequests(kv, "n0").filter((r) => r.body.type === "cas");
  assertEquals(cas.length, 2, "the first add's write, then one for the other three and the read");
});

Deno.test("g-counter acknowledges adds with delta 0 without writing", async () => {
  const { c, kv } = await cluster();
  assertEquals((await c.request("n0", { type: "add", delta: 0 })).type, "add_ok");
  assertEquals(kv.requests.length, 0);
});

Deno.test("g-counter rejects a negative delta", async () => {
  const { c } = await cluster();
  const reply = await c.request("n0", { type: "add", delta: -1 });
  assertEquals([reply.type, reply.code], ["error", 12]);
});

Deno.test("g-counter finds out what its key holds after a write whose reply was lost", async () => {
  const kv = new FakeSeqKv();
  // Deliver n0's second CAS to seq-kv but lose the reply: n0 cannot tell
  // whether it landed, times out, and must not count it twice.
  let casSeen = 0;
  const lossy = {
    handle(src: string, body: Record<string, unknown>) {
      const reply = kv.handle(src, body);
      if (src === "n0" && body.type === "cas" && ++casSeen === 2) return undefined;
      return reply;
    },
  };
  const c = new Cluster(ids, (node: Node) => gCounterNode(node, {}), {
    services: { "seq-kv": lossy },
  });
  await c.init();
  assertEquals((await c.request("n0", { type: "add", delta: 1 })).type, "add_ok");
  const second = c.send("n0", { type: "add", delta: 2 });
  await c.run(900);
  assertEquals(second(), undefined);
  const third = c.send("n0", { type: "add", delta: 4 });
  await c.run(1500);
  assertEquals(second()?.type, "add_ok");
  assertEquals(third()?.type, "add_ok");
  assertEquals((await c.request("n1", { type: "read" })).value, 7);
  assertEquals((kv.newest("g-counter/n0") as { sum: number }).sum, 7);
});

Deno.test("g-counter answers with an error before the client's timeout when seq-kv is silent", async () => {
  const { c } = await cluster({ deadline: 3000 });
  c.drop = (m) => m.dest === "seq-kv";
  const add = c.send("n0", { type: "add", delta: 1 });
  const read = c.send("n0", { type: "read" });
  await c.run(2990, 10);
  assertEquals([add(), read()], [undefined, undefined]);
  await c.run(20, 10);
  assertEquals([add()?.code, read()?.code], [13, 11]);
  c.heal();
  await c.run(2000);
  const toClients = c.replies.filter((m) => m.dest === "c1" || m.dest === "c2");
  assertEquals(toClients.length, 2, "no second, late reply");
});

Deno.test("SeqKvCounter.add rejects a delta that is not a safe integer", async () => {
  const c = new Cluster(["n0"], () => {});
  const node = c.node("n0").node;
  const counter = new SeqKvCounter(node, new KV(node, "seq-kv"));
  await rejects(() => counter.add(1.5));
});

Deno.test("g-counter reads every add acknowledged before them while seq-kv serves random stale versions", async () => {
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const kv = new FakeSeqKv({ pick: (lo, hi) => lo + Math.floor(random() * (hi - lo + 1)) });
  const { c } = await cluster({}, kv);
  let sum = 0;
  for (let i = 0; i < 60; i++) {
    const id = ids[Math.floor(random() * 3)];
    if (random() < 0.4) {
      const delta = Math.floor(random() * 5);
      assertEquals((await c.request(id, { type: "add", delta })).type, "add_ok");
      sum += delta;
    } else {
      assertEquals((await c.request(id, { type: "read" })).value, sum);
    }
  }
});

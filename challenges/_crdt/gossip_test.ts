import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import type { Node } from "../../mod.ts";
import { Cluster } from "../_testing/cluster.ts";
import { gSetNode } from "../g-set/main.ts";
import { pnCounterNode } from "../pn-counter/main.ts";

const ids = ["n0", "n1", "n2", "n3", "n4"];

async function gSet(): Promise<Cluster> {
  const c = new Cluster(ids, (node: Node) => gSetNode(node));
  await c.init();
  return c;
}

async function reads(c: Cluster): Promise<unknown[]> {
  const out = [];
  for (const id of ids) {
    const v = (await c.request(id, { type: "read" })).value;
    out.push(Array.isArray(v) ? [...v].sort((a, b) => a - b) : v);
  }
  return out;
}

Deno.test("gossip brings every node every add within a few rounds", async () => {
  const c = await gSet();
  for (let i = 0; i < 10; i++) await c.request(ids[i % 5], { type: "add", element: i });
  await c.run(600);
  const all = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  assertEquals(await reads(c), ids.map(() => all));
});

Deno.test("gossip converges within 2 s after a partition heals", async () => {
  const c = await gSet();
  c.partition(["n0", "n1"], ["n2", "n3", "n4"]);
  for (let i = 0; i < 20; i++) {
    await c.request(ids[i % 5], { type: "add", element: i });
    await c.run(500);
  }
  const sides = await reads(c);
  assert((sides[0] as number[]).length < 20, "a partition keeps elements apart");
  c.heal();
  await c.run(2000);
  const all = Array.from({ length: 20 }, (_, i) => i);
  assertEquals(await reads(c), ids.map(() => all));
});

Deno.test("gossip sends only what a peer lacks, and nothing once everyone has everything", async () => {
  const c = await gSet();
  for (let i = 0; i < 5; i++) await c.request(ids[i], { type: "add", element: i });
  await c.run(2000);
  c.sent.length = 0;
  await c.run(5000);
  assertEquals(c.sent.length, 0, "silence when nothing changed");
  await c.request("n3", { type: "add", element: 99 });
  await c.run(1000);
  const data = c.sent.filter((m) => m.body.delta !== undefined);
  assertEquals(data.length, 4, "one message to each peer");
  for (const m of data) assertEquals(m.body.delta, { n3: { from: 1, elements: [99] } });
  const acks = c.sent.filter((m) => m.body.delta === undefined);
  assertEquals(acks.length, 4, "one acknowledgement from each peer");
});

Deno.test("gossip relays an origin's adds to a peer it cannot reach (anti-entropy)", async () => {
  const c = await gSet();
  c.drop = (m) => (m.src === "n0" && m.dest === "n2") || (m.src === "n2" && m.dest === "n0");
  await c.request("n0", { type: "add", element: 7 });
  await c.run(3000);
  assertEquals((await c.request("n2", { type: "read" })).value, [7]);
});

Deno.test("gossip backs off retransmissions to a peer that does not answer", async () => {
  const c = await gSet();
  c.partition(["n4"], ["n0", "n1", "n2", "n3"]);
  await c.request("n0", { type: "add", element: 1 });
  await c.run(10_000);
  const toN4 = c.sent.filter((m) => m.src === "n0" && m.dest === "n4");
  assert(toN4.length <= 8, `n0 sent n4 ${toN4.length} messages in 10 s`);
  c.heal();
  await c.run(2000);
  assertEquals((await c.request("n4", { type: "read" })).value, [1]);
});

Deno.test("gossip sends a cut-off peer data only on backed-off retransmissions, however often it changes", async () => {
  const c = await gSet();
  c.partition(["n4"], ["n0", "n1", "n2", "n3"]);
  for (let i = 0; i < 50; i++) {
    await c.request("n0", { type: "add", element: i });
    await c.run(200);
  }
  const toN4 = c.sent.filter((m) => m.src === "n0" && m.dest === "n4").length;
  const toN1 = c.sent.filter((m) => m.src === "n0" && m.dest === "n1").length;
  assert(toN1 >= 45, `n0 sent n1 ${toN1} messages in 10 s`);
  assert(toN4 <= 12, `n0 sent n4 ${toN4} messages in 10 s`);
  c.heal();
  await c.run(2000);
  assertEquals(((await c.request("n4", { type: "read" })).value as unknown[]).length, 50);
});

Deno.test("pn-counter answers adds and reads at once and converges to the sum of all adds", async () => {
  const c = new Cluster(ids, (node: Node) => pnCounterNode(node));
  await c.init();
  c.partition(["n0", "n3"], ["n1", "n2", "n4"]);
  let sum = 0;
  for (let i = 0; i < 30; i++) {
    const delta = (i * 7) % 10 - 5;
    sum += delta;
    assertEquals((await c.request(ids[i % 5], { type: "add", delta })).type, "add_ok");
    await c.run(100);
  }
  assertEquals((await c.request("n0", { type: "read" })).type, "read_ok");
  c.heal();
  await c.run(2000);
  assertEquals(await reads(c), ids.map(() => sum));
});

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { TestNode } from "../../core/testing.ts";
import { broadcastNode } from "./main.ts";

const ids = ["n0", "n1", "n2"];

async function started(nodeId: string, args: string[] = []): Promise<TestNode> {
  const t = new TestNode((node) => broadcastNode(node), { nodeId, nodeIds: ids, args });
  await t.init();
  return t;
}

Deno.test("broadcast is answered with broadcast_ok at once, and read returns the value", async () => {
  const t = await started("n1");
  const ok = await t.request("c1", { type: "broadcast", message: 42 });
  assertEquals(Object.keys(ok).sort(), ["in_reply_to", "type"]);
  assertEquals(ok.type, "broadcast_ok");
  const read = await t.request("c1", { type: "read" });
  assertEquals(read.messages, [42]);
  assertEquals(Object.keys(read).sort(), ["in_reply_to", "messages", "type"]);
  await t.node.close();
});

Deno.test("topology is answered and ignored", async () => {
  const t = await started("n1");
  const reply = await t.request("c1", {
    type: "topology",
    topology: { n0: ["n1"], n1: ["n0", "n2"], n2: ["n1"] },
  });
  assertEquals(reply.type, "topology_ok");
  await t.request("c1", { type: "broadcast", message: 1 });
  assertEquals(t.take((m) => m.dest === "n0").length, 1, "the hub, not a topology neighbour");
  await t.node.close();
});

Deno.test("by default (frugal) a node hands new values to the hub, which batches them every round", async () => {
  const t = await started("n0");
  await t.deliver({
    src: "n2",
    dest: "n0",
    body: { type: "gossip", values: [[2, 1, 7]], have: [0, 0, 1], yours: [0, 0, 0] },
  });
  assertEquals(t.take((m) => m.dest.startsWith("n")).length, 0);
  await t.advance(260);
  const batch = t.take((m) => m.dest === "n1");
  assertEquals(batch.length, 1);
  assertEquals(batch[0].body.values, [[2, 1, 7]]);
  assertEquals((await t.request("c1", { type: "read" })).messages, [7]);
  await t.node.close();
});

Deno.test("the word latency on the command line selects direct fan-out", async () => {
  const t = await started("n1", ["latency"]);
  await t.request("c1", { type: "broadcast", message: 9 });
  const sent = t.take((m) => m.body.type === "gossip");
  assertEquals(sent.map((m) => m.dest).sort(), ["n0", "n2"]);
  await t.node.close();
});

Deno.test("an unacknowledged value is resent by its origin after 5 s, asking for an answer", async () => {
  const t = await started("n1", ["latency"]);
  await t.request("c1", { type: "broadcast", message: 9 });
  t.take();
  await t.advance(5000);
  const resent = t.take((m) => m.body.ack === true);
  assertEquals(resent.map((m) => m.dest).sort(), ["n0", "n2"]);
  await t.deliver({
    src: "n2",
    dest: "n1",
    body: { type: "gossip", values: [[1, 1, 9]], ack: true },
  });
  assertEquals(t.take((m) => m.dest === "n2").map((m) => m.body.ack), [undefined]);
  await t.node.close();
});

Deno.test("a malformed gossip message is rejected without harm", async () => {
  const t = await started("n1");
  await t.deliver({ src: "n2", dest: "n1", body: { type: "gossip", values: "nope" } });
  assertEquals((await t.request("c1", { type: "read" })).messages, []);
  await t.node.close();
});

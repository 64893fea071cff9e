import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Node } from "../../mod.ts";
import { TestNode } from "../../core/testing.ts";
import { Cluster } from "../_testing/cluster.ts";
import { FORWARD_TIMEOUT, txnListAppendNode } from "./main.ts";

async function cluster() {
  const c = new Cluster(["n0", "n1"], (node: Node) => txnListAppendNode(node));
  await c.init();
  return c;
}

Deno.test("txn-list-append leader answers txn_ok with reads filled in, in order, appends unchanged", async () => {
  const t = new TestNode((n) => txnListAppendNode(n), { nodeIds: ["n0", "n1"] });
  await t.init();
  const r1 = await t.request("c1", {
    type: "txn",
    txn: [["r", 1, null], ["append", 1, 6], ["append", 2, 9]],
  });
  assertEquals(r1.type, "txn_ok");
  assertEquals(r1.txn, [["r", 1, null], ["append", 1, 6], ["append", 2, 9]]);
  const r2 = await t.request("c2", {
    type: "txn",
    txn: [["append", 1, 7], ["r", 1, null], ["r", 2, null], ["r", 3, null]],
  });
  assertEquals(r2.txn, [["append", 1, 7], ["r", 1, [6, 7]], ["r", 2, [9]], ["r", 3, null]]);
  assertEquals(Object.keys(r2).sort(), ["in_reply_to", "txn", "type"]);
  assertEquals(t.outbox.length, 0, "the leader talks to no one");
});

Deno.test("txn-list-append non-leader forwards the txn to n0 and relays its answer", async () => {
  const c = await cluster();
  const reply = await c.request("n1", {
    type: "txn",
    txn: [["append", 4, 1], ["r", 4, null], ["append", 4, 2], ["r", 4, null]],
  });
  assertEquals(reply.type, "txn_ok");
  assertEquals(reply.txn, [["append", 4, 1], ["r", 4, [1]], ["append", 4, 2], ["r", 4, [1, 2]]]);
  assertEquals(c.sent.map((m) => [m.src, m.dest, m.body.type]), [
    ["n1", "n0", "txn"],
    ["n0", "n1", "txn_ok"],
  ]);
  // The txn ran on the leader: its next reader sees it.
  assertEquals((await c.request("n0", { type: "txn", txn: [["r", 4, null]] })).txn, [
    ["r", 4, [1, 2]],
  ]);
});

Deno.test("txn-list-append txns through different nodes see one order", async () => {
  const c = await cluster();
  await c.request("n0", { type: "txn", txn: [["append", 1, 1]] });
  await c.request("n1", { type: "txn", txn: [["append", 1, 2]] });
  await c.request("n0", { type: "txn", txn: [["append", 1, 3]] });
  const viaN1 = await c.request("n1", { type: "txn", txn: [["r", 1, null]] });
  const viaN0 = await c.request("n0", { type: "txn", txn: [["r", 1, null]] });
  assertEquals([viaN1.txn, viaN0.txn], [[["r", 1, [1, 2, 3]]], [["r", 1, [1, 2, 3]]]]);
});

Deno.test("txn-list-append answers 13 when the leader is cut off, before the client's timeout", async () => {
  const c = await cluster();
  c.partition(["n0"], ["n1"]);
  const reply = c.send("n1", { type: "txn", txn: [["append", 1, 1]] });
  await c.run(FORWARD_TIMEOUT - 10, 10);
  assertEquals(reply(), undefined);
  await c.run(10, 10);
  assertEquals(reply()?.type, "error");
  assertEquals(reply()?.code, 13);
  assertEquals(c.node("n1").node.pendingRpcs, 0);
});

Deno.test("txn-list-append answers 13, not a definite error, when only the leader's answer is lost", async () => {
  const c = await cluster();
  c.drop = (m) => m.src === "n0" && m.dest === "n1";
  const reply = c.send("n1", { type: "txn", txn: [["append", 2, 5]] });
  await c.run(FORWARD_TIMEOUT, 10);
  assertEquals(reply()?.code, 13);
  c.heal();
  // The append did happen: a definite error would have been a lie (G1a).
  assertEquals((await c.request("n0", { type: "txn", txn: [["r", 2, null]] })).txn, [
    ["r", 2, [5]],
  ]);
});

Deno.test("txn-list-append refuses malformed txns with 12, without forwarding them", async () => {
  const c = await cluster();
  const unknown = await c.request("n1", { type: "txn", txn: [["w", 1, 1]] });
  assertEquals([unknown.type, unknown.code], ["error", 12]);
  assertEquals(String(unknown.text).includes(`"body.txn.0.0"`), true);
  const short = await c.request("n0", { type: "txn", txn: [["r", 1, null], ["append", 1]] });
  assertEquals(short.code, 12);
  assertEquals(String(short.text).includes(`"body.txn.1"`), true);
  const noValue = await c.request("n0", { type: "txn", txn: [["append", 1, null]] });
  assertEquals(noValue.code, 12);
  const missing = await c.request("n0", { type: "txn" });
  assertEquals([missing.code, missing.text], [
    12,
    `Malformed "txn" request: "body.txn" is missing`,
  ]);
  assertEquals(c.sent.length, 0);
});

Deno.test("txn-list-append non-leader refuses a txn forwarded by a peer with 11 instead of looping", async () => {
  const t = new TestNode((n) => txnListAppendNode(n), { nodeId: "n1", nodeIds: ["n0", "n1"] });
  await t.init();
  const reply = await t.request("n0", { type: "txn", txn: [["append", 1, 1]] });
  assertEquals([reply.type, reply.code], ["error", 11]);
  assertEquals(t.outbox.length, 0);
});

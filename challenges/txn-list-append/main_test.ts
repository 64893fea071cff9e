import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Node } from "../../mod.ts";
import { Cluster } from "../_testing/cluster.ts";
import { txnListAppendNode } from "./main.ts";

async function cluster() {
  const c = new Cluster(
    ["n0", "n1", "n2"],
    (node: Node) => txnListAppendNode(node, { roleLog: () => {} }),
  );
  await c.init();
  await c.clock.advance(100);
  await c.pump();
  return c;
}

Deno.test("txn-list-append on Raft: txns through different nodes see each other in one order", async () => {
  const c = await cluster();
  const r1 = await c.request("n1", { type: "txn", txn: [["append", 1, 6], ["r", 1, null]] }, 100);
  assertEquals(r1.txn, [["append", 1, 6], ["r", 1, [6]]]);
  const r2 = await c.request("n2", { type: "txn", txn: [["r", 1, null], ["append", 1, 7]] }, 100);
  assertEquals(r2.txn, [["r", 1, [6]], ["append", 1, 7]]);
  const r3 = await c.request("n0", { type: "txn", txn: [["r", 1, null], ["r", 2, null]] }, 100);
  assertEquals(r3.txn, [["r", 1, [6, 7]], ["r", 2, null]]);
});

Deno.test("txn-list-append on Raft: a read-only txn at the leader adds nothing to the log", async () => {
  const c = await cluster();
  const before = c.sent.length;
  await c.request("n0", { type: "txn", txn: [["r", 3, null]] }, 100);
  assertEquals(c.sent.slice(before).filter((m) => m.body.type === "raft_append"), []);
});

Deno.test("txn-list-append on Raft: a micro-op of the wrong shape gets 12", async () => {
  const c = await cluster();
  assertEquals((await c.request("n1", { type: "txn", txn: [["append", 1, null]] })).code, 12);
});

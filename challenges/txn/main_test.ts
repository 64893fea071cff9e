import { deepStrictEqual } from "node:assert";
import { TestNode } from "../../core/testing.ts";
import { FakeClock } from "../../mod.ts";
import { GOSSIP_MS, txnNode } from "./main.ts";

Deno.test("txn is answered at once with reads filled in", async () => {
  const t = new TestNode((n) => txnNode(n));
  await t.init();
  const r1 = await t.request("c1", {
    type: "txn",
    txn: [["r", 1, null], ["w", 1, 6], ["w", 2, 9]],
  });
  deepStrictEqual(r1.type, "txn_ok");
  deepStrictEqual(r1.txn, [["r", 1, null], ["w", 1, 6], ["w", 2, 9]]);
  const r2 = await t.request("c1", { type: "txn", txn: [["r", 1, null], ["r", 2, null]] });
  deepStrictEqual(r2.txn, [["r", 1, 6], ["r", 2, 9]]);
  await t.node.close();
});

Deno.test("a malformed micro-op is refused with a definite malformed-request error", async () => {
  const t = new TestNode((n) => txnNode(n));
  await t.init();
  const r = await t.request("c1", { type: "txn", txn: [["x", 1, null]] });
  deepStrictEqual(r.type, "error");
  deepStrictEqual(r.code, 12);
  await t.node.close();
});

Deno.test("writes reach the peer, are resent until acknowledged, then stop", async () => {
  const clock = new FakeClock();
  const ids = ["n0", "n1"];
  const a = new TestNode((n) => txnNode(n), { nodeId: "n0", nodeIds: ids, clock });
  const b = new TestNode((n) => txnNode(n), { nodeId: "n1", nodeIds: ids, clock });
  await a.init();
  await b.init();
  try {
    await a.request("c1", { type: "txn", txn: [["w", 1, 5]] });
    await a.advance(GOSSIP_MS);
    const lost = a.take((m) => m.dest === "n1");
    deepStrictEqual(lost.length, 1, "first replication (dropped: partition)");
    await a.advance(GOSSIP_MS);
    const resent = a.take((m) => m.dest === "n1");
    deepStrictEqual(resent.length, 1, "resent while unacknowledged");
    await b.deliver(resent[0]);
    const acks = b.take((m) => m.dest === "n0");
    deepStrictEqual(acks.map((m) => m.body.type), ["replicate_ok"]);
    const read = await b.request("c2", { type: "txn", txn: [["r", 1, null]] });
    deepStrictEqual(read.txn, [["r", 1, 5]]);
    await a.deliver(acks[0]);
    await a.advance(GOSSIP_MS * 3);
    deepStrictEqual(a.take((m) => m.dest === "n1").length, 0, "nothing left to send");
  } finally {
    await a.node.close();
    await b.node.close();
  }
});

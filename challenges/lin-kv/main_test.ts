import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Body, Node } from "../../mod.ts";
import { Cluster } from "../_testing/cluster.ts";
import { linKvNode } from "./main.ts";

const strip = ({ in_reply_to: _, ...body }: Body) => body;

async function cluster() {
  const c = new Cluster(["n0", "n1", "n2"], (node: Node) => linKvNode(node, { roleLog: () => {} }));
  await c.init();
  await c.clock.advance(100); // the leader's first heartbeats
  await c.pump();
  return c;
}

Deno.test("lin-kv on Raft: a write through one node is read through every other, and cas sees it", async () => {
  const c = await cluster();
  assertEquals(strip(await c.request("n1", { type: "write", key: 1, value: 3 }, 100)), {
    type: "write_ok",
  });
  for (const id of ["n0", "n1", "n2"]) {
    assertEquals(strip(await c.request(id, { type: "read", key: 1 }, 100)), {
      type: "read_ok",
      value: 3,
    });
  }
  assertEquals(strip(await c.request("n2", { type: "cas", key: 1, from: 3, to: 4 }, 100)), {
    type: "cas_ok",
  });
  assertEquals((await c.request("n1", { type: "read", key: 1 }, 100)).value, 4);
});

Deno.test("lin-kv on Raft: 20 for a missing key, 22 for a cas mismatch, as definite errors", async () => {
  const c = await cluster();
  assertEquals((await c.request("n2", { type: "read", key: 9 }, 100)).code, 20);
  assertEquals((await c.request("n1", { type: "cas", key: 9, from: 0, to: 1 }, 100)).code, 20);
  await c.request("n0", { type: "write", key: 9, value: 1 }, 100);
  assertEquals((await c.request("n1", { type: "cas", key: 9, from: 0, to: 1 }, 100)).code, 22);
});

Deno.test("lin-kv on Raft: a malformed request gets 12 naming the field, and reaches no peer", async () => {
  const c = await cluster();
  const before = c.sent.length;
  const r = await c.request("n1", { type: "write", key: 1, value: "x" });
  assertEquals(r.code, 12);
  assertEquals(String(r.text).includes("value"), true);
  assertEquals(c.sent.slice(before).filter((m) => m.body.type === "raft_forward"), []);
});

Deno.test("lin-kv on Raft: a node cut off from the others answers 11 (definite) within 100 ms of noticing", async () => {
  const c = await cluster();
  c.partition(["n2"], ["n0", "n1"]);
  await c.clock.advance(300); // n2 stops hearing the leader
  await c.pump();
  const r = await c.request("n2", { type: "write", key: 1, value: 1 }, 100);
  assertEquals(r.code, 11);
  c.heal();
});

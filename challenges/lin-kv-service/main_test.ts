import { deepStrictEqual as assertEquals } from "node:assert/strict";
import type { Body, Node } from "../../mod.ts";
import { Cluster, type FakeService } from "../_testing/cluster.ts";
import { FakeSeqKv } from "../_testing/seq_kv.ts";
import { linKvNode, SERVICE_TIMEOUT } from "./main.ts";

const ids = ["n0", "n1", "n2"];

/** A seq-kv that always serves its newest version is linearizable: lin-kv. */
const fakeLinKv = () => new FakeSeqKv({ pick: (_lo, hi) => hi });

async function cluster(service: FakeService = fakeLinKv()) {
  const c = new Cluster(ids, (node: Node) => linKvNode(node), {
    services: { "lin-kv": service },
  });
  await c.init();
  return c;
}

const strip = ({ in_reply_to: _, ...body }: Body) => body;

Deno.test("lin-kv write, read and cas go to the lin-kv service, one request each", async () => {
  const kv = fakeLinKv();
  const c = await cluster(kv);
  assertEquals(strip(await c.request("n0", { type: "write", key: 1, value: 3 })), {
    type: "write_ok",
  });
  assertEquals(strip(await c.request("n1", { type: "read", key: 1 })), {
    type: "read_ok",
    value: 3,
  });
  assertEquals(strip(await c.request("n2", { type: "cas", key: 1, from: 3, to: 4 })), {
    type: "cas_ok",
  });
  assertEquals(strip(await c.request("n0", { type: "read", key: 1 })), {
    type: "read_ok",
    value: 4,
  });
  assertEquals(kv.requests.map((r) => [r.src, r.body.type]), [
    ["n0", "write"],
    ["n1", "read"],
    ["n2", "cas"],
    ["n0", "read"],
  ]);
  assertEquals(kv.requests[2].body.create_if_not_exists, undefined);
  assertEquals(c.sent.length, 0, "nodes never talk to each other");
});

Deno.test("lin-kv read or cas of a missing key fails with 20, a cas mismatch with 22", async () => {
  const kv = fakeLinKv();
  const c = await cluster(kv);
  assertEquals((await c.request("n0", { type: "read", key: 7 })).code, 20);
  assertEquals((await c.request("n0", { type: "cas", key: 7, from: 0, to: 1 })).code, 20);
  assertEquals(kv.newest(7), undefined, "cas never creates the key");
  await c.request("n1", { type: "write", key: 7, value: 2 });
  const mismatch = await c.request("n2", { type: "cas", key: 7, from: 0, to: 1 });
  assertEquals(mismatch.type, "error");
  assertEquals(mismatch.code, 22);
  assertEquals(kv.newest(7), 2);
});

Deno.test("lin-kv answers 11 to a read and 13 to a write or cas when lin-kv does not answer", async () => {
  const c = await cluster();
  c.drop = (m) => m.dest === "lin-kv";
  const read = c.send("n0", { type: "read", key: 1 });
  const write = c.send("n1", { type: "write", key: 1, value: 2 });
  const cas = c.send("n2", { type: "cas", key: 1, from: 2, to: 3 });
  await c.run(SERVICE_TIMEOUT - 10, 10);
  assertEquals([read(), write(), cas()], [undefined, undefined, undefined]);
  await c.run(10, 10);
  // Well before the client's own 1 s timeout.
  assertEquals([read()?.code, write()?.code, cas()?.code], [11, 13, 13]);
});

Deno.test("lin-kv treats an unknown or indefinite service error as unsure", async () => {
  const c = await cluster({
    handle: () => ({ type: "error", code: 1000, text: "odd" }),
  });
  assertEquals((await c.request("n0", { type: "read", key: 1 })).code, 11);
  assertEquals((await c.request("n0", { type: "write", key: 1, value: 1 })).code, 13);
  const crashed = await cluster({ handle: () => ({ type: "error", code: 13, text: "crash" }) });
  assertEquals((await crashed.request("n0", { type: "cas", key: 1, from: 1, to: 2 })).code, 13);
  assertEquals((await crashed.request("n0", { type: "read", key: 1 })).code, 11);
});

Deno.test("lin-kv passes a definite service error through unchanged", async () => {
  const c = await cluster({ handle: () => ({ type: "error", code: 11, text: "busy" }) });
  const reply = await c.request("n0", { type: "write", key: 1, value: 1 });
  assertEquals([reply.code, reply.text], [11, "busy"]);
});

Deno.test("lin-kv refuses a malformed request with 12 naming the field, without asking lin-kv", async () => {
  const kv = fakeLinKv();
  const c = await cluster(kv);
  const missing = await c.request("n0", { type: "write", key: 1 });
  assertEquals([missing.code, missing.text], [
    12,
    `Malformed "write" request: "body.value" is missing`,
  ]);
  const wrong = await c.request("n0", { type: "cas", key: "k", from: 1, to: 2 });
  assertEquals(wrong.code, 12);
  assertEquals(String(wrong.text).includes(`"body.key"`), true);
  assertEquals(kv.requests.length, 0);
});

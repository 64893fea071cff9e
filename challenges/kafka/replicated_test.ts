import assert from "node:assert/strict";
import { Cluster } from "../_testing/cluster.ts";
import { FakeSeqKv } from "../_testing/seq_kv.ts";
import { linKvKafka } from "./linkv.ts";
import { nextOffset, replicatedKafka } from "./replicated.ts";

const poll = async (c: Cluster, id: string, offsets: Record<string, number>) =>
  (await c.request(id, { type: "poll", offsets })).msgs as Record<string, [number, unknown][]>;

Deno.test("nextOffset() gives each node its own residue above what it has seen", () => {
  assert.equal(nextOffset(-1, 0, 1), 0);
  assert.equal(nextOffset(4, 0, 1), 5);
  assert.equal(nextOffset(-1, 1, 2), 1);
  assert.equal(nextOffset(1, 0, 2), 2);
  assert.equal(nextOffset(6, 2, 3), 8);
});

Deno.test("replicatedKafka() on one node serves a dense log, commits and lists", async () => {
  const c = new Cluster(["n0"], (n) => replicatedKafka(n));
  await c.init();
  for (const msg of [5, 6, 7]) await c.request("n0", { type: "send", key: "1", msg });
  assert.deepEqual(await poll(c, "n0", { "1": 1, "2": 0 }), { "1": [[1, 6], [2, 7]] });
  await c.request("n0", { type: "commit_offsets", offsets: { "1": 2 } });
  const listed = await c.request("n0", { type: "list_committed_offsets", keys: ["1", "2"] });
  assert.deepEqual(listed.offsets, { "1": 2 });
});

Deno.test("replicatedKafka() shows a message on every node once no lower offset can appear", async () => {
  const c = new Cluster(["n0", "n1"], (n) => replicatedKafka(n));
  await c.init();
  const a = await c.request("n0", { type: "send", key: "k", msg: 1 });
  const b = await c.request("n1", { type: "send", key: "k", msg: 2 });
  assert.deepEqual([a.offset, b.offset], [0, 1]);
  assert.deepEqual(await poll(c, "n0", { k: 0 }), {}, "n1 might still assign offset 0");
  await c.run(100);
  const all = { k: [[0, 1], [1, 2]] };
  assert.deepEqual(await poll(c, "n0", { k: 0 }), all);
  assert.deepEqual(await poll(c, "n1", { k: 0 }), all);
  await c.request("n1", { type: "commit_offsets", offsets: { k: 1 } });
  await c.run(100);
  const listed = await c.request("n0", { type: "list_committed_offsets", keys: ["k"] });
  assert.deepEqual(listed.offsets, { k: 1 });
});

Deno.test("replicatedKafka() polls stay prefixes of the final log through message loss", async () => {
  const ids = ["n0", "n1", "n2"];
  const c = new Cluster(ids, (n) => replicatedKafka(n));
  await c.init();
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  c.drop = (m) => m.src.startsWith("n") && m.dest.startsWith("n") && rand() < 0.3;
  const seen: Array<Record<string, [number, unknown][]>> = [];
  for (let i = 0; i < 60; i++) {
    const id = ids[Math.floor(rand() * 3)];
    await c.request(id, { type: "send", key: String(i % 3), msg: i });
    seen.push(await poll(c, ids[i % 3], { "0": 0, "1": 0, "2": 0 }));
    await c.run(10);
  }
  c.heal();
  await c.run(2000);
  const final = await poll(c, "n0", { "0": 0, "1": 0, "2": 0 });
  for (const id of ids) assert.deepEqual(await poll(c, id, { "0": 0, "1": 0, "2": 0 }), final);
  assert.equal(Object.values(final).flat().length, 60, "every acknowledged message arrived");
  for (const s of seen) {
    for (const [k, pairs] of Object.entries(s)) {
      assert.deepEqual(pairs, final[k].slice(0, pairs.length), `a poll of ${k} skipped an offset`);
    }
  }
});

Deno.test("linKvKafka() appends through lin-kv with distinct offsets from two nodes", async () => {
  const kv = new FakeSeqKv({ pick: (_lo, hi) => hi });
  const c = new Cluster(["n0", "n1"], (n) => linKvKafka(n), { services: { "lin-kv": kv } });
  await c.init();
  const a = c.send("n0", { type: "send", key: "k", msg: 1 });
  const b = c.send("n1", { type: "send", key: "k", msg: 2 });
  await c.run(50);
  assert.deepEqual([a()!.offset, b()!.offset].sort(), [0, 1]);
  const msgs = await poll(c, "n1", { k: 1 });
  assert.equal(msgs.k.length, 1);
  assert.equal(msgs.k[0][0], 1);
  await c.request("n0", { type: "commit_offsets", offsets: { k: 1 } }, 100);
  await c.request("n1", { type: "commit_offsets", offsets: { k: 0 } }, 100);
  const listed = await c.request("n1", { type: "list_committed_offsets", keys: ["k", "z"] }, 100);
  assert.deepEqual(listed.offsets, { k: 1 });
});

/**
 * Linearizable key/value store, rung 3: every op through the lin-kv service.
 * Each read, write and cas is sent to Maelstrom's lin-kv service as it is,
 * and its answer (or error) relayed to the client.
 *
 * Verdict: valid. The service is one linearizable register per key, and
 * each client op is exactly one service op, which takes effect between the
 * client's request and our reply. But the node only borrows the service's
 * guarantee, and the service is not a replicated system: Maelstrom never
 * partitions its services, so it is both consistent and available through
 * every partition, which no real replicated store can be (CAP). `main.ts`
 * keeps the data on the nodes themselves, replicated with Raft: linearizable,
 * and unavailable in a minority partition, as it must be.
 *
 * ```sh
 * maelstrom test -w lin-kv --bin dist/steps/lin-kv/3-proxy --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { KV, Node, z } from "../../../mod.ts";

const node = new Node();
const kv = new KV(node, "lin-kv");

node.handle("read", z.object({ key: z.int() }), async (req) => ({
  type: "read_ok",
  value: await kv.read(req.body.key),
}));
node.handle("write", z.object({ key: z.int(), value: z.int() }), async (req) => {
  await kv.write(req.body.key, req.body.value);
  return { type: "write_ok" };
});
node.handle("cas", z.object({ key: z.int(), from: z.int(), to: z.int() }), async (req) => {
  await kv.cas(req.body.key, req.body.from, req.body.to);
  return { type: "cas_ok" };
});

if (import.meta.main) await node.run();

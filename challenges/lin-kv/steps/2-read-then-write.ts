/**
 * Linearizable key/value store, rung 2: the data in Maelstrom's lin-kv
 * service, but compare-and-set done in two steps. Reads and writes go to the
 * service as they are; a `cas` reads the key from the service, compares, and
 * writes `to` if it matched.
 *
 * Verdict: INVALID. lin-kv makes each read and each write linearizable, not
 * the pair: between our read and our write another client's write or cas
 * can land, and ours then overwrites it. Two clients doing `cas 1 → 2` and
 * `cas 1 → 3` at once both read 1, both write, and both are told they
 * succeeded, yet only one of them can have found 1. The checker finds the
 * key's history impossible for a register. Sending the `cas` itself to the
 * service (rung 3) makes the comparison and the write one atomic step.
 *
 * ```sh
 * maelstrom test -w lin-kv --bin dist/steps/lin-kv/2-read-then-write --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { CodedError, ErrorCode, KV, Node, z } from "../../../mod.ts";

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
  const { key, from, to } = req.body;
  const value = await kv.read(key);
  if (value !== from) {
    throw new CodedError(ErrorCode.PreconditionFailed, `key ${key} is ${value}, not ${from}`);
  }
  await kv.write(key, to); // the mistake: someone may have written in between
  return { type: "cas_ok" };
});

if (import.meta.main) await node.run();

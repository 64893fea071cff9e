/**
 * Linearizable key/value store, rung 1: a map per node. Each node answers
 * reads, writes and compare-and-sets from its own map.
 *
 * Verdict: INVALID. A client writes 3 to key 1 on n0 and another then reads
 * key 1 on n1: n1 never heard of the write. Linearizability asks that every
 * operation take effect at one instant between its request and its reply, in
 * one order all clients agree on; a read that misses a write completed
 * before the read began fits no such order. The checker finds a key whose
 * history no single register could have produced.
 *
 * ```sh
 * maelstrom test -w lin-kv --bin dist/steps/lin-kv/1-local --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { CodedError, ErrorCode, Node, z } from "../../../mod.ts";

const node = new Node();
const map = new Map<number, number>();

function get(key: number): number {
  const value = map.get(key);
  if (value === undefined) throw new CodedError(ErrorCode.KeyDoesNotExist, `no key ${key}`);
  return value;
}

node.handle("read", z.object({ key: z.int() }), (req) => ({
  type: "read_ok",
  value: get(req.body.key),
}));
node.handle("write", z.object({ key: z.int(), value: z.int() }), (req) => {
  map.set(req.body.key, req.body.value);
  return { type: "write_ok" };
});
node.handle("cas", z.object({ key: z.int(), from: z.int(), to: z.int() }), (req) => {
  const { key, from, to } = req.body;
  if (get(key) !== from) {
    throw new CodedError(ErrorCode.PreconditionFailed, `key ${key} is not ${from}`);
  }
  map.set(key, to);
  return { type: "cas_ok" };
});

if (import.meta.main) await node.run();

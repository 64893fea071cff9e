/**
 * A lin-kv control node that reads from a cache: writes and cas go to
 * Maelstrom's `lin-kv` service (and update this node's cache when they
 * succeed), but a read of a key this node has cached is answered from the
 * cache, never seeing another node's later write: stale reads, not
 * linearizable.
 * @module
 */

import { Relay, reply, run } from "../../harness/fixtures/_node.ts";

const cache = new Map<unknown, unknown>();
const relay = new Relay("lin-kv");

await run((msg) => {
  const b = msg.body;
  if (msg.src === "lin-kv") {
    const answered = relay.answer(msg);
    if (answered === undefined) return;
    const { req, body } = answered;
    const k = req.body.key;
    if (body.type === "read_ok") cache.set(k, body.value);
    if (body.type === "write_ok") cache.set(k, req.body.value);
    if (body.type === "cas_ok") cache.set(k, req.body.to);
    reply(req, body);
  } else if (b.type === "read" && cache.has(b.key)) {
    reply(msg, { type: "read_ok", value: cache.get(b.key) });
  } else relay.forward(msg);
});

/**
 * A lin-kv control node that reads from a cache: writes and cas go to
 * Maelstrom's `lin-kv` service (and update this node's cache when they
 * succeed), but a read of a key this node has cached is answered from the
 * cache, never seeing another node's later write: stale reads, not
 * linearizable.
 * @module
 */

import { type Msg, reply, run, send } from "../../harness/fixtures/_node.ts";

const cache = new Map<unknown, unknown>();
const pending = new Map<number, Msg>();
let nextId = 1;

await run((msg) => {
  const b = msg.body;
  if (msg.src === "lin-kv") {
    const req = pending.get(b.in_reply_to as number);
    if (req === undefined) return;
    pending.delete(b.in_reply_to as number);
    const { in_reply_to: _r, msg_id: _m, ...rest } = b;
    const k = req.body.key;
    if (rest.type === "read_ok") cache.set(k, rest.value);
    if (rest.type === "write_ok") cache.set(k, req.body.value);
    if (rest.type === "cas_ok") cache.set(k, req.body.to);
    reply(req, rest);
  } else if (b.type === "read" && cache.has(b.key)) {
    reply(msg, { type: "read_ok", value: cache.get(b.key) });
  } else {
    const id = nextId++;
    pending.set(id, msg);
    const { msg_id: _m, ...rest } = b;
    send("lin-kv", { ...rest, msg_id: id });
  }
});

/**
 * g-counter control nodes that keep the count in Maelstrom's `lin-kv`
 * service under one key. argv[0]: `racy` — an `add` reads the count and then
 * writes count + delta, two RPCs with nothing between them, so two adds that
 * overlap both read the same count and one increment is lost (the final
 * reads come up short: invalid when the network lets adds overlap); `cas` —
 * the same read, then a compare-and-set that retries on a lost race
 * (correct).
 * @module
 */

import { type Msg, reply, run, send } from "../../harness/fixtures/_node.ts";

const mode = Deno.args[0] ?? "racy";
const KEY = "counter";
/** Continuations of lin-kv requests in flight, by msg_id. */
const waiting = new Map<number, (body: Record<string, unknown>) => void>();
let nextId = 1;

function kv(body: Record<string, unknown>, then: (reply: Record<string, unknown>) => void): void {
  const id = nextId++;
  waiting.set(id, then);
  send("lin-kv", { ...body, msg_id: id });
}

const valueOf = (r: Record<string, unknown>) => r.type === "read_ok" ? r.value as number : 0;

function add(req: Msg): void {
  const delta = req.body.delta as number;
  kv({ type: "read", key: KEY }, (r) => {
    const current = valueOf(r);
    if (mode === "racy") {
      // The race: another add may have read `current` too.
      kv({ type: "write", key: KEY, value: current + delta }, () => reply(req, { type: "add_ok" }));
      return;
    }
    kv(
      { type: "cas", key: KEY, from: current, to: current + delta, create_if_not_exists: true },
      (c) => c.type === "cas_ok" ? reply(req, { type: "add_ok" }) : add(req),
    );
  });
}

await run((msg) => {
  const b = msg.body;
  if (msg.src === "lin-kv") {
    const then = waiting.get(b.in_reply_to as number);
    waiting.delete(b.in_reply_to as number);
    then?.(b);
  } else if (b.type === "add") add(msg);
  else if (b.type === "read") {
    kv({ type: "read", key: KEY }, (r) => reply(msg, { type: "read_ok", value: valueOf(r) }));
  }
});

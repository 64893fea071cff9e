/**
 * Kafka-style log, rung 2: the logs in lin-kv, as Fly.io's 5b suggests. A send
 * takes the next offset of its key from a counter in lin-kv (read, then
 * compare-and-set from the value read to the next, again if another node got
 * there first), then writes the message under its own key, `<key>/<offset>`.
 * A poll reads `<key>/<offset>` upwards from the offset asked for, until one
 * is missing. Committed offsets are a lin-kv key per log, raised by CAS.
 *
 * Verdict: valid on 5b. lin-kv is linearizable, so the CAS hands every
 * offset to exactly one send, on whichever node, and a poll that finds
 * offset 7 finds every earlier offset too (each was written before its send
 * was acknowledged). But everything is a round trip to lin-kv: a send costs
 * at least three (read, CAS, write: six messages), more when the two nodes
 * contend for a counter, and a poll one per message it returns (up to 10 per
 * key) plus one for the first missing offset: about 13 messages per
 * operation in a 20 s run. Fly.io's 5c asks for significantly fewer;
 * `main.ts` needs no lin-kv at all (0.18).
 *
 * ```sh
 * maelstrom test -w kafka --bin dist/steps/kafka/2-lin-kv --node-count 2 --concurrency 2n --time-limit 20 --rate 1000
 * ```
 * @module
 */
import { CodedError, ErrorCode, KV, Node, z } from "../../../mod.ts";

/** At most this many messages per key in one poll answer (each costs a lin-kv read). */
const POLL_BATCH = 10;

const node = new Node();
const kv = new KV(node, "lin-kv");
const Offsets = z.record(z.string(), z.int());
const conflict = (e: unknown) => e instanceof CodedError && e.code === ErrorCode.PreconditionFailed;

/** Sets `key` to `next(current)` by CAS, retrying while another node changes it first. */
async function update(key: string, next: (current: number) => number): Promise<number> {
  while (true) {
    const current = await kv.readOr(key, -1);
    const value = next(current);
    if (value === current) return value;
    try {
      await kv.cas(key, current, value, { createIfNotExists: true });
      return value;
    } catch (error) {
      if (!conflict(error)) throw error;
    }
  }
}

node.handle("send", z.object({ key: z.string(), msg: z.unknown() }), async (req) => {
  const { key, msg } = req.body;
  const offset = await update(`next/${key}`, (n) => n + 1);
  await kv.write(`${key}/${offset}`, msg);
  return { type: "send_ok", offset };
});
node.handle("poll", z.object({ offsets: Offsets }), async (req) => {
  const msgs: Record<string, Array<[number, unknown]>> = {};
  for (const [key, from] of Object.entries(req.body.offsets)) {
    msgs[key] = [];
    for (let offset = from; offset < from + POLL_BATCH; offset++) {
      // Missing: not sent yet, or taken by a send that has not written it
      // yet. Either way nothing after it is returned, so no poll skips it.
      const msg = await kv.readOr<unknown>(`${key}/${offset}`, undefined);
      if (msg === undefined) break;
      msgs[key].push([offset, msg]);
    }
  }
  return { type: "poll_ok", msgs };
});
node.handle("commit_offsets", z.object({ offsets: Offsets }), async (req) => {
  for (const [key, offset] of Object.entries(req.body.offsets)) {
    await update(`committed/${key}`, (n) => Math.max(n, offset));
  }
  return { type: "commit_offsets_ok" };
});
node.handle("list_committed_offsets", z.object({ keys: z.array(z.string()) }), async (req) => {
  const offsets: Record<string, number> = {};
  for (const key of req.body.keys) {
    const offset = await kv.readOr(`committed/${key}`, -1);
    if (offset >= 0) offsets[key] = offset;
  }
  return { type: "list_committed_offsets_ok", offsets };
});

if (import.meta.main) await node.run();

/**
 * Broadcast, rung 3: batched. As rung 2, but a node no longer sends each value
 * at once: once a second it sends each peer one request holding every value
 * of its own that the peer has not acknowledged yet, and the peer's answer
 * acknowledges them all.
 *
 * Verdict: valid on 3c and on 3d/3e. At 25 nodes a node gets about two new
 * values a second, so one request now carries about two values, and a
 * second with none (one in seven) costs nothing: about 11 messages per
 * operation, below 3e's 20. The price is latency: a value waits up to a
 * second for its batch, so the median is about 550 ms and the maximum about
 * 1.1 s, within 3e's 1 s and 2 s but over 3d's 400 and 600 ms. Batching
 * trades latency for messages; `main.ts` gets both by sending values through
 * one hub that batches for everyone.
 *
 * ```sh
 * maelstrom test -w broadcast --bin dist/steps/broadcast/3-batched --node-count 25 --time-limit 20 --rate 100 --latency 100
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

/** How often a node sends each peer its batch. */
const BATCH_MS = 1000;

const node = new Node();
const values = new Set<number>();
/** Per peer, this node's values the peer has not acknowledged. */
const unacked = new Map<string, Set<number>>();

/** Sends `peer` everything it has not acknowledged; forgets what it acknowledges. */
async function flush(peer: string, pending: Set<number>): Promise<void> {
  if (pending.size === 0) return;
  const batch = [...pending];
  try {
    // A timeout shorter than the period: an unanswered batch is simply part
    // of the next one (the values stay in `pending`).
    await node.rpc(peer, { type: "gossip", messages: batch }, { timeout: BATCH_MS - 100 });
    for (const value of batch) pending.delete(value);
  } catch {
    // Partitioned or late: the next round sends these again.
  }
}

node.onInit(() => {
  for (const peer of node.peers) unacked.set(peer, new Set());
});
node.every(BATCH_MS, () => {
  for (const [peer, pending] of unacked) void flush(peer, pending);
});
node.handle("topology", z.object({}), () => ({ type: "topology_ok" }));
node.handle("read", z.object({}), () => ({ type: "read_ok", messages: [...values] }));
node.handle("broadcast", z.object({ message: z.int() }), (req) => {
  const value = req.body.message;
  if (!values.has(value)) {
    values.add(value);
    for (const pending of unacked.values()) pending.add(value);
  }
  return { type: "broadcast_ok" };
});
node.handle("gossip", z.object({ messages: z.array(z.int()) }), (req) => {
  for (const value of req.body.messages) values.add(value);
  return { type: "gossip_ok" };
});

if (import.meta.main) await node.run();

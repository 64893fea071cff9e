/**
 * Broadcast, rung 1: flood once. A node that gets a new value from a client
 * keeps it and sends it to every other node, once, without waiting for an
 * answer.
 *
 * Verdict: valid on 3b (5 nodes, a network that loses nothing); INVALID on
 * 3c (`--nemesis partition`). A value sent while the network is cut is
 * dropped, and nothing ever sends it again, so the nodes on the other side
 * never hold it: the checker counts it as `lost` (acknowledged to the client
 * but missing from the final reads of some nodes).
 *
 * ```sh
 * make broadcast-steps    # or, by hand:
 * maelstrom test -w broadcast --bin dist/steps/broadcast/1-flood-once --node-count 5 --time-limit 20 --rate 10 --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
const values = new Set<number>();

node.handle("topology", z.object({}), () => ({ type: "topology_ok" }));
node.handle("read", z.object({}), () => ({ type: "read_ok", messages: [...values] }));
node.handle("broadcast", z.object({ message: z.int() }), (req) => {
  const value = req.body.message;
  if (!values.has(value)) {
    values.add(value);
    // Fire and forget: no msg_id, so no answer comes back, and a message the
    // network drops is simply gone.
    for (const peer of node.peers) node.send(peer, { type: "gossip", message: value });
  }
  return { type: "broadcast_ok" };
});
// Every node hears from the origin itself, so a gossiped value is only kept,
// never passed on.
node.handle("gossip", z.object({ message: z.int() }), (req) => {
  values.add(req.body.message);
});

if (import.meta.main) await node.run();

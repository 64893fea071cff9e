/**
 * Challenge 6, totally-available transactions (txn-rw-register): every txn
 * is answered locally at once, and each txn's final writes are replicated to
 * every peer as one atomic log entry, resent until acknowledged, with
 * last-writer-wins by (Lamport, node) timestamps (see `replica.ts`). Read
 * committed, available under any partition, convergent after it heals.
 *
 * `maelstrom test -w txn-rw-register --bin dist/txn --node-count 2 --concurrency 2n
 *  --time-limit 20 --rate 1000 --consistency-models read-committed --availability total
 *  --nemesis partition`
 * @module
 */
import { Node, z } from "../../mod.ts";
import { type Entry, type MicroOp, Replica } from "./replica.ts";

/** How often unacknowledged entries are (re)sent to each peer, ms. */
export const GOSSIP_MS = 50;
/** Most entries per replication message. */
export const BATCH = 512;

const MOP = z.tuple([z.enum(["r", "w"]), z.unknown(), z.unknown()]);
const ENTRY = z.object({
  seq: z.int(),
  ts: z.tuple([z.int(), z.int()]),
  writes: z.array(z.tuple([z.unknown(), z.unknown()])),
});

/**
 * Builds the txn node.
 * @param node The node to wire (default: a new one on stdin/stdout).
 * @returns The node.
 */
export function txnNode(node: Node = new Node()): Node {
  let replica = new Replica(0, []);
  node.onInit((n) => {
    replica = new Replica(n.nodeIds.indexOf(n.id), n.peers);
  });
  node.every(GOSSIP_MS, () => {
    for (const peer of replica.peers) {
      const entries = replica.pending(peer, BATCH);
      if (entries.length > 0) node.send(peer, { type: "replicate", entries });
    }
  });
  return node
    .handle("txn", z.object({ txn: z.array(MOP) }), (req) => ({
      type: "txn_ok",
      txn: replica.execute(req.body.txn as MicroOp[]),
    }))
    .handle("replicate", z.object({ entries: z.array(ENTRY) }), (req) => {
      const upto = replica.receive(req.src, req.body.entries as Entry[]);
      node.send(req.src, { type: "replicate_ok", upto });
    })
    .handle("replicate_ok", z.object({ upto: z.int() }), (req) => {
      replica.ack(req.src, req.body.upto);
    });
}

if (import.meta.main) await txnNode().run();

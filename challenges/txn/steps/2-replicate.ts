/**
 * Totally-available transactions, rung 2: run locally, replicate afterwards.
 * A node runs each txn at once on its own copy (its reads see its own earlier
 * writes), answers, and sends the txn's final writes to every peer; every
 * 500 ms it sends each peer, in one message, the writes that peer has not
 * acknowledged. A peer applies them as they arrive, all of a txn's writes at
 * once, and acknowledges them.
 *
 * Verdict: valid on 6b and 6c (read-committed, total availability,
 * partitions), by Maelstrom's checks: every node answers on its own, a txn's
 * writes become visible all at once and only when it has committed, and the
 * checker finds no anomaly in the txns' reads. But the replicas need not
 * agree: when n0 and n1 write key 3 concurrently, each applies its own write
 * first and the other's later, so after the heal n0 holds n1's value and n1
 * holds n0's, forever. Maelstrom judges only what the txns read, and does not
 * notice; our bench's `--check-convergence` reads every key on every node
 * after the recovery and rejects it (hundreds of divergent keys in a 20 s
 * run). `main.ts` orders every write by a timestamp (Lamport clock, node
 * index) and keeps the latest, whatever the arrival order: last-writer-wins,
 * so the replicas converge.
 *
 * (The resend is one message per peer, not a retry loop per txn: with a loop
 * per txn, a long partition left thousands of loops each sending every
 * 500 ms, and the node, busy resending, fell behind its clients: a failure
 * for availability that hid the one this rung is about.)
 *
 * ```sh
 * maelstrom test -w txn-rw-register --bin dist/steps/txn/2-replicate --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total --nemesis partition
 * deno task harness test -w txn-rw-register --bin dist/steps/txn/2-replicate --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total --nemesis partition --check-convergence
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const RESEND_MS = 500;
/** At most this many txns' writes in one resend, oldest first. */
const MAX_ENTRIES = 512;

type Mop = [string, unknown, unknown];
type Writes = Array<[unknown, unknown]>;
const Txn = z.object({ txn: z.array(z.tuple([z.string(), z.unknown(), z.unknown()])) });
const Entries = z.object({
  entries: z.array(z.tuple([z.int(), z.array(z.tuple([z.unknown(), z.unknown()]))])),
});
const Acked = z.object({ seqs: z.array(z.int()) });

const node = new Node();
const state = new Map<unknown, unknown>();
/** Per peer: the writes it has not acknowledged, by our txn's sequence number. */
const unacked = new Map<string, Map<number, Writes>>();
let seq = 0;

node.onInit(() => {
  for (const peer of node.peers) unacked.set(peer, new Map());
});

node.handle("txn", Txn, (req) => {
  const own = new Map<unknown, unknown>();
  const txn = (req.body.txn as Mop[]).map(([f, k, v]): Mop => {
    if (f === "w") {
      own.set(k, v);
      return [f, k, v];
    }
    return [f, k, own.has(k) ? own.get(k) : state.get(k) ?? null];
  });
  // Only the final write per key leaves the txn (others would be G1b), all at once.
  for (const [k, v] of own) state.set(k, v);
  if (own.size > 0) {
    seq++;
    for (const [peer, pending] of unacked) {
      pending.set(seq, [...own]);
      node.send(peer, { type: "replicate", entries: [[seq, [...own]]] });
    }
  }
  return { type: "txn_ok", txn };
});

// Lost to a partition or not yet acknowledged: send again (applying the
// same writes twice is harmless, as long as nothing came in between).
node.every(RESEND_MS, () => {
  for (const [peer, pending] of unacked) {
    if (pending.size === 0) continue;
    node.send(peer, { type: "replicate", entries: [...pending].slice(0, MAX_ENTRIES) });
  }
});

node.handle("replicate", Entries, (req) => {
  for (const [, writes] of req.body.entries) {
    for (const [k, v] of writes) state.set(k, v); // the mistake: arrival order
  }
  node.send(req.src, { type: "replicate_ok", seqs: req.body.entries.map(([n]) => n) });
});

node.handle("replicate_ok", Acked, (req) => {
  const pending = unacked.get(req.src);
  for (const n of req.body.seqs) pending?.delete(n);
});

if (import.meta.main) await node.run();

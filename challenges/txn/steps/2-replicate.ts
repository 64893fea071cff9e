/**
 * Totally-available transactions, rung 2: run locally, replicate afterwards.
 * A node runs each txn at once on its own copy (its reads see its own earlier
 * writes), answers, and sends the txn's final writes to every peer, again
 * every 500 ms until the peer acknowledges. A peer applies them as they
 * arrive, all of a txn's writes at once.
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
 * ```sh
 * maelstrom test -w txn-rw-register --bin dist/steps/txn/2-replicate --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total --nemesis partition
 * deno task harness test -w txn-rw-register --bin dist/steps/txn/2-replicate --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total --nemesis partition --check-convergence
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const RESEND_MS = 500;

type Mop = [string, unknown, unknown];
const Txn = z.object({ txn: z.array(z.tuple([z.string(), z.unknown(), z.unknown()])) });
const Writes = z.object({ writes: z.array(z.tuple([z.unknown(), z.unknown()])) });

const node = new Node();
const state = new Map<unknown, unknown>();

/** Sends `writes` to `peer` until it answers. */
async function replicate(peer: string, writes: Array<[unknown, unknown]>): Promise<void> {
  while (true) {
    try {
      await node.rpc(peer, { type: "replicate", writes }, { timeout: RESEND_MS });
      return;
    } catch {
      // Cut off or late: send again (applying the same writes twice is harmless).
    }
  }
}

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
  if (own.size > 0) { for (const peer of node.peers) void replicate(peer, [...own]); }
  return { type: "txn_ok", txn };
});
node.handle("replicate", Writes, (req) => {
  for (const [k, v] of req.body.writes) state.set(k, v); // the mistake: arrival order
  return { type: "replicate_ok" };
});
if (import.meta.main) await node.run();

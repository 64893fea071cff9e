/**
 * List-append transactions, rung 2: one node runs everything. n0 keeps the
 * only copy of the lists and runs each txn entirely when it arrives; the
 * other nodes forward each txn to n0 and relay its answer, or answer the
 * indefinite error 13 when n0 does not answer within a second.
 *
 * Verdict: valid, even under `--nemesis partition`. n0 runs txns one at a
 * time, each between its request and its reply, so its execution order is a
 * serial order that respects real time: strict serializable. A txn cut off
 * from n0 fails with 13, which says "it may or may not have happened", so
 * the checker holds nothing against it. But one node is the whole database:
 * clients on the other side of a partition get nothing done, and if n0 were
 * lost, so would be every list. `main.ts` replicates the lists on every node
 * with Raft, so any majority can go on when n0 cannot.
 *
 * ```sh
 * maelstrom test -w txn-list-append --bin dist/steps/txn-list-append/2-forward --node-count 3 --concurrency 2n --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { CodedError, ErrorCode, Node, z } from "../../../mod.ts";

type Mop = [string, number, number | null | number[]];
const Txn = z.object({ txn: z.array(z.tuple([z.string(), z.int(), z.nullable(z.int())])) });

const node = new Node();
const lists = new Map<number, number[]>();

function run(txn: Array<[string, number, number | null]>): Mop[] {
  return txn.map(([f, k, v]): Mop => {
    if (f === "append") {
      lists.set(k, [...lists.get(k) ?? [], v as number]);
      return [f, k, v];
    }
    const list = lists.get(k);
    return [f, k, list === undefined ? null : [...list]];
  });
}

node.handle("txn", Txn, async (req) => {
  if (node.id === node.nodeIds[0]) return { type: "txn_ok", txn: run(req.body.txn) };
  try {
    const reply = await node.rpc(node.nodeIds[0], { type: "txn", txn: req.body.txn });
    return { type: "txn_ok", txn: reply.txn };
  } catch (error) {
    // Indefinite: n0 may have run it and its answer been lost.
    throw new CodedError(ErrorCode.Crash, "no answer from n0", { cause: error });
  }
});

if (import.meta.main) await node.run();

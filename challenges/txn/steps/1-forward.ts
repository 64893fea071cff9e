/**
 * Totally-available transactions, rung 1: forward everything. Every node
 * sends every txn to n0, which runs them one at a time on the only copy of
 * the data; the others relay its answer. When n0 does not answer within
 * 500 ms (a partition), the txn fails with the indefinite error 13 (crash).
 *
 * Verdict: valid on 6a (one node) and 6b i (two nodes, no faults): one copy
 * run one txn at a time is serializable, stronger than any model the
 * challenge asks for. INVALID on 6b ii (`--availability total --nemesis
 * partition`): "totally available" means every request to a node that is up
 * must succeed, even when it cannot reach any other node, and n1 cut off from
 * n0 can answer nothing. The data must be on every node. (Only when a
 * partition does cut n0 from n1: with 2 nodes half the nemesis's partition
 * kinds cut nothing, so a run at the default interval can pass by luck;
 * `--nemesis-interval 1` makes a cut all but certain.)
 *
 * The error is 13, not 30 (txn-conflict): n0 may have run the txn and its
 * answer been lost, so a definite "did not happen" would be a lie the
 * checker could catch (a read of a failed txn's write is G1a).
 *
 * ```sh
 * maelstrom test -w txn-rw-register --bin dist/steps/txn/1-forward --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-uncommitted --availability total --nemesis partition --nemesis-interval 1
 * ```
 * @module
 */
import { CodedError, ErrorCode, Node, z } from "../../../mod.ts";

const Txn = z.object({ txn: z.array(z.tuple([z.string(), z.unknown(), z.unknown()])) });
const state = new Map<unknown, unknown>();
const run = (txn: Array<[string, unknown, unknown]>) =>
  txn.map(([f, k, v]) => {
    if (f === "w") {
      state.set(k, v);
      return [f, k, v];
    }
    return [f, k, state.get(k) ?? null];
  });
const node = new Node();
node.handle("txn", Txn, async (req) => {
  if (node.id === "n0") return { type: "txn_ok", txn: run(req.body.txn) };
  try {
    const reply = await node.rpc("n0", { type: "txn", txn: req.body.txn }, { timeout: 500 });
    return { type: "txn_ok", txn: reply.txn };
  } catch (error) {
    // Indefinite: n0 may have run it (a definite code here would be G1a).
    throw new CodedError(ErrorCode.Crash, "cannot reach n0", { cause: error });
  }
});
if (import.meta.main) await node.run();

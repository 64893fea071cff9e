/**
 * List-append transactions, rung 1: lists kept on each node. Each node runs
 * every txn it gets at once on its own lists (a read returns the key's list,
 * or null; an append adds to its end) and never tells anyone.
 *
 * Verdict: INVALID. Strict serializability asks for one order of all txns,
 * consistent with real time, in which every txn sees exactly the effects of
 * those before it. Here a txn on n1 never sees appends committed on n0, not
 * even long after: the checker finds reads that skip appends completed
 * before the read began (a realtime cycle, e.g. `G-single-item-realtime`),
 * and, once both nodes append to one key, lists that no single history of
 * appends could produce.
 *
 * ```sh
 * maelstrom test -w txn-list-append --bin dist/steps/txn-list-append/1-local --node-count 2 --concurrency 2n --time-limit 20 --rate 100
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

type Mop = [string, number, number | null | number[]];
const Txn = z.object({ txn: z.array(z.tuple([z.string(), z.int(), z.nullable(z.int())])) });

const node = new Node();
const lists = new Map<number, number[]>();

node.handle("txn", Txn, (req) => ({
  type: "txn_ok",
  txn: req.body.txn.map(([f, k, v]): Mop => {
    if (f === "append") {
      lists.set(k, [...lists.get(k) ?? [], v as number]);
      return [f, k, v];
    }
    const list = lists.get(k);
    return [f, k, list === undefined ? null : [...list]];
  }),
}));

if (import.meta.main) await node.run();

/**
 * Grow-only counter, rung 1: a counter per node. Each node adds the deltas it
 * is given to its own total and answers reads with that total.
 *
 * Verdict: INVALID. A client's add reaches one node, and only that node ever
 * counts it: reads on the other nodes miss it forever. The checker wants
 * every node's final read (after the adds stop and the network heals) to
 * equal the sum of all acknowledged adds, and each node holds only its own
 * share. The nodes must share what they were given: through seq-kv (rungs
 * 2–3, `main.ts`), or by gossip (pn-counter's rungs).
 *
 * ```sh
 * maelstrom test -w g-counter --bin dist/steps/g-counter/1-local --node-count 3 --rate 100 --time-limit 20 --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
let total = 0;
node.handle("add", z.object({ delta: z.int() }), (req) => {
  total += req.body.delta;
  return { type: "add_ok" };
});
node.handle("read", z.object({}), () => ({ type: "read_ok", value: total }));

if (import.meta.main) await node.run();

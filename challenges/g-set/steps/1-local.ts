/**
 * Grow-only set, rung 1: a set per node. Each node keeps the elements it is
 * given and answers reads with them.
 *
 * Verdict: INVALID. An element added on one node is never on the others:
 * reads there miss it, up to the final reads after the network heals, so the
 * checker counts it `lost` (acknowledged, then absent from every read from
 * some time on).
 *
 * ```sh
 * maelstrom test -w g-set --bin dist/steps/g-set/1-local --node-count 5 --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
const elements = new Set<unknown>();
node.handle("add", z.object({ element: z.unknown() }), (req) => {
  elements.add(req.body.element);
  return { type: "add_ok" };
});
node.handle("read", z.object({}), () => ({ type: "read_ok", value: [...elements] }));

if (import.meta.main) await node.run();

/**
 * The g-set workload: a grow-only set CRDT, gossiped (see
 * ../_crdt/gossip.ts); adds and reads are answered locally at once.
 *
 * `maelstrom test -w g-set --bin dist/g-set --node-count 5 --rate 100
 *  --time-limit 20 --nemesis partition`
 * @module
 */
import { Node, z } from "../../mod.ts";
import { Gossip, type GossipOptions } from "../_crdt/gossip.ts";
import { GSet, GSetDeltaSchema } from "./g_set.ts";

/** Builds the g-set node. */
export function gSetNode(node: Node = new Node(), options: GossipOptions = {}): Node {
  const set = new GSet();
  new Gossip(node, set, GSetDeltaSchema, options);
  return node
    .handle("add", z.object({ element: z.unknown() }), (req) => {
      set.add(node.id, req.body.element);
      return { type: "add_ok" };
    })
    .handle("read", z.object({}), () => ({ type: "read_ok", value: set.values() }));
}

if (import.meta.main) await gSetNode().run();

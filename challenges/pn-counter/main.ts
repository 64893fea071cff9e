/**
 * The pn-counter workload: a PN-counter CRDT, gossiped (see
 * ../_crdt/gossip.ts); adds and reads are answered locally at once.
 *
 * `maelstrom test -w pn-counter --bin dist/pn-counter --node-count 5 --rate 100
 *  --time-limit 20 --nemesis partition`
 * @module
 */
import { Node, z } from "../../mod.ts";
import { Gossip, type GossipOptions } from "../_crdt/gossip.ts";
import { PnCounter, PnDeltaSchema } from "./pn_counter.ts";

/** Builds the pn-counter node. */
export function pnCounterNode(node: Node = new Node(), options: GossipOptions = {}): Node {
  const counter = new PnCounter();
  new Gossip(node, counter, PnDeltaSchema, options);
  return node
    .handle("add", z.object({ delta: z.int() }), (req) => {
      counter.add(node.id, req.body.delta);
      return { type: "add_ok" };
    })
    .handle("read", z.object({}), () => ({ type: "read_ok", value: counter.value() }));
}

if (import.meta.main) await pnCounterNode().run();

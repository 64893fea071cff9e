/**
 * Challenge 2, unique ids: every `generate` is answered locally with an id no
 * other node can produce, so it stays available under any partition.
 *
 * `maelstrom test -w unique-ids --bin dist/unique-ids --time-limit 30 --rate 1000
 *  --node-count 3 --availability total --nemesis partition`
 * @module
 */
import { Node, z } from "../../mod.ts";
import { IdGenerator } from "./ids.ts";

/** Builds the unique-ids node. */
export function uniqueIdsNode(node: Node = new Node()): Node {
  let ids: IdGenerator | undefined;
  node.onInit((n) => {
    ids = new IdGenerator(n.nodeIds.indexOf(n.id), n.nodeIds.length);
  });
  return node.handle("generate", z.object({}), () => ({ type: "generate_ok", id: ids!.next() }));
}

if (import.meta.main) await uniqueIdsNode().run();

/**
 * Challenge 5, kafka-style log. By default the owner-based design with
 * batched node-to-node traffic ({@linkcode replicatedKafka}); with the word
 * `lin-kv` on the command line, the lin-kv-backed design
 * ({@linkcode linKvKafka}) for comparison.
 *
 * `maelstrom test -w kafka --bin dist/kafka --node-count 2 --concurrency 2n
 *  --time-limit 20 --rate 1000 [lin-kv]`
 * @module
 */
import { Node } from "../../mod.ts";
import { linKvKafka } from "./linkv.ts";
import { replicatedKafka } from "./replicated.ts";

/** Builds the kafka node; `lin-kv` in its arguments selects the lin-kv design. */
export function kafkaNode(node: Node = new Node()): Node {
  return node.args.includes("lin-kv") ? linKvKafka(node) : replicatedKafka(node);
}

if (import.meta.main) await kafkaNode().run();

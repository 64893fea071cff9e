/**
 * Challenge 1, echo: answer every `echo` with the same payload.
 *
 * `maelstrom test -w echo --bin dist/echo --node-count 1 --time-limit 10`
 * @module
 */
import { Node, z } from "../../mod.ts";

/** Builds the echo node. */
export function echoNode(node: Node = new Node()): Node {
  return node.handle("echo", z.object({ echo: z.unknown() }), (req) => ({
    type: "echo_ok",
    echo: req.body.echo,
  }));
}

if (import.meta.main) await echoNode().run();

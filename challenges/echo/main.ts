/**
 * Challenge 1, echo: answer every `echo` with the same payload.
 *
 * `maelstrom test -w echo --bin dist/echo --node-count 1 --time-limit 10`
 *
 * Small as it is, this node speaks all of Maelstrom's protocol
 * (https://github.com/jepsen-io/maelstrom/blob/main/doc/protocol.md); the
 * {@linkcode Node} of `core/` does the parts every node needs:
 *
 * - **stdin and stdout carry only messages.** Maelstrom writes one JSON
 *   message per line to the node's stdin, `{"src", "dest", "body"}`, and
 *   reads the node's stdout the same way: every line the node prints must be
 *   one such message. A stray `console.log("got it")` is a line Maelstrom
 *   cannot parse, and it stops reading that node, so the node answers
 *   nothing from then on. Logs go to **stderr** (`node.log.info(…)`), which
 *   Maelstrom saves per node and never parses.
 * - **`init` comes first.** Before any client request, Maelstrom sends
 *   `{"type": "init", "msg_id": 1, "node_id": "n0", "node_ids": ["n0"]}` and
 *   waits for `init_ok`. Only then does the node know its own id (the `src` of
 *   everything it sends) and its peers. `Node` answers `init` itself, sets
 *   `node.id`, `node.nodeIds` and `node.peers`, runs `onInit` hooks first,
 *   and holds back any message that arrives earlier until `init` is done.
 * - **`msg_id` and `in_reply_to` pair a reply with its request.** A request
 *   carries a `msg_id` unique at its sender; the reply must carry
 *   `"in_reply_to": <that msg_id>`, or the client never learns its request was
 *   answered and records a timeout. A handler returns only the reply's body;
 *   `Node` adds `in_reply_to`, `src` and `dest` (a reply needs no `msg_id`
 *   of its own; `node.rpc()` gives each request it sends a fresh one). A
 *   request without a `msg_id` expects no reply and gets none.
 * @module
 */
import { Node, z } from "../../mod.ts";

/** Builds the echo node. */
export function echoNode(node: Node = new Node()): Node {
  // The schema says what the handler needs from the body; `echo` may be any
  // JSON value, so `z.unknown()`. A body without it would get error 12
  // (malformed request) naming the field, and the handler would not run.
  return node.handle("echo", z.object({ echo: z.unknown() }), (req) => ({
    type: "echo_ok",
    echo: req.body.echo,
  }));
}

if (import.meta.main) await echoNode().run();

/**
 * Echo, rung 1: a reply without `in_reply_to`. The node answers every `echo`
 * with `echo_ok` and the same payload, but sends it as a fresh message
 * (`node.send`) instead of a reply, so the body has no `in_reply_to`.
 *
 * Verdict: INVALID. A Maelstrom client matches an answer to its request by
 * `in_reply_to` = the request's `msg_id`; an answer without it matches no
 * request, so every request times out (`:info`, "we don't know"). The echo
 * checker, like Maelstrom's, does not judge requests that ended `:info`; it
 * is the stats checker that fails the run, since no `echo` ever succeeded.
 * (A node that answered some requests before going wrong would pass, with
 * `availability` below 1.) `req.reply()`, or
 * returning the body from the handler, sets `in_reply_to` for you.
 *
 * ```sh
 * maelstrom test -w echo --bin dist/steps/echo/1-no-in-reply-to --node-count 1 --time-limit 10
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
node.handle("echo", z.object({ echo: z.unknown() }), (req) => {
  // The mistake: a new message to the client, not a reply to its request.
  node.send(req.src, { type: "echo_ok", echo: req.body.echo });
});

if (import.meta.main) await node.run();

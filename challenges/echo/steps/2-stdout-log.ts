/**
 * Echo, rung 2: a debugging line on stdout. The node answers correctly, but
 * also prints what it got with `console.log`, which writes to stdout.
 *
 * Verdict: INVALID. stdout is the node's network: Maelstrom reads every line
 * of it as a JSON message. The first line that is not one stops it reading
 * that node's stdout (it logs the line and the parse error), so every later
 * answer is lost and those requests time out. Logs belong on stderr
 * (`console.error`, or `node.log`), which Maelstrom keeps in
 * `node-logs/<node>.log`.
 *
 * ```sh
 * maelstrom test -w echo --bin dist/steps/echo/2-stdout-log --node-count 1 --time-limit 10
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
node.handle("echo", z.object({ echo: z.unknown() }), (req) => {
  console.log(`got echo: ${req.body.echo}`); // the mistake: stdout, not stderr
  return { type: "echo_ok", echo: req.body.echo };
});

if (import.meta.main) await node.run();

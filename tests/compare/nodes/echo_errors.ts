/**
 * Echo control nodes that answer every third request with something other
 * than its echo. argv[0]: `abort` — error 14 (definite: the op did not
 * happen; the client records `:fail`, which Maelstrom's echo checker judges
 * and rejects); `indefinite` — error 13 (`:info`, not judged: valid, lower
 * availability); `extra` — `echo_ok` with a key the reply schema does not
 * allow (a malformed reply: `:info` with an exception, not judged).
 * @module
 */

import { reply, run } from "../../harness/fixtures/_node.ts";

const mode = Deno.args[0] ?? "abort";
let n = 0;
await run((msg) => {
  if (msg.body.type !== "echo") return;
  const echo = msg.body.echo;
  if (++n % 3 !== 0) reply(msg, { type: "echo_ok", echo });
  else if (mode === "abort") reply(msg, { type: "error", code: 14, text: "aborted" });
  else if (mode === "indefinite") reply(msg, { type: "error", code: 13, text: "who knows" });
  else reply(msg, { type: "echo_ok", echo, extra_field: true });
});

import assert from "node:assert/strict";
import { journal } from "../checkers/_testing.ts";
import { messagesSvg } from "./messages_svg.ts";
import { assertXml } from "./_testing.ts";

Deno.test("messages.svg is a standalone, well-formed SVG with one arrow per delivered message", () => {
  const svg = messagesSvg(journal([
    ["send", 0, 0, "c1", "n1", { type: "echo", echo: 'a <b> & "c"', msg_id: 1 }],
    ["recv", 1, 0, "c1", "n1", { type: "echo", echo: 'a <b> & "c"', msg_id: 1 }],
    ["send", 2, 1, "n1", "c1", { type: "error", code: 11, text: "not ready", in_reply_to: 1 }],
    ["recv", 3, 1, "n1", "c1", { type: "error", code: 11, text: "not ready", in_reply_to: 1 }],
    ["send", 4, 2, "n1", "n2", { type: "gossip" }],
  ]));
  assert.ok(
    svg.startsWith(
      '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"',
    ),
  );
  assertXml(svg, "messages.svg");
  assert.equal(svg.match(/<use href="#ahead"/g)?.length, 2);
  assert.match(svg, /fill="#FF1E90"/); // the error reply
  assert.match(svg, /class="dropped"/); // the gossip nobody received
});

import assert from "node:assert/strict";
import { history } from "./_testing.ts";
import { echoChecker } from "./echo.ts";

const reply = (echo: unknown) => ({ type: "echo_ok", echo, in_reply_to: 1 });

Deno.test("echoChecker() accepts replies that echo the invoked payload", () => {
  const r = echoChecker(history([
    [0, "invoke", 0, "echo", "Please echo 1"],
    [0, "invoke", 1, "echo", { nested: [1, 2] }],
    [1, "ok", 1, "echo", reply({ nested: [1, 2] })],
    [2, "ok", 0, "echo", reply("Please echo 1")],
    [3, "info", "nemesis", "start-partition", "one"],
  ]));
  assert.deepEqual(r, { "valid?": true, errors: [] });
});

Deno.test("echoChecker() reports a reply with a different payload", () => {
  const r = echoChecker(history([
    [0, "invoke", 0, "echo", "Please echo 1"],
    [1, "ok", 0, "echo", reply("Please echo 2")],
  ]));
  assert.deepEqual(r, {
    "valid?": false,
    errors: [[
      "Expected a message with :echo",
      "Please echo 1",
      "But received",
      reply("Please echo 2"),
    ]],
  });
});

Deno.test("echoChecker() does not judge ops that ended :info or never completed (as Maelstrom)", () => {
  const r = echoChecker(history([
    [0, "invoke", 0, "echo", "Please echo 1"],
    [1, "ok", 0, "echo", reply("Please echo 1")],
    [2, "invoke", 0, "echo", "Please echo 2"],
    [3, "info", 0, "echo", "Please echo 2", { error: "net-timeout" }],
    [4, "invoke", 2, "echo", "Please echo 3"],
    [5, "info", 2, "echo", "Please echo 3", { error: ["crash", "boom"], code: 13 }],
    [6, "invoke", 1, "echo", "Please echo 4"],
  ]));
  assert.deepEqual(r, { "valid?": true, errors: [] });
});

Deno.test("echoChecker() counts a :fail (a definite error reply) as an error: it carries no echo", () => {
  const r = echoChecker(history([
    [0, "invoke", 0, "echo", "Please echo 1"],
    [1, "fail", 0, "echo", "Please echo 1", { error: ["abort", "no"], code: 14 }],
  ]));
  assert.deepEqual(r, {
    "valid?": false,
    errors: [["Expected a message with :echo", "Please echo 1", "But received", "Please echo 1"]],
  });
});

Deno.test("echoChecker() still rejects a wrong echo after ops that timed out", () => {
  const r = echoChecker(history([
    [0, "invoke", 0, "echo", "Please echo 1"],
    [1, "info", 0, "echo", "Please echo 1", { error: "net-timeout" }],
    [2, "invoke", 1, "echo", "Please echo 2"],
    [3, "ok", 1, "echo", reply("Please echo 1")],
  ]));
  assert.equal(r["valid?"], false);
  assert.deepEqual((r.errors as unknown[][]).map((e) => e[1]), ["Please echo 2"]);
});

import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { stats } from "../checkers/stats.ts";
import { explain } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

Deno.test("an op kind that never succeeded is explained with its first failure", () => {
  const h = history([
    [0, "invoke", 0, "write", 1],
    [10, "ok", 0, "write", 1],
    [20, "invoke", 1, "read", null],
    [30, "fail", 1, "read", null, { error: ["key-does-not-exist", "no"], code: 20 }],
  ]);
  const results = { "valid?": false as const, stats: stats(h) };
  const [e] = explain({ results, history: h, test: { ...TEST3, nemesis: [] } });
  assert.equal(
    e.text,
    'no read ever succeeded: of 1, 1 failed and 0 ended indefinitely. The first: a read sent to n2 at 0.02 s failed with error 20 (key-does-not-exist: "no").',
  );
});

Deno.test("an op kind whose name begins with a vowel takes 'an': an echo, an append", () => {
  const h = history([
    [0, "invoke", 0, "echo", "x"],
    [30, "fail", 0, "echo", "x", { error: ["crash", "boom"], code: 13 }],
  ]);
  const results = { "valid?": false as const, stats: stats(h) };
  const [e] = explain({ results, history: h, test: { ...TEST3, nemesis: [] } });
  assert.match(e.text, /The first: an echo sent to n1 at 0\.00 s failed with error 13/);
});

import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { counter } from "../checkers/counter.ts";
import { explain } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

const test = { ...TEST3, nemesis: [], workload: "pn-counter" };

Deno.test("a final read that is exactly one node's own adds says whose adds it missed", () => {
  const h = history([
    [0, "invoke", 0, "add", 4],
    [1, "ok", 0, "add", 4],
    [2, "invoke", 1, "add", 3],
    [3, "ok", 1, "add", 3],
    [4, "invoke", 2, "add", -2],
    [5, "ok", 2, "add", -2],
    [3000, "invoke", 0, "read", null, { final: true }],
    [3010, "ok", 0, "read", 5, { final: true }],
    [3000, "invoke", 1, "read", null, { final: true }],
    [3020, "ok", 1, "read", 3, { final: true }],
  ]);
  const results = { "valid?": false as const, workload: counter(h) };
  const [e] = explain({ results, history: h, test });
  assert.equal(e.kind, "out-of-range");
  assert.equal(
    e.text,
    "1 of 2 final reads out of range; the first: the final read on n2 at 3.02 s returned 3, but the counter must read 5, the sum of every acknowledged add. 3 is exactly what the adds acknowledged by n2 sum to, as if the adds acknowledged by n1 and n3 (4, -2) never reached n2.",
  );
  assert.deepEqual(e.at, { time: 3.02, node: "n2" });
});

Deno.test("with adds of unknown outcome the account gives the acceptable values", () => {
  const h = history([
    [0, "invoke", 0, "add", 4],
    [1, "ok", 0, "add", 4],
    [2, "invoke", 1, "add", 3],
    [3, "info", 1, "add", 3],
    [3000, "invoke", 2, "read", null, { final: true }],
    [3010, "ok", 2, "read", 9, { final: true }],
  ]);
  const results = { "valid?": false as const, workload: counter(h) };
  const [e] = explain({ results, history: h, test: { ...test, workload: "g-counter" } });
  assert.match(
    e.text,
    /returned 9, but the counter must read 4 \(the sum of the acknowledged adds\) or, counting the 1 add whose outcome is unknown, one of 4, 7\. That is more than every add, acknowledged or not, together: some adds were counted more than once\.$/,
  );
});

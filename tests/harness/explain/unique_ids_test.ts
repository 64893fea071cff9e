import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { uniqueIds } from "../checkers/unique_ids.ts";
import { explain } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

const test = { ...TEST3, nemesis: [], workload: "unique-ids" };

Deno.test("a duplicated id names every node that handed it out, and when", () => {
  const h = history([
    [0, "invoke", 0, "generate", null],
    [10, "ok", 0, "generate", 2],
    [20, "invoke", 0, "generate", null],
    [30, "ok", 0, "generate", 1],
    [400, "invoke", 1, "generate", null],
    [410, "ok", 1, "generate", 1],
    [500, "invoke", 2, "generate", null],
    [520, "ok", 2, "generate", 2],
  ]);
  const results = { "valid?": false as const, workload: uniqueIds(h) };
  const [e] = explain({ results, history: h, test });
  assert.match(
    e.text,
    /^2 ids handed out more than once; the first: id 1 was handed out 2 times: by n1 at 0\.03 s and by n2 at 0\.41 s\. Different nodes/,
  );
  assert.deepEqual(e.at, { time: 0.41, node: "n2" });
});

Deno.test("an id repeated by one node says so", () => {
  const h = history([
    [0, "invoke", 0, "generate", null],
    [10, "ok", 0, "generate", 7],
    [20, "invoke", 0, "generate", null],
    [30, "ok", 0, "generate", 7],
  ]);
  const results = { "valid?": false as const, workload: uniqueIds(h) };
  const [e] = explain({ results, history: h, test });
  assert.match(
    e.text,
    /by n1 at 0\.01 s and by n1 at 0\.03 s\. n1 handed it out more than once itself\.$/,
  );
});

Deno.test("a checker that could not decide is explained by its error", () => {
  const h = history([
    [0, "invoke", 0, "generate", null],
    [10, "ok", 0, "generate", 1],
    [20, "invoke", 1, "generate", null],
    [30, "ok", 1, "generate", "a"],
  ]);
  const results = { "valid?": "unknown" as const, workload: uniqueIds(h) };
  const [e] = explain({ results, history: h, test });
  assert.deepEqual([e.kind, e.severity], ["checker-error", "unknown"]);
  assert.equal(
    e.text,
    'the workload checker could not decide: IncomparableError: Cannot compare values of different kinds: "a" and 1.',
  );
});

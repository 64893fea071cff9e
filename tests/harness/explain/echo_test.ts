import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { echoChecker } from "../checkers/echo.ts";
import { explain } from "./mod.ts";

const test = { nodes: ["n0"], concurrency: 2, workload: "echo" };

Deno.test("the first wrong echo names what was sent, to which node, when, and what came back", () => {
  const h = history([
    [0, "invoke", 0, "echo", "a"],
    [1, "ok", 0, "echo", { type: "echo_ok", echo: "a" }],
    [200, "invoke", 1, "echo", "b"],
    [210, "ok", 1, "echo", { type: "echo_ok", echo: "b!" }],
    [300, "invoke", 0, "echo", "c"],
    [5300, "info", 0, "echo", "c", { error: "net-timeout" }],
    [5400, "invoke", 2, "echo", "d"],
    [5410, "fail", 2, "echo", "d", { error: ["abort", "no"], code: 14 }],
  ]);
  const results = { "valid?": false as const, workload: echoChecker(h) };
  const [e] = explain({ results, history: h, test });
  assert.equal(
    e.text,
    '2 echoes did not come back as sent; the first: "b" sent to n0 at 0.20 s came back as "b!".',
  );
  // The timed-out "c" is not judged (as Maelstrom); the failed "d" is.
  const late = history(
    h.slice(4).map((
      op,
    ) => [op.time / 1e6, op.type, op.process, op.f, op.value, { error: op.error, code: op.code }]),
  );
  const [t] = explain({
    results: { "valid?": false, workload: echoChecker(late) },
    history: late,
    test,
  });
  assert.match(
    t.text,
    /^1 echo did not come back as sent; the first: "d" sent to n0 at 5\.40 s failed with error 14 \(abort: "no"\)\.$/,
  );
});

import assert from "node:assert/strict";
import { history, journal, type Row } from "../checkers/_testing.ts";
import { explain } from "./mod.ts";

const test = { nodes: ["n0", "n1"], concurrency: 2, workload: "echo" };
const j = journal([
  ["send", 100, 1, "c1", "n0"],
  ["send", 120, 2, "n0", "c1"],
  ["send", 900, 3, "n1", "c2"],
]);

Deno.test("a crashed node is named with its exit status, last message and stderr", () => {
  const [e] = explain({
    history: [],
    journal: j,
    test,
    crashes: [{ node: "n0", code: 3, signal: null, stderr: ["", "panic: boom"] }],
  });
  assert.equal(e.kind, "crashed");
  assert.equal(
    e.text,
    'n0 exited with status 3 after its last message at 0.12 s, so the test crashed; its last stderr: "panic: boom".',
  );
});

Deno.test("a node whose stdout was cut off is named with the bad line and the requests it cost", () => {
  const h = history([
    [0, "invoke", 0, "echo", "a"],
    [5, "ok", 0, "echo", { echo: "a" }],
    [200, "invoke", 0, "echo", "b"],
    [5200, "info", 0, "echo", "b", { error: "net-timeout" }],
  ]);
  const [e] = explain({
    results: { "valid?": false },
    history: h,
    journal: j,
    test,
    outputErrors: [{
      node: "n0",
      line: "debug: got b",
      error: 'Node n0 wrote a bad line to stdout (not well-formed JSON): "debug: got b"',
    }],
  });
  assert.equal(
    e.text,
    'n0 wrote a line to stdout that is not a Maelstrom message (not well-formed JSON): "debug: got b". Like Maelstrom, the bench ignored everything n0 wrote from then on (its last message got through at 0.12 s), so 1 request to n0 went unanswered. Log to stderr, never stdout.',
  );
});

Deno.test("a node that answered nobody from some time on is a note; one that recovered is not", () => {
  const rows: Row[] = [[0, "invoke", 1, "read", null], [5, "ok", 1, "read", 1]];
  for (let i = 1; i <= 3; i++) {
    rows.push([i * 1000, "invoke", 1 + 2 * i, "read", null]);
    rows.push([i * 1000 + 999, "info", 1 + 2 * i, "read", null, { error: "net-timeout" }]);
  }
  const h = history(rows);
  const [e] = explain({ results: { "valid?": false }, history: h, test });
  assert.equal(e.kind, "silent");
  assert.equal(
    e.text,
    "n1 answered no client after 0.01 s: all 3 later requests to it (the last at 3.00 s) timed out.",
  );
  const recovered = history([...rows, [9000, "invoke", 9, "read", null], [
    9001,
    "ok",
    9,
    "read",
    1,
  ]]);
  assert.ok(
    !explain({ results: { "valid?": false }, history: recovered, test }).some((x) =>
      x.kind === "silent"
    ),
  );
});

Deno.test("a node whose last message was its init reply is said to have gone quiet during init, not at a negative time", () => {
  const h = history([
    [100, "invoke", 0, "echo", "a"],
    [5100, "info", 0, "echo", "a", { error: "net-timeout" }],
  ]);
  const [e] = explain({
    results: { "valid?": false },
    history: h,
    journal: journal([["send", -3, 1, "n0", "c0"]]),
    test,
    outputErrors: [{ node: "n0", line: "hi", error: "not well-formed JSON" }],
  });
  assert.match(e.text, /its last message got through during init, before the first op\),/);
  assert.doesNotMatch(e.text, /-0\.00 s/);
});

import assert from "node:assert/strict";
import { history } from "./_testing.ts";
import { stats } from "./stats.ts";

Deno.test("stats() counts completions overall and per f, ignoring invocations and the nemesis", () => {
  const r = stats(history([
    [0, "info", "nemesis", "start-partition", "one"],
    [0, "invoke", 0, "broadcast", 1],
    [1, "ok", 0, "broadcast", 1],
    [1, "invoke", 1, "broadcast", 2],
    [2, "info", 1, "broadcast", 2],
    [2, "invoke", 0, "read", null],
    [3, "fail", 0, "read", null],
    [4, "invoke", 0, "read", null],
    [5, "ok", 0, "read", [1]],
    [6, "info", "nemesis", "stop-partition", "network-healed"],
  ]));
  assert.deepEqual(r, {
    "valid?": true,
    count: 4,
    "ok-count": 2,
    "fail-count": 1,
    "info-count": 1,
    "by-f": {
      broadcast: { "valid?": true, count: 2, "ok-count": 1, "fail-count": 0, "info-count": 1 },
      read: { "valid?": true, count: 2, "ok-count": 1, "fail-count": 1, "info-count": 0 },
    },
  });
});

Deno.test("stats() is invalid when some f never succeeded", () => {
  const r = stats(history([
    [0, "invoke", 0, "echo", "a"],
    [1, "fail", 0, "echo", "a", { error: ["abort", "no"], code: 14 }],
  ]));
  assert.equal(r["valid?"], false);
  assert.equal((r["by-f"] as Record<string, { "valid?": boolean }>).echo["valid?"], false);
});

Deno.test("stats() does not fail on crash ops that never succeed", () => {
  const r = stats(history([
    [0, "invoke", 0, "send", [["send", "1", 1]]],
    [1, "ok", 0, "send", [["send", "1", [0, 1]]]],
    [2, "invoke", 1, "crash", null],
    [3, "info", 1, "crash", null],
    [4, "invoke", 2, "debug-topic-partitions", null],
    [5, "fail", 2, "debug-topic-partitions", null],
  ]));
  assert.equal(r["valid?"], true);
  assert.deepEqual(Object.keys(r["by-f"] as object), ["crash", "debug-topic-partitions", "send"]);
});

Deno.test("stats() of an empty history is valid with zero counts", () => {
  assert.deepEqual(stats([]), {
    "valid?": true,
    count: 0,
    "ok-count": 0,
    "fail-count": 0,
    "info-count": 0,
    "by-f": {},
  });
});

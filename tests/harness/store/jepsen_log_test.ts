import assert from "node:assert/strict";
import { defaultOptions } from "../options.ts";
import { history } from "../checkers/_testing.ts";
import { jepsenLog, logTime } from "./jepsen_log.ts";

const START = Date.UTC(2026, 11, 3, 7, 42, 39, 411);
const TEST = {
  ...defaultOptions(),
  workload: "lin-kv",
  bin: "dist/lin-kv",
  concurrency: 2,
  seed: 1,
};
const HISTORY = history([
  [0, "invoke", 0, "read", [0, null]],
  [3, "fail", 0, "read", [0, null], { error: ["key-does-not-exist", "key does not exist"] }],
  [5, "invoke", 3, "write", [0, 1]],
  [9, "info", 3, "write", [0, 1], { error: "net-timeout" }],
]);

Deno.test("jepsen.log lines follow Jepsen's pattern: GMT time, level, thread, logger, message", () => {
  assert.equal(logTime(START), "2026-12-03 07:42:39,411{GMT}");
  const lines = [
    ...jepsenLog({ test: TEST, history: HISTORY, startMs: START, results: { "valid?": true } }),
  ];
  assert.equal(
    lines[0],
    "2026-12-03 07:42:39,411{GMT}\tINFO\t[jepsen test runner] jepsen.core: Command line:",
  );
  const ops = lines.filter((l) => l.includes("jepsen.util: "));
  assert.deepEqual(ops, [
    "2026-12-03 07:42:39,411{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:invoke\t:read\t[0 nil]",
    '2026-12-03 07:42:39,414{GMT}\tINFO\t[jepsen worker 0] jepsen.util: 0\t:fail\t:read\t[0 nil]\t[:key-does-not-exist "key does not exist"]',
    "2026-12-03 07:42:39,416{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 3\t:invoke\t:write\t[0 1]",
    "2026-12-03 07:42:39,420{GMT}\tINFO\t[jepsen worker 1] jepsen.util: 3\t:info\t:write\t[0 1]\t:net-timeout",
  ]);
  assert.equal(lines.at(-1), "Everything looks good! ヽ(‘ー`)ノ");
  assert.ok(lines.some((l) => l.endsWith("jepsen.core: {:valid? true}")));
});

Deno.test("jepsen.log gives the command line as typed, words for the node included", () => {
  const argv = [
    "test",
    "-w",
    "lin-kv",
    "--bin",
    "dist/lin-kv",
    "--consistency-models",
    "linearizable",
    "x",
  ];
  const lines = [...jepsenLog({ test: { ...TEST, argv }, history: HISTORY, startMs: START })];
  assert.equal(lines[1], `maelstrom ${argv.join(" ")}`);
  const rebuilt = [...jepsenLog({ test: TEST, history: HISTORY, startMs: START })];
  assert.match(rebuilt[1], /^maelstrom test -w lin-kv --bin dist\/lin-kv --nodes n1,n2,n3,n4,n5 /);
});

Deno.test("jepsen.log interleaves what the bench printed, node stderr as Maelstrom's [n1 stderr] lines", () => {
  const lines = [...jepsenLog({
    test: TEST,
    history: HISTORY,
    startMs: START,
    log: [
      { wallMs: START - 100, line: "[n1 stderr] booting" },
      { wallMs: START + 4, line: "WARN [lin-kv] Error in service worker!" },
    ],
    error: "Node n1 crashed with exit status 1",
  })];
  const stderr = lines.findIndex((l) =>
    l.endsWith("\tINFO\t[n1 stderr] maelstrom.process: booting")
  );
  const relative = lines.findIndex((l) => l.endsWith("Relative time begins now"));
  assert.ok(stderr >= 0 && stderr < relative);
  const warn = lines.findIndex((l) =>
    l.includes("\tWARN\t") && l.endsWith("[lin-kv] Error in service worker!")
  );
  assert.equal(lines[warn - 1].includes(":fail\t:read"), true);
  assert.match(
    lines.at(-1)!,
    /WARN\t\[jepsen test runner\] jepsen.core: Test crashed: Node n1 crashed/,
  );
});

import assert from "node:assert/strict";
import { parseEdn } from "../edn.ts";
import { history } from "../checkers/_testing.ts";
import { writeHistoryEdn, writeHistoryTxt } from "./history_files.ts";

const ops = history([
  [0, "info", "nemesis", "start-partition", "majority"],
  [1, "invoke", 0, "cas", [0, [1, 2]]],
  [2, "fail", 0, "cas", [0, [1, 2]], {
    error: ["precondition-failed", "current value 3 is not 1"],
  }],
  [3, "invoke", 1, "read", [0, null]],
  [4, "info", 1, "read", [0, null], { error: "net-timeout" }],
]);

Deno.test("history.edn holds one op map per line that the EDN reader reads back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeHistoryEdn(dir, ops, "lin-kv");
    const lines = (await Deno.readTextFile(`${dir}/history.edn`)).trimEnd().split("\n");
    assert.equal(lines.length, ops.length);
    const back = lines.map((l) => parseEdn(l) as Record<string, unknown>);
    assert.deepEqual(back.map((o) => o.index), [0, 1, 2, 3, 4]);
    assert.deepEqual(back[0], {
      index: 0,
      time: 0,
      type: "info",
      process: "nemesis",
      f: "start-partition",
      value: "majority",
    });
    assert.deepEqual(back[2].error, ["precondition-failed", "current value 3 is not 1"]);
    assert.equal(back[4].error, "net-timeout");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("history.txt is Jepsen's prn-op: process, type, f, value and the error for people, tab-separated", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await writeHistoryTxt(dir, ops, "lin-kv");
    assert.equal(
      await Deno.readTextFile(`${dir}/history.txt`),
      [
        ":nemesis\t:info\t:start-partition\t:majority",
        "0\t:invoke\t:cas\t[0 [1 2]]",
        "0\t:fail\t:cas\t[0 [1 2]]\t[:precondition-failed current value 3 is not 1]",
        "1\t:invoke\t:read\t[0 nil]",
        "1\t:info\t:read\t[0 nil]\t:net-timeout",
        "",
      ].join("\n"),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

// deno-lint-ignore-file no-explicit-any -- parsed EDN is untyped; the assertions walk into it.
import assert from "node:assert/strict";
import { parseEdn } from "../edn.ts";
import { history } from "../checkers/_testing.ts";
import { linearizableKv } from "../checkers/linearizable.ts";
import { subhistories, writeIndependent } from "./independent.ts";
import { assertXml } from "./_testing.ts";

/** Key 1 is fine; key 2 reads 0 after a write of 1 completed: not linearizable. */
const HISTORY = history([
  [0, "invoke", 0, "write", [1, 5]],
  [1, "ok", 0, "write", [1, 5]],
  [2, "invoke", 1, "write", [2, 1]],
  [3, "ok", 1, "write", [2, 1]],
  [4, "info", "nemesis", "start-partition", "one"],
  [5, "invoke", 0, "read", [2, null]],
  [6, "invoke", 1, "write", [2, 0]],
  [7, "ok", 1, "write", [2, 0]],
  [8, "invoke", 1, "read", [2, null]],
  [9, "ok", 1, "read", [2, 1]],
  [10, "ok", 0, "read", [2, 0]],
]);

Deno.test("subhistories() unwraps [key value] pairs and gives the nemesis's ops to every key", () => {
  const subs = subhistories(HISTORY, ["1", "2"]);
  assert.deepEqual(subs.get("1")!.map((op) => [op.index, op.value]), [[0, 5], [1, 5], [4, "one"]]);
  assert.deepEqual(subs.get("2")!.map((op) => op.index), [2, 3, 4, 5, 6, 7, 8, 9, 10]);
});

Deno.test("independent/<key>/ holds results, history and timeline per key, and linear.svg for the bad key only", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = linearizableKv(HISTORY);
    assert.deepEqual(result.failures, [2]);
    await writeIndependent(dir, {
      workload: "lin-kv",
      history: HISTORY,
      workloadResult: result,
      run: "20260101T000000.000Z",
      startMs: 0,
    });
    for (const key of ["1", "2"]) {
      const r = parseEdn(
        await Deno.readTextFile(`${dir}/independent/${key}/results.edn`),
      ) as Record<string, any>;
      assert.equal(r["valid?"], key === "1");
      assert.equal(r.linearizable.analyzer, "jit");
      const lines = (await Deno.readTextFile(`${dir}/independent/${key}/history.edn`)).trimEnd()
        .split("\n");
      assert.ok(lines.every((l) => (parseEdn(l) as Record<string, unknown>).index !== undefined));
      assert.match(
        await Deno.readTextFile(`${dir}/independent/${key}/timeline.html`),
        new RegExp(`<h1>lin-kv key ${key}</h1>`),
      );
    }
    await assert.rejects(Deno.stat(`${dir}/independent/1/linear.svg`), Deno.errors.NotFound);
    const svg = await Deno.readTextFile(`${dir}/independent/2/linear.svg`);
    assertXml(svg, "linear.svg");
    // The failing op (index 9 or 10) is outlined and linked to its timeline box.
    const failing = (result.results["2"].linearizable.op as { index: number }).index;
    assert.match(
      svg,
      new RegExp(`href="timeline.html#i${failing}"[^>]*><rect [^>]*stroke="#FF1E90"`),
    );
    assert.match(svg, /could hold: /);
    // Ops that never happened (:fail) and ops outside the window are not drawn.
    assert.doesNotMatch(svg, /timeline.html#i1"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

import assert from "node:assert/strict";
import { runFixture } from "../fixtures/mod.ts";
import type { TestOptions } from "../options.ts";
import { readHistory, readJournal } from "../store.ts";
import { analyze, exitCodeOf } from "./analyze.ts";

async function reanalyze(dir: string) {
  const test: TestOptions = JSON.parse(await Deno.readTextFile(`${dir}/test.json`));
  return analyze({ test, history: await readHistory(dir), journal: await readJournal(dir) });
}

Deno.test("analyze() of a stored run gives the results the run gave, valid and invalid", async () => {
  for (const mode of ["ok", "wrong"]) {
    const r = await runFixture("echo", mode, { workload: "echo", nodeCount: 2, rate: 20 });
    const again = await reanalyze(r.dir!);
    const stored = JSON.parse(await Deno.readTextFile(`${r.dir}/results.json`));
    assert.deepEqual(JSON.parse(JSON.stringify(again.results)), stored);
    assert.equal(again.exitCode, r.exitCode);
  }
});

Deno.test("analyze() rebuilds the workload from the options: a txn run's models are kept", async () => {
  const r = await runFixture("txn_list_append", "serial", {
    workload: "txn-list-append",
    nodeCount: 2,
    rate: 20,
    consistencyModels: ["serializable"],
  });
  const again = await reanalyze(r.dir!);
  assert.deepEqual(
    JSON.parse(JSON.stringify(again.results.workload)),
    JSON.parse(JSON.stringify(r.results!.workload)),
  );
});

Deno.test("exitCodeOf() maps true, false and unknown to 0, 1 and 2", () => {
  assert.deepEqual([exitCodeOf(true), exitCodeOf(false), exitCodeOf("unknown")], [0, 1, 2]);
});

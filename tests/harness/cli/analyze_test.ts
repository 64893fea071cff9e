import assert from "node:assert/strict";
import { join } from "node:path";
import { runFixture } from "../fixtures/mod.ts";
import { analyze } from "../phases/analyze.ts";
import { analyzeCommand, findRun, loadRun, StoredRunError, storedRuns } from "./analyze.ts";

Deno.test("a run stored without test.json (an older bench) is analyzed from its folder and journal", async () => {
  const r = await runFixture("echo", "ok", { workload: "echo", nodeCount: 2, rate: 20 });
  await Deno.remove(join(r.dir!, "test.json"));
  const { run, guessed } = await loadRun(r.dir!);
  assert.equal(guessed, true);
  assert.equal(run.test.workload, "echo");
  assert.deepEqual(run.test.nodes, ["n0", "n1"]);
  const again = await analyze({ test: run.test, history: run.history, journal: run.journal });
  assert.deepEqual(
    JSON.parse(JSON.stringify(again.results)),
    JSON.parse(JSON.stringify(r.results)),
  );
});

Deno.test("findRun() counts runs as Jepsen: 0 the oldest, -1 the latest, -2 the one before", async () => {
  const store = Deno.makeTempDirSync();
  const runs = [
    "echo/20260101T000000.000",
    "g-set/20260102T000000.000",
    "echo/20260103T000000.000",
  ];
  for (const dir of runs) await Deno.mkdir(join(store, dir), { recursive: true });
  await Deno.symlink(join(store, runs[2]), join(store, "echo", "latest"));
  assert.deepEqual(await storedRuns(store), runs.map((d) => join(store, d)));
  assert.equal(await findRun(-1, store), join(store, runs[2]));
  assert.equal(await findRun(0, store), join(store, runs[0]));
  assert.equal(await findRun(-2, store), join(store, runs[1]));
  Deno.writeTextFileSync(join(store, runs[1], "results.json"), "{}");
  assert.equal(await findRun(join(store, runs[1], "results.json"), store), join(store, runs[1]));
  await assert.rejects(() => findRun(3, store), StoredRunError);
  await assert.rejects(() => findRun(join(store, "nothing"), store), StoredRunError);
});

Deno.test("analyze of a crashed run repeats the crash (exit 255) and judges nothing", async () => {
  const r = await runFixture("echo", "dead", { workload: "echo", nodeCount: 2, rate: 20 });
  assert.equal(r.exitCode, 255);
  const { log, error } = console;
  let out = "";
  console.log = console.error = (...a: unknown[]) => void (out += a.join(" ") + "\n");
  try {
    assert.equal(await analyzeCommand(["-t", r.dir!]), 255);
  } finally {
    Object.assign(console, { log, error });
  }
  assert.match(out, /Test crashed: Node n\d crashed with exit status 2/);
  assert.doesNotMatch(out, /looks good/);
  await assert.rejects(() => Deno.stat(join(r.dir!, "results.json")), Deno.errors.NotFound);
});

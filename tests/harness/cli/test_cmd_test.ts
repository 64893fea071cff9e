import assert from "node:assert/strict";
import { fixtureBin, runFixture } from "../fixtures/mod.ts";
import { killLeftRunning } from "../phases/teardown.ts";
import { storedRuns } from "./analyze.ts";
import { testCommand } from "./test_cmd.ts";

async function silently<T>(f: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = () => {};
  try {
    return await f();
  } finally {
    Object.assign(console, { log, error });
  }
}

const echo = async (mode: string, count: number, store: string) => [
  "-w",
  "echo",
  "--bin",
  await fixtureBin("echo"),
  "--node-count",
  "1",
  "--time-limit",
  "1",
  "--rate",
  "20",
  "--test-count",
  String(count),
  "--store",
  store,
  "--no-progress",
  "--",
  mode,
];

Deno.test("--test-count N runs N valid tests and exits 0", async () => {
  const store = Deno.makeTempDirSync();
  assert.equal(await silently(async () => testCommand(await echo("ok", 2, store))), 0);
  assert.equal((await storedRuns(store)).length, 2);
});

Deno.test("--test-count stops at the first test that is not valid, with its exit status", async () => {
  const store = Deno.makeTempDirSync();
  assert.equal(await silently(async () => testCommand(await echo("wrong", 3, store))), 1);
  assert.equal((await storedRuns(store)).length, 1);
});

Deno.test("--leave-db-running leaves the nodes running after the test, until the next one", async () => {
  // An unknown mode behaves as ok; this one names the process uniquely.
  const r = await runFixture("echo", "left-running", {
    workload: "echo",
    nodeCount: 1,
    leaveDbRunning: true,
  });
  assert.equal(r.exitCode, 0);
  const pid = Number(
    new TextDecoder().decode(
      (await new Deno.Command("pgrep", { args: ["-f", "fixtures/echo.ts left-running"] }).output())
        .stdout,
    ).trim().split("\n")[0],
  );
  assert.ok(pid > 0, "a node still runs");
  await killLeftRunning();
  const alive = await new Deno.Command("kill", { args: ["-0", String(pid)] }).output();
  assert.notEqual(alive.code, 0, "the node was killed");
});

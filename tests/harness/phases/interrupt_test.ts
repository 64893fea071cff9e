import assert from "node:assert/strict";
import { join } from "node:path";
import { fixtureBin } from "../fixtures/mod.ts";

const CLI = new URL("../cli.ts", import.meta.url).pathname;

/** Starts `maelstrom test` in a process group of its own, as a terminal's foreground job. */
function startTest(cwd: string, bin: string) {
  return new Deno.Command("setsid", {
    args: [
      Deno.execPath(),
      "run",
      "-A",
      CLI,
      "test",
      ...["-w", "echo", "--bin", bin, "--node-count", "2", "--time-limit", "60"],
      ...["--rate", "20", "--no-progress", "ok"],
    ],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

Deno.test("Ctrl-C stops a test, stores what it recorded, and exits 130; analyze says so again", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "interrupt-test-" });
  const child = startTest(cwd, await fixtureBin("echo"));
  try {
    // Wait for client ops, then press Ctrl-C: the terminal signals the whole group, nodes too.
    await new Promise((r) => setTimeout(r, 4000));
    Deno.kill(-child.pid, "SIGINT");
    const out = await child.output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.equal(out.code, 130, stderr);
    assert.match(stderr, /Test interrupted: Ctrl-C \(SIGINT\) [\d.]+ s into the test/);
    assert.doesNotMatch(stderr, /Node n\d crashed/);
    const run = join(cwd, "store", "echo", "latest");
    const history = await Deno.readTextFile(join(run, "history.jsonl"));
    assert.ok(history.split("\n").filter((l) => l.includes('"invoke"')).length > 10);
    assert.deepEqual(
      JSON.parse(await Deno.readTextFile(join(run, "bench.json"))).interrupted,
      true,
    );
    await assert.rejects(() => Deno.stat(join(run, "results.json")), Deno.errors.NotFound);
    const again = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", CLI, "analyze"],
      cwd,
      stderr: "piped",
    }).output();
    assert.equal(again.code, 130);
    assert.match(new TextDecoder().decode(again.stderr), /Test interrupted: Ctrl-C/);
  } finally {
    try {
      Deno.kill(-child.pid, "SIGKILL");
    } catch { /* already gone */ }
    await Deno.remove(cwd, { recursive: true });
  }
});

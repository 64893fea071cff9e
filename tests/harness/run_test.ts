import assert from "node:assert/strict";
import { runFixture as run } from "./fixtures/mod.ts";

Deno.test("echo: a correct node is accepted and its run is stored", async () => {
  const r = await run("echo", "ok", { workload: "echo", nodeCount: 1, rate: 20 });
  assert.equal(r.exitCode, 0);
  assert.ok(r.history.length > 10);
  const results = JSON.parse(await Deno.readTextFile(`${r.dir}/results.json`));
  assert.equal(results["valid?"], true);
  assert.ok(results.net.all["msg-count"] > 0);
  const firstOp = JSON.parse((await Deno.readTextFile(`${r.dir}/history.jsonl`)).split("\n")[0]);
  assert.equal(firstOp.type, "invoke");
});

Deno.test("echo: a node that sometimes answers wrong is rejected", async () => {
  const r = await run("echo", "wrong", { workload: "echo", nodeCount: 1, rate: 20 });
  assert.equal(r.exitCode, 1);
  assert.equal((r.results!.workload as { "valid?": boolean })["valid?"], false);
});

Deno.test("a node printing a non-JSON line loses its stdout and is reported by node and line", async () => {
  const r = await run("echo", "nonjson", { workload: "echo", nodeCount: 1, rate: 5 });
  assert.equal(r.outputErrors.length, 1);
  assert.equal(r.outputErrors[0].node, "n0");
  assert.match(r.outputErrors[0].line, /^got echo Please echo/);
  // Like Maelstrom: every later reply is lost, so those echoes time out
  // (:info), and the echo checker, which judges only answered ops, finds
  // nothing wrong: the run is valid, with an ok-fraction below 1.
  const info = r.history.filter((op) => op.type === "info");
  assert.ok(info.length > 0 && info.every((op) => op.error === "net-timeout"));
  assert.equal(r.exitCode, 0, JSON.stringify(r.results));
  assert.deepEqual(r.results!.workload, { "valid?": true, errors: [] });
  const okFraction = (r.results!.availability as { "ok-fraction": number })["ok-fraction"];
  assert.ok(okFraction > 0 && okFraction < 1, `ok-fraction ${okFraction}`);
});

Deno.test("a node that exits before teardown crashes the test with exit 255 and its stderr", async () => {
  const r = await run("echo", "crash", { workload: "echo", nodeCount: 1, rate: 20 });
  assert.equal(r.exitCode, 255);
  assert.equal(r.crashes[0].node, "n0");
  assert.equal(r.crashes[0].code, 3);
  assert.ok(r.crashes[0].stderr.some((l) => l.includes("crashing on purpose")));
  assert.equal(r.results, undefined);
});

Deno.test("unique-ids: per-node ids pass partitions with total availability", async () => {
  const r = await run("unique_ids", "ok", {
    workload: "unique-ids",
    nodeCount: 3,
    rate: 200,
    nemesis: ["partition"],
    nemesisInterval: 0.3,
    availability: "total",
  });
  assert.equal(r.exitCode, 0);
  assert.ok(r.history.some((op) => op.process === "nemesis" && op.f === "start-partition"));
});

Deno.test("a seed gives the same partitions in the same order, whatever the clients' timing", async () => {
  // The clients' draws interleave with the nemesis's by timing, which no
  // seed fixes; the partitions come from a stream of their own.
  const partitions = async (rate: number) => {
    const r = await run("unique_ids", "ok", {
      workload: "unique-ids",
      nodeCount: 5,
      rate,
      nemesis: ["partition"],
      nemesisInterval: 0.2,
      seed: 7,
    });
    return r.history.filter((op) => op.process === "nemesis" && op.type === "info")
      .map((op) => JSON.stringify(op.value));
  };
  const [a, b] = [await partitions(300), await partitions(40)];
  const n = Math.min(a.length, b.length);
  assert.ok(n >= 6, `nemesis ops: ${a.length}, ${b.length}`);
  assert.deepEqual(a.slice(0, n), b.slice(0, n));
});

Deno.test("unique-ids: ids that collide across nodes are rejected", async () => {
  const r = await run("unique_ids", "collide", { workload: "unique-ids", nodeCount: 3, rate: 100 });
  assert.equal(r.exitCode, 1);
});

// deno-lint-ignore-file no-explicit-any -- parsed EDN is untyped; the assertions walk into it.
/**
 * End to end: a bench run writes every Maelstrom store file, and each one
 * parses (EDN read back, PNG decoded, SVG and HTML well-formed).
 */

import assert from "node:assert/strict";
import { join } from "node:path";
import { parseEdn } from "../edn.ts";
import { runFixture } from "../fixtures/mod.ts";
import type { RunResult } from "../run.ts";
import { assertXml, decodePng } from "./_testing.ts";

const read = (dir: string, name: string) => Deno.readTextFile(join(dir, name));

/** Checks the files every analyzed run has, and returns its parsed results.edn. */
async function assertCommonFiles(r: RunResult): Promise<Record<string, any>> {
  const dir = r.dir!;
  const results = parseEdn(await read(dir, "results.edn")) as Record<string, any>;
  assert.equal(results["valid?"], r.results!["valid?"]);
  assert.equal(results.latency, undefined, "bench-only results stay in results.json");
  assert.deepEqual(Object.keys(results.net), ["all", "clients", "servers", "valid?"]);

  const edn = (await read(dir, "history.edn")).trimEnd().split("\n");
  assert.equal(edn.length, r.history.length);
  edn.forEach((line, i) => assert.equal((parseEdn(line) as Record<string, unknown>).index, i));
  const txt = (await read(dir, "history.txt")).trimEnd().split("\n");
  assert.equal(txt.length, r.history.length);
  assert.ok(txt.every((l) => l.split("\t").length >= 4));

  const log = await read(dir, "jepsen.log");
  assert.match(
    log,
    /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\{GMT\}\tINFO\t\[jepsen test runner\] jepsen.core: Command line:\n/,
  );
  assert.equal(
    log.split("\n").filter((l) => l.includes("] jepsen.util: ")).length,
    r.history.length,
  );
  const verdict = r.results!["valid?"] === true ? "Everything looks good!" : "Analysis invalid!";
  assert.ok(log.trimEnd().endsWith(log.trimEnd().split("\n").at(-1)!) && log.includes(verdict));

  const timeline = await read(dir, "timeline.html");
  assert.ok(timeline.startsWith("<html><head><style>"));
  const completions = r.history.filter((op) => op.type !== "invoke").length;
  assert.equal(timeline.match(/<div class="op /g)?.length, completions);
  assertXml(await read(dir, "messages.svg"), "messages.svg");
  for (const png of ["latency-raw.png", "latency-quantiles.png"]) {
    const img = decodePng(await Deno.readFile(join(dir, png)));
    assert.deepEqual([img.width, img.height], [900, 400]);
  }
  assert.match(await read(dir, "report.html"), /href="results\.edn"/);
  return results;
}

Deno.test("store: an invalid lin-kv run has Maelstrom's files, independent/<key>/ and linear.svg for the failing key", async () => {
  const r = await runFixture("lin_kv", "local", {
    workload: "lin-kv",
    nodeCount: 3,
    concurrency: 6,
    rate: 100,
    timeLimit: 3,
  });
  assert.equal(r.exitCode, 1);
  const results = await assertCommonFiles(r);
  assert.equal(results.workload["valid?"], false);
  const failures = results.workload.failures as number[];
  assert.ok(failures.length > 0 && failures.every((k) => typeof k === "number"), "integer keys");
  for (const key of Object.keys(results.workload.results)) {
    const d = join(r.dir!, "independent", key);
    const sub = parseEdn(await read(d, "results.edn")) as Record<string, any>;
    assert.equal(sub["valid?"], results.workload.results[key]["valid?"]);
    (await read(d, "history.edn")).trimEnd().split("\n").forEach((l) => parseEdn(l));
    assert.match(await read(d, "timeline.html"), new RegExp(`key ${key}</h1>`));
  }
  assertXml(
    await read(join(r.dir!, "independent", String(failures[0])), "linear.svg"),
    "linear.svg",
  );
});

Deno.test("store: a txn-list-append run whose nodes never replicate explains each cycle in elle/<anomaly>.txt", async () => {
  const r = await runFixture("txn_list_append", "local", {
    workload: "txn-list-append",
    nodeCount: 2,
    concurrency: 4,
    rate: 200,
  });
  assert.equal(r.exitCode, 1);
  const results = await assertCommonFiles(r);
  const types = results.workload["anomaly-types"] as string[];
  const cycles = types.filter((t) => /^G(0|1c|-single|-nonadjacent|2)/.test(t));
  assert.ok(cycles.length > 0, `no cycle anomaly in ${types}`);
  for (const t of cycles) {
    const text = await read(join(r.dir!, "elle"), `${t}.txt`);
    assert.match(text, new RegExp(`^${t} #0\\nLet:\\n  T1 = \\{:index \\d+, `));
    assert.match(text, /: a contradiction!$/);
  }
});

Deno.test("store: a broadcast run with partitions that outlasts a 10 s rate bucket's midpoint plots its rate", async () => {
  const r = await runFixture("broadcast", "retry", {
    workload: "broadcast",
    nodeCount: 3,
    rate: 20,
    timeLimit: 5,
    nemesis: ["partition"],
    nemesisInterval: 1,
  });
  await assertCommonFiles(r);
  const img = decodePng(await Deno.readFile(join(r.dir!, "rate.png")));
  assert.equal(img.width, 900);
  assert.match(await read(r.dir!, "history.edn"), /:process :nemesis, :f :start-partition/);
});

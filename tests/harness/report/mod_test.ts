import assert from "node:assert/strict";
import { stats } from "../checkers/stats.ts";
import { net } from "../checkers/net.ts";
import { setFull } from "../checkers/set_full.ts";
import { latency } from "../checkers/latency.ts";
import { compose } from "../checkers/compose.ts";
import { UPLOT_JS } from "./_assets.ts";
import { syntheticRun } from "./_testing.ts";
import { findRunFiles, renderReport, writeReport } from "./mod.ts";

function checked(seconds: number, rate: number) {
  const run = syntheticRun({ seconds, rate });
  const results = compose({
    stats: stats(run.history),
    net: net(run.journal, run.history),
    workload: setFull(run.history, { addF: "broadcast" }),
    latency: latency(run.history),
  });
  return { ...run, results };
}

Deno.test("writeReport() writes a self-contained report.html with uPlot, the data and links", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { history, journal, nodes, results } = checked(5, 20);
    await Deno.mkdir(`${dir}/node-logs`);
    for (const n of ["n10", "n2"]) await Deno.writeTextFile(`${dir}/node-logs/${n}.log`, "");
    await Deno.writeTextFile(`${dir}/results.json`, JSON.stringify(results));
    const path = await writeReport(dir, {
      test: { workload: "broadcast", nodes, rate: 20 },
      history,
      journal,
      results,
    });
    assert.equal(path, `${dir}/report.html`);
    const html = await Deno.readTextFile(path);
    // The library is inlined, not fetched.
    assert.ok(UPLOT_JS.length > 10_000 && html.includes(UPLOT_JS.slice(0, 2000)));
    assert.ok(!/<script[^>]+src=/.test(html) && !/<link[^>]+href="http/.test(html));
    // The chart data and the diagram are in the page.
    const data = JSON.parse(html.match(/id="report-data">(.*?)<\/script>/s)![1]);
    assert.equal(data.latency.t.length, history.filter((o) => o.type === "invoke").length);
    assert.deepEqual(data.nemesis.map((p: { label: string }) => p.label), ["majority", "one"]);
    assert.ok(html.includes('<svg xmlns="http://www.w3.org/2000/svg" class="lamport"'));
    assert.ok(html.includes("broadcast {:message 0}"));
    assert.ok(html.includes("Everything looks good! ヽ(‘ー`)ノ"));
    // Links to the run's files, node logs in node order.
    assert.ok(
      html.includes(
        '<a href="results.json">results.json</a> <a href="node-logs/n2.log">n2.log</a> <a href="node-logs/n10.log">n10.log</a>',
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renderReport() shows the truncation notice and the verdict of an invalid run", () => {
  const { history, journal } = syntheticRun({ seconds: 60, rate: 100 });
  const html = renderReport({
    test: { workload: "broadcast" },
    history,
    journal,
    results: { "valid?": false, workload: { "valid?": false, "lost-count": 1 } },
  });
  assert.ok(html.includes("Additional network events not shown"));
  assert.ok(html.includes("Showing the first 10000 of"));
  assert.ok(html.includes('class="verdict bad">Analysis invalid! (ﾉಥ益ಥ）ﾉ ┻━┻'));
  assert.ok(html.includes('<span class="badge bad">invalid</span>'));
});

Deno.test("renderReport() escapes data that could close its script element", () => {
  const html = renderReport({
    test: { workload: "echo" },
    history: [
      { index: 0, time: 0, type: "invoke", process: 0, f: "</script><b>", value: 1 },
      { index: 1, time: 1e6, type: "ok", process: 0, f: "</script><b>", value: 1 },
    ],
    journal: [],
    results: { "valid?": true },
  });
  assert.equal(html.match(/<\/script>/g)!.length, 3);
});

// Rendering speed is a figure of `make bench` (tests/bench.ts), not asserted here.
Deno.test("renderReport() shows the first 10 000 of 50k messages and says the rest are left out", () => {
  const { history, journal } = syntheticRun({ seconds: 30, rate: 600 });
  const messages = new Set(journal.map((e) => e.message.id)).size;
  assert.ok(messages >= 50_000, `only ${messages} messages`);
  const html = renderReport({ test: {}, history, journal, results: { "valid?": true } });
  assert.ok(html.includes("Additional network events not shown"));
});

Deno.test("findRunFiles() lists only files that exist", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await findRunFiles(dir), []);
    await Deno.writeTextFile(`${dir}/history.txt`, "");
    assert.deepEqual(await findRunFiles(dir), [{ label: "history.txt", href: "history.txt" }]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("renderReport() of an invalid run explains it, each anomaly linked to its moment in the charts and the message flow", () => {
  const run = syntheticRun({ seconds: 5, rate: 20 });
  const { journal, nodes } = run;
  // Lose value 3: no read returns it.
  const history = run.history.map((op) =>
    op.f === "read" && Array.isArray(op.value)
      ? { ...op, value: op.value.filter((v) => v !== 3) }
      : op
  );
  const workload = setFull(history, { addF: "broadcast" });
  assert.deepEqual(workload.lost, [3]);
  const html = renderReport({
    test: { workload: "broadcast", nodes, concurrency: nodes.length, nemesis: ["partition"] },
    history,
    journal,
    results: { "valid?": false, workload },
  });
  const section = html.match(/<section id="account">(.*?)<\/section>/s)![1];
  const item = section.match(
    /<li class="invalid"><b>lost<\/b>: <span class="text">(.*?)<\/span>(.*?)<\/li>/s,
  )!;
  const [, text, links] = item;
  const [, time, node] = links.match(/href="#t=([\d.]+)&amp;node=(n\d+)&amp;view=timeline"/)!;
  assert.ok(links.includes(`href="#t=${time}&amp;node=${node}&amp;view=flow"`));
  // The link points at the moment the account names.
  assert.ok(text.includes(`acknowledged by ${node} at ${Number(time).toFixed(2)} s`), text);
  // The page knows when each drawn network event happened, to find that moment's row.
  const data = JSON.parse(html.match(/id="report-data">(.*?)<\/script>/s)![1]);
  const drawn = journal.filter((e) => !["init", "init_ok"].includes(e.message.body.type as string));
  assert.equal(data.flow.times.length, drawn.length);
  assert.deepEqual(
    data.flow.times.slice(0, 3),
    drawn.slice(0, 3).map((e) => Math.round(e.time / 1e5) / 1e4),
  );
  assert.deepEqual(data.flow.lanes.filter((l: string) => l.startsWith("n")), nodes);
});

Deno.test("renderReport() of a valid run has no account section", () => {
  const { history, journal } = syntheticRun({ seconds: 2, rate: 10 });
  const html = renderReport({ test: {}, history, journal, results: { "valid?": true } });
  assert.ok(!html.includes('id="account"'));
});

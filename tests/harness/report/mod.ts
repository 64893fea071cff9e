/**
 * The bench's `report.html`: one self-contained page per run with the
 * verdict, the results, latency and rate charts (uPlot, inlined) with
 * partitions shaded, and the message-flow diagram of Maelstrom's
 * `messages.svg`.
 * @module
 */

import type { CheckResult, JournalEvent, Op, Validity } from "../history.ts";
import { latency as latencyQuantiles } from "../checkers/latency.ts";
import { PAGE_JS, UPLOT_CSS, UPLOT_JS } from "./_assets.ts";
import { chartData, type NemesisPeriod } from "./_data.ts";
import { JOURNAL_LIMIT, lamportSvg, xml, Y_STEP } from "./_lamport.ts";
import { explain, type Explanation } from "../explain/mod.ts";
import { type SummaryTest, verdictLine } from "./summary.ts";

export type { NemesisPeriod } from "./_data.ts";
export { summary, type SummaryTest, verdictLine, VERDICTS } from "./summary.ts";

/** What {@linkcode writeReport} draws. */
export interface ReportInput {
  /** The run's options (shown in a table; `workload` titles the page). */
  test: SummaryTest & Record<string, unknown>;
  /** The run's history. */
  history: readonly Op[];
  /** The run's network journal. */
  journal: readonly JournalEvent[];
  /** The composed results (`results.json`). */
  results: CheckResult;
  /** Partition periods; default: read from the history's nemesis entries. */
  nemesis?: readonly NemesisPeriod[];
  /** Links to show (default: the run's files found in the report's folder). */
  links?: ReadonlyArray<{ label: string; href: string }>;
  /** When the run started, shown in the title (default: not shown). */
  startedAt?: Date;
  /** The bench's own figures (seed, delivery lateness, CPU, wall times), shown in a table. */
  bench?: unknown;
  /** The plain account of what went wrong; default: explained from the input. */
  explanations?: readonly Explanation[];
}

/** Files of a stored run that the report links to when they exist. */
const RUN_FILES = [
  "results.json",
  "results.edn",
  "history.json",
  "history.jsonl",
  "history.txt",
  "history.edn",
  "journal.jsonl",
  "net-journal.jsonl",
  "jepsen.log",
  "test.json",
  "bench.json",
  "timeline.html",
  "messages.svg",
  "latency-raw.png",
  "latency-quantiles.png",
  "rate.png",
];

/**
 * The run's files in `dir` worth linking: {@linkcode RUN_FILES} and every
 * `node-logs/*.log`.
 *
 * @param dir The run's store folder.
 * @returns Relative links, files first, then node logs in node order.
 */
export async function findRunFiles(dir: string): Promise<Array<{ label: string; href: string }>> {
  const out: Array<{ label: string; href: string }> = [];
  for (const name of RUN_FILES) {
    try {
      if ((await Deno.stat(`${dir}/${name}`)).isFile) out.push({ label: name, href: name });
    } catch { /* absent */ }
  }
  const logs: string[] = [];
  try {
    for await (const e of Deno.readDir(`${dir}/node-logs`)) {
      if (e.isFile) logs.push(e.name);
    }
  } catch { /* absent */ }
  logs.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  for (const name of logs) out.push({ label: name, href: `node-logs/${name}` });
  return out;
}

/**
 * Writes `report.html` into `dir`: call it last, after the run's other files,
 * so that it can link to them.
 *
 * @param dir The run's store folder (must exist).
 * @param input The test, history, journal, results and optional partitions.
 * @returns The path of the written file.
 *
 * @example
 * ```ts ignore
 * await writeReport(runDir, { test: options, history, journal, results });
 * ```
 */
export async function writeReport(dir: string, input: ReportInput): Promise<string> {
  const links = input.links ?? await findRunFiles(dir);
  const path = `${dir}/report.html`;
  await Deno.writeTextFile(path, renderReport({ ...input, links }));
  return path;
}

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec | undefined =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? v as Rec : undefined;

function badge(valid: unknown): string {
  const cls = valid === true ? "ok" : valid === false ? "bad" : "unk";
  return `<span class="badge ${cls}">${
    valid === true ? "valid" : valid === false ? "invalid" : "unknown"
  }</span>`;
}

const POINTS = ["0", "0.5", "0.95", "0.99", "1"];

function fmt(v: unknown): string {
  if (typeof v === "number") return String(Math.round(v * 1000) / 1000);
  if (v === null || v === undefined) return "–";
  const r = rec(v);
  if (r && Object.keys(r).length > 0 && Object.keys(r).every((k) => POINTS.includes(k))) {
    // A quantile map: print its points in order (JSON puts "0" and "1" first).
    return POINTS.filter((p) => p in r).map((p) => `${p}: ${fmt(r[p])}`).join(", ");
  }
  const s = typeof v === "string" ? v : JSON.stringify(v);
  return s.length > 120 ? s.slice(0, 119) + "…" : s;
}

/** The most telling fields of one checker's result, as `key value` pairs. */
function highlights(name: string, r: Rec): string {
  const skip = new Set(["valid?", "by-f", "worst-stale", "latency-graph", "rate-graph"]);
  const parts: string[] = [];
  if (name === "net") {
    for (const k of ["all", "clients", "servers"]) {
      const s = rec(r[k]);
      if (!s) continue;
      const per = s["msgs-per-op"] !== undefined ? `, ${fmt(s["msgs-per-op"])}/op` : "";
      parts.push(
        `<b>${k}</b> ${s["msg-count"]} msgs (${s["send-count"]} sent, ${
          s["recv-count"]
        } recv${per})`,
      );
    }
    return parts.join(" · ");
  }
  if (name === "latency") {
    for (const [f, q] of Object.entries(rec(r["by-f"]) ?? {})) {
      const s = rec(q) ?? {};
      parts.push(`<b>${xml(f)}</b> p50 ${fmt(s.p50)} · p99 ${fmt(s.p99)} · max ${fmt(s.max)} ms`);
    }
    return parts.join(" &nbsp; ");
  }
  for (const [k, v] of Object.entries(r)) {
    if (skip.has(k)) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (rec(v) && Object.keys(v as Rec).length === 0) continue;
    parts.push(`<b>${xml(k)}</b> ${xml(fmt(v))}`);
    if (parts.length >= 12) break;
  }
  return parts.join(" · ");
}

function resultsTable(results: CheckResult): string {
  const rows = Object.entries(results)
    .filter(([k, v]) => k !== "valid?" && rec(v))
    .map(([k, v]) =>
      `<tr><th>${xml(k)}</th><td>${badge(rec(v)!["valid?"])}</td><td class="hl">${
        highlights(k, rec(v)!)
      }</td></tr>`
    );
  return `<table class="results"><tbody>${rows.join("")}</tbody></table>`;
}

function opsTable(results: CheckResult, history: readonly Op[]): string {
  const byF = rec(rec(results.stats)?.["by-f"]) ?? {};
  const lat = rec(rec(results.latency)?.["by-f"]) ?? rec(latencyQuantiles(history)["by-f"]) ?? {};
  const fs = [...new Set([...Object.keys(byF), ...Object.keys(lat)])].sort();
  if (fs.length === 0) return "";
  const rows = fs.map((f) => {
    const s = rec(byF[f]) ?? {}, l = rec(lat[f]) ?? {};
    return `<tr><th>${xml(f)}</th><td>${fmt(s.count)}</td><td>${fmt(s["ok-count"])}</td><td>${
      fmt(s["fail-count"])
    }</td><td>${fmt(s["info-count"])}</td><td>${fmt(l.p50)}</td><td>${fmt(l.p95)}</td><td>${
      fmt(l.p99)
    }</td><td>${fmt(l.max)}</td></tr>`;
  });
  return `<table class="ops"><thead><tr><th>f</th><th>count</th><th>ok</th><th>fail</th><th>info</th><th>p50 ms</th><th>p95 ms</th><th>p99 ms</th><th>max ms</th></tr></thead><tbody>${
    rows.join("")
  }</tbody></table>`;
}

function testTable(test: Rec): string {
  const rows = Object.entries(test)
    .filter(([, v]) => v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `<tr><th>${xml(k)}</th><td>${xml(fmt(v))}</td></tr>`);
  return `<table class="test"><tbody>${rows.join("")}</tbody></table>`;
}

/** Flattens nested objects into dotted keys (`delivery.lateness.p50`). */
function flatten(value: unknown, prefix = "", out: Array<[string, unknown]> = []) {
  const r = rec(value);
  if (r === undefined) {
    out.push([prefix, value]);
    return out;
  }
  for (const [k, v] of Object.entries(r)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

function benchTable(bench: unknown): string {
  if (rec(bench) === undefined) return "";
  const rows = flatten(bench).map(([k, v]) => `<tr><th>${xml(k)}</th><td>${xml(fmt(v))}</td></tr>`);
  return `<section id="bench"><h2>Bench</h2><table class="test"><tbody>${
    rows.join("")
  }</tbody></table></section>`;
}

function cards(results: CheckResult): string {
  const out: string[] = [];
  const card = (label: string, value: string, sub = "") =>
    out.push(
      `<div class="card"><div class="v">${value}</div><div class="l">${label}</div>${
        sub ? `<div class="s">${sub}</div>` : ""
      }</div>`,
    );
  const stats = rec(results.stats);
  if (stats) {
    card(
      "operations",
      fmt(stats.count),
      `ok ${stats["ok-count"]} · fail ${stats["fail-count"]} · info ${stats["info-count"]}`,
    );
  }
  const avail = rec(results.availability);
  if (avail) card("ok fraction", fmt(avail["ok-fraction"]));
  const net = rec(results.net);
  const servers = rec(net?.servers), all = rec(net?.all);
  if (servers?.["msgs-per-op"] !== undefined) {
    card("msgs per op (servers)", fmt(servers["msgs-per-op"]), `all ${fmt(all?.["msgs-per-op"])}`);
  } else if (all) card("messages", fmt(all["msg-count"]));
  const stable = rec(rec(results.workload)?.["stable-latencies"]);
  if (stable) {
    card("stable latency p50", `${fmt(stable["0.5"])} ms`, `max ${fmt(stable["1"])} ms`);
  }
  const lall = rec(rec(results.latency)?.all);
  if (lall) {
    card("op latency p50", `${fmt(lall.p50)} ms`, `p99 ${fmt(lall.p99)} · max ${fmt(lall.max)} ms`);
  }
  return `<div class="cards">${out.join("")}</div>`;
}

/** A deep link to a moment of the run: `#t=2.31&node=n3&view=flow`. */
export function momentLink(at: { time: number; node?: string }, view: "timeline" | "flow"): string {
  return `#t=${at.time}${at.node ? `&node=${encodeURIComponent(at.node)}` : ""}&view=${view}`;
}

/** The "What went wrong" section: one item per anomaly kind, linked to the charts and the diagram. */
function accountSection(explanations: readonly Explanation[]): string {
  if (!explanations.some((e) => e.severity !== "note")) return "";
  const items = explanations.map((e) => {
    const tag = e.severity === "note" ? " (note)" : e.severity === "unknown" ? " (unknown)" : "";
    const links = e.at
      ? ` <span class="goto"><a href="${
        xml(momentLink(e.at, "timeline"))
      }">timeline</a> · <a href="${xml(momentLink(e.at, "flow"))}">messages</a></span>`
      : "";
    return `<li class="${e.severity}"><b>${xml(e.kind)}${tag}</b>: <span class="text">${
      xml(e.text)
    }</span>${links}</li>`;
  });
  return `<section id="account"><h2>What went wrong</h2><p class="muted">The first case of each kind; times in seconds since the start, as on the charts. The links mark that moment on the charts and in the message flow.</p><ul class="account">${
    items.join("")
  }</ul></section>`;
}

/** Serializes JSON for a `<script>` element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/**
 * Renders the report page (what {@linkcode writeReport} writes).
 *
 * @param input The test, history, journal, results and links.
 * @returns The HTML document.
 */
export function renderReport(input: ReportInput): string {
  const { test, history, journal, results } = input;
  const valid: Validity = results["valid?"];
  const lamport = lamportSvg(journal);
  const data = {
    ...chartData(history, input.nemesis),
    flow: { times: lamport.times, lanes: lamport.lanes, width: lamport.width, yStep: Y_STEP },
  };
  const explanations = input.explanations ?? explain({ results, history, journal, test });
  const title = `${test.workload ?? "run"}${
    input.startedAt ? " · " + input.startedAt.toISOString() : ""
  }`;
  const links = (input.links ?? []).map((l) => `<a href="${xml(l.href)}">${xml(l.label)}</a>`);
  const vclass = valid === true ? "ok" : valid === false ? "bad" : "unk";
  const notice = lamport.total > lamport.shown
    ? `<p class="notice">Showing the first ${lamport.shown} of ${lamport.total} network events (without init); additional network events not shown.</p>`
    : `<p class="muted">${lamport.total} network events (without init), ${lamport.arrows} delivered messages.</p>`;
  const nemesisNote = data.nemesis.length
    ? `<span class="key"><i class="sw shade"></i>network partitioned</span>`
    : "";

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>maelstrom-ts · ${xml(title)}</title>
<style>${UPLOT_CSS}</style>
<style>${PAGE_CSS}</style>
</head><body>
<header><h1>maelstrom-ts <span>${xml(title)}</span></h1>
<div class="verdict ${vclass}">${xml(verdictLine(valid))}</div>
${links.length ? `<nav>${links.join(" ")}</nav>` : ""}
</header>
<main>
${cards(results)}
${accountSection(explanations)}
<section id="results"><h2>Results</h2>${resultsTable(results)}</section>
<section><h2>Operations</h2>${opsTable(results, history)}</section>
<section id="latency"><h2>Latency</h2>
<p class="keys"><span class="key"><i class="sw" style="background:#81BFFC"></i>ok</span><span class="key"><i class="sw" style="background:#FFA400"></i>info</span><span class="key"><i class="sw" style="background:#FF1E90"></i>fail</span>${nemesisNote}<span class="muted">each point: one operation, at its invocation; log scale; drag to zoom, double-click to reset</span></p>
<div id="chart-latency" class="chart"></div>
<h3>Latency quantiles of ok operations (buckets of ${data.quantiles.bucket} s)</h3>
<div id="chart-quantiles" class="chart"></div>
</section>
<section id="rate"><h2>Request rate</h2><p class="muted">completions per second by f and outcome (buckets of ${data.rate.bucket} s)</p>
<div id="chart-rate" class="chart"></div></section>
<section id="flow"><h2>Message flow</h2>
<p class="keys"><span class="key"><i class="sw" style="background:#81BFFC"></i>client traffic</span><span class="key"><i class="sw" style="background:#000"></i>server traffic</span><span class="key"><i class="sw" style="background:#FF1E90"></i>error</span><span class="key">- - ×  dropped</span><span class="muted">one row per network event, time flows down; hover an arrow for the full message</span></p>
${notice}
<p id="moment-note" class="notice"></p>
<div class="lamport-wrap"><div class="lamport-sticky">${lamport.header}</div>${lamport.svg}</div></section>
<section id="test"><h2>Test</h2>${testTable(test)}</section>
${benchTable(input.bench)}
<section><details><summary>Full results</summary><pre>${
    xml(JSON.stringify(results, null, 2))
  }</pre></details></section>
</main>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${UPLOT_JS.replace(/<\/script/gi, "<\\/script")}</script>
<script>${PAGE_JS}</script>
</body></html>
`;
}

/** Page styles. */
const PAGE_CSS = `
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fafafa; }
header { padding: 16px 24px 8px; background: #fff; border-bottom: 1px solid #e4e4e4; }
h1 { font-size: 20px; margin: 0 0 8px; } h1 span { color: #666; font-weight: normal; }
h2 { font-size: 16px; margin: 0 0 8px; } h3 { font-size: 14px; margin: 16px 0 4px; font-weight: 600; color: #444; }
main { padding: 12px 24px 40px; }
section { background: #fff; border: 1px solid #e4e4e4; border-radius: 6px; padding: 12px 16px; margin: 12px 0; }
.verdict { display: inline-block; padding: 6px 12px; border-radius: 4px; font-weight: 600; font-size: 15px; }
.verdict.ok { background: #e3f6e5; color: #17692a; } .verdict.bad { background: #fde4ec; color: #a3123f; } .verdict.unk { background: #fff2d9; color: #8a5a00; }
nav { margin-top: 8px; } nav a { margin-right: 12px; color: #1f5fbf; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; }
.card { background: #fff; border: 1px solid #e4e4e4; border-radius: 6px; padding: 10px 16px; min-width: 150px; }
.card .v { font-size: 22px; font-weight: 600; } .card .l { color: #555; } .card .s { color: #888; font-size: 12px; }
table { border-collapse: collapse; } th, td { padding: 4px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #f0f0f0; }
table.ops td { text-align: right; font-variant-numeric: tabular-nums; }
table.results td.hl { color: #444; font-size: 13px; } table.results b { color: #222; font-weight: 600; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; }
.badge.ok { background: #e3f6e5; color: #17692a; } .badge.bad { background: #fde4ec; color: #a3123f; } .badge.unk { background: #fff2d9; color: #8a5a00; }
.keys { margin: 0 0 6px; } .key { margin-right: 14px; } .muted { color: #888; font-size: 12px; }
.sw { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
.sw.shade { background: rgba(120,120,120,0.3); }
.notice { color: #D96918; font-weight: 600; } #moment-note:empty { display: none; }
.chart { min-height: 60px; }
.lamport-wrap { overflow: auto; max-height: 85vh; border: 1px solid #eee; }
svg.lamport { font: 11px Helvetica, Arial, sans-serif; display: block; }
.lamport-sticky { position: sticky; top: 0; z-index: 1; background: rgba(255,255,255,0.92); border-bottom: 1px solid #ddd; width: max-content; }
svg.lamport-head { font: bold 11px Helvetica, Arial, sans-serif; display: block; }
svg.lamport .msgs text { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
svg.lamport .msgs g:hover rect { fill: #FFA400; }
svg.lamport .dropped text.x { fill: #c00; font-size: 13px; text-anchor: middle; dominant-baseline: middle; }
ul.account { margin: 0; padding-left: 18px; } ul.account li { margin: 6px 0; }
ul.account li.invalid b { color: #a3123f; } ul.account li.unknown b { color: #8a5a00; } ul.account li.note b { color: #555; }
ul.account .text { white-space: pre-wrap; } .goto { font-size: 12px; white-space: nowrap; } .goto a { color: #1f5fbf; }
svg.lamport .mark-row { fill: rgba(255, 164, 0, 0.28); } svg.lamport .mark-lane { fill: rgba(255, 30, 144, 0.10); }
pre { font-size: 12px; max-height: 600px; overflow: auto; background: #f6f6f6; padding: 8px; }
`;

export { JOURNAL_LIMIT };

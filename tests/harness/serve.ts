/**
 * `serve [-b HOST] [-p PORT]`: a web server over `store/` in the current
 * directory, as Maelstrom's (Jepsen's `jepsen.web`, default 0.0.0.0:8080),
 * on Deno's HTTP server. `/` lists every run, newest first — workload,
 * time, node count, verdict, servers' msgs/op — with invalid runs in red; `/files/…`
 * browses the store (directory listings, files with the right content
 * types), so each run's `report.html`, `timeline.html`, plots and logs open
 * in the browser, and the links Jepsen's own pages make (`/files/<test>/…`)
 * work too.
 * @module
 */

import { extname, join, resolve, sep } from "node:path";
import { parseEdn } from "./edn.ts";

/** Options of {@linkcode serve}. */
export interface ServeOptions {
  /** Address to bind (Maelstrom: `0.0.0.0`). */
  host?: string;
  /** Port (Maelstrom: 8080; 0 picks a free one). */
  port?: number;
  /** The store folder (default `store` in the current directory). */
  storeDir?: string;
  /** Stops the server when aborted. */
  signal?: AbortSignal;
  /** Called once listening, with the address (default: prints it as Jepsen does). */
  onListen?: (addr: { hostname: string; port: number }) => void;
}

/** One stored run, as the index lists it. */
export interface RunSummary {
  workload: string;
  /** The run folder's name (its start time). */
  run: string;
  nodes?: number;
  /**
   * `true`, `false`, `"unknown"`; with no results, `"crashed"` or
   * `"interrupted"` (Ctrl-C) as `bench.json` says, else `"incomplete"`
   * (running, or killed).
   */
  valid: true | false | "unknown" | "crashed" | "interrupted" | "incomplete";
  /**
   * Messages per client operation between servers (nodes and services):
   * the efficiency figure, Fly.io's target, not the one that counts the
   * clients' own requests and replies.
   */
  msgsPerOp?: number;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".svg": "image/svg+xml; charset=utf-8",
  ".png": "image/png",
  ".json": "text/plain; charset=utf-8",
  ".jsonl": "text/plain; charset=utf-8",
  ".edn": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".log": "text/plain; charset=utf-8",
  ".jepsen": "application/octet-stream",
};

const COLORS = { ok: "#6DB6FE", info: "#FFAA26", fail: "#FEB5DA", none: "#eaeaea" };

function color(valid: RunSummary["valid"] | undefined): string {
  return valid === true
    ? COLORS.ok
    : valid === false
    ? COLORS.fail
    : valid === "unknown"
    ? COLORS.info
    : COLORS.none;
}

function esc(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

function href(...parts: string[]): string {
  return "/files/" + parts.map(encodeURIComponent).join("/");
}

async function readJson(path: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await Deno.readTextFile(path));
  } catch {
    return undefined;
  }
}

/** A run's verdict and figures, from `results.json` (else `results.edn`) and `test.json`. */
async function summarize(dir: string, workload: string, run: string): Promise<RunSummary> {
  let results = await readJson(join(dir, "results.json"));
  if (results === undefined) {
    try {
      results = parseEdn(await Deno.readTextFile(join(dir, "results.edn"))) as Record<
        string,
        unknown
      >;
    } catch { /* no results */ }
  }
  const test = await readJson(join(dir, "test.json"));
  const bench = await readJson(join(dir, "bench.json"));
  const v = results?.["valid?"];
  const stopped = bench?.interrupted === true
    ? "interrupted"
    : typeof bench?.crashed === "string"
    ? "crashed"
    : "incomplete";
  const net = results?.net as { servers?: { "msgs-per-op"?: number } } | undefined;
  return {
    workload,
    run,
    nodes: Array.isArray(test?.nodes) ? test.nodes.length : undefined,
    valid: v === true || v === false || v === "unknown" ? v : stopped,
    msgsPerOp: net?.servers?.["msgs-per-op"],
  };
}

/**
 * Every run in the store, newest first (run folders are named by start
 * time, so newest is the greatest name).
 * @param storeDir The store folder.
 * @returns The runs.
 */
export async function listRuns(storeDir: string): Promise<RunSummary[]> {
  const out: RunSummary[] = [];
  for await (const w of readDirSafe(storeDir)) {
    if (!w.isDirectory || w.isSymlink) continue;
    for await (const r of readDirSafe(join(storeDir, w.name))) {
      if (!r.isDirectory || r.isSymlink) continue;
      out.push(await summarize(join(storeDir, w.name, r.name), w.name, r.name));
    }
  }
  return out.sort((
    a,
    b,
  ) => (a.run < b.run ? 1 : a.run > b.run ? -1 : a.workload < b.workload ? -1 : 1));
}

async function* readDirSafe(dir: string): AsyncIterable<Deno.DirEntry> {
  try {
    yield* Deno.readDir(dir);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}

/** `20261203T074235.091` → `2026-12-03 07:42:35`. */
function when(run: string): string {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)/.exec(run);
  return m ? `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}:${m[6]}` : run;
}

const PAGE_STYLE = `body { font-family: Helvetica, Arial, sans-serif; margin: 1.5em; }
table { border-collapse: collapse; } th, td { padding: 4px 10px; text-align: left; white-space: nowrap; }
tr.invalid td { background: ${COLORS.fail}; font-weight: bold; }
td.verdict { font-weight: bold; } a { color: #124; }`;

function page(title: string, body: string): Response {
  return new Response(
    `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)}</title>` +
      `<style>${PAGE_STYLE}</style></head><body>${body}</body></html>`,
    { headers: { "content-type": "text/html; charset=utf-8" } },
  );
}

function verdictText(v: RunSummary["valid"]): string {
  return v === true ? "valid" : v === false ? "INVALID" : v === "unknown" ? "unknown" : v;
}

async function index(storeDir: string): Promise<Response> {
  const runs = await listRuns(storeDir);
  const rows = runs.map((r) => {
    const base = href(r.workload, r.run);
    const cls = r.valid === false ? ` class="invalid"` : "";
    return `<tr${cls} data-valid="${r.valid}"><td><a href="${href(r.workload)}">${
      esc(r.workload)
    }</a></td>` +
      `<td><a href="${base}/">${esc(when(r.run))}</a></td><td>${r.nodes ?? "–"}</td>` +
      `<td class="verdict" style="background: ${color(r.valid)}">${verdictText(r.valid)}</td>` +
      `<td>${r.msgsPerOp === undefined ? "–" : r.msgsPerOp.toFixed(2)}</td>` +
      `<td><a class="report" href="${base}/report.html">report</a> · <a href="${base}/results.edn">results.edn</a>` +
      ` · <a href="${base}/history.txt">history.txt</a> · <a href="${base}/jepsen.log">jepsen.log</a></td></tr>`;
  });
  return page(
    "maelstrom-ts store",
    `<h1>Tests</h1><p>${runs.length} runs in ${esc(resolve(storeDir))}, newest first.</p>` +
      `<table><thead><tr><th>Workload</th><th>Time</th><th>Nodes</th><th>Valid?</th><th>msgs/op (servers)</th><th>Files</th></tr></thead>` +
      `<tbody>${rows.join("")}</tbody></table>`,
  );
}

async function listing(rel: string[], dir: string): Promise<Response> {
  const entries: Deno.DirEntry[] = [];
  for await (const e of Deno.readDir(dir)) entries.push(e);
  entries.sort((a, b) => a.name.localeCompare(b.name, "en", { numeric: true }));
  const crumbs = [
    `<a href="/">jepsen</a>`,
    ...rel.map((p, i) => `<a href="${href(...rel.slice(0, i + 1))}/">${esc(p)}</a>`),
  ];
  const dirs = await Promise.all(
    entries.filter((e) => e.isDirectory || e.isSymlink).map(async (e) => {
      const s = await summarize(join(dir, e.name), "", e.name);
      const bg = color(s.valid);
      return `<a href="${
        href(...rel, e.name)
      }/" style="display:inline-block;margin:6px;padding:8px;width:260px;background:${bg};color:#000;text-decoration:none">${
        esc(e.name)
      }</a>`;
    }),
  );
  const files = entries.filter((e) => e.isFile).map((e) =>
    `<li><a href="${href(...rel, e.name)}">${esc(e.name)}</a></li>`
  );
  return page(
    rel.join("/") || "store",
    `<div>${crumbs.join(" / ")}</div><h1>${esc(rel.at(-1) ?? "store")}</h1>` +
      `<div>${dirs.join("")}</div><ul>${files.join("")}</ul>`,
  );
}

async function file(path: string): Promise<Response> {
  const f = await Deno.open(path, { read: true });
  const type = CONTENT_TYPES[extname(path)] ?? "application/octet-stream";
  return new Response(f.readable, { headers: { "content-type": type } });
}

const notFound = () =>
  new Response("404 not found", { status: 404, headers: { "content-type": "text/plain" } });

/**
 * Answers one request over `storeDir` (the server's handler, usable without
 * a socket).
 * @param storeDir The store folder.
 * @param request The request.
 * @returns The response.
 */
export async function handle(storeDir: string, request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (request.method !== "GET" && request.method !== "HEAD") {
    return new Response("Method not allowed", { status: 405 });
  }
  if (url.pathname === "/") return await index(storeDir);
  if (!url.pathname.startsWith("/files/") && url.pathname !== "/files") return notFound();
  let rel: string[];
  try {
    rel = url.pathname.slice("/files".length).split("/").filter((p) => p !== "").map(
      decodeURIComponent,
    );
  } catch {
    return notFound();
  }
  if (rel.some((p) => p === ".." || p === "." || p.includes(sep))) return notFound();
  const root = await Deno.realPath(storeDir).catch(() => undefined);
  if (root === undefined) return notFound();
  let real: string;
  try {
    real = await Deno.realPath(join(storeDir, ...rel));
  } catch {
    return notFound();
  }
  // Symlinks (store/latest) may point anywhere inside the store, nowhere else.
  if (real !== root && !real.startsWith(root + sep)) return notFound();
  const info = await Deno.stat(real);
  if (info.isDirectory) {
    if (!url.pathname.endsWith("/")) {
      return new Response(null, { status: 301, headers: { location: url.pathname + "/" } });
    }
    return await listing(rel, real);
  }
  return await file(real);
}

/**
 * Starts the web server over the store.
 * @param options Host, port, store folder, abort signal.
 * @returns The running server (await `finished` to wait for it to stop).
 * @example
 * ```ts ignore
 * const server = serve({ port: 8080 });
 * await server.finished;
 * ```
 */
export function serve(options: ServeOptions = {}): Deno.HttpServer<Deno.NetAddr> {
  const storeDir = options.storeDir ?? "store";
  const hostname = options.host ?? "0.0.0.0";
  return Deno.serve({
    hostname,
    port: options.port ?? 8080,
    signal: options.signal,
    onListen: options.onListen ??
      ((a) => console.log(`Listening on http://${a.hostname}:${a.port}/`)),
  }, async (request) => {
    try {
      return await handle(storeDir, request);
    } catch (error) {
      return new Response(`Error: ${(error as Error).message}`, { status: 500 });
    }
  });
}

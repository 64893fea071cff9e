/**
 * `timeline.html`, as Jepsen's `jepsen.checker.timeline` draws it: one
 * column per process (the nemesis first), one box per operation from its
 * invocation row to its completion row (an `:info` completion runs to the
 * bottom: it may still take effect), coloured by how it completed, with
 * the op, its duration, error and wall-clock time in the hover title and
 * an `#i<index>` anchor for links (Knossos' `linear.svg` links here).
 * @module
 */

import type { Op, Process } from "../history.ts";
import { pr } from "./edn.ts";
import { opEntries, opError, type ValueStyle } from "./ednify.ts";

/** Jepsen renders at most this many operations. */
export const OP_LIMIT = 10_000;
const COL_WIDTH = 100;
const GUTTER_WIDTH = 106;
const HEIGHT = 16;

const STYLESHEET = ".ops        { position: absolute; }\n" +
  ".op         { position: absolute; padding: 2px; border-radius: 2px; box-shadow: 0 1px 3px rgba(0,0,0,0.12), 0 1px 2px rgba(0,0,0,0.24); transition: all 0.3s cubic-bezier(.25,.8,.25,1); overflow: hidden; }\n" +
  ".op.invoke  { background: #eeeeee; }\n" +
  ".op.ok      { background: #6DB6FE; }\n" +
  ".op.info    { background: #FFAA26; }\n" +
  ".op.fail    { background: #FEB5DA; }\n" +
  ".op:target  { box-shadow: 0 14px 28px rgba(0,0,0,0.25), 0 10px 10px rgba(0,0,0,0.22); }\n";

/** What the page names and where it sits. */
export interface TimelineInfo {
  /** The test's name (the workload). */
  name: string;
  /** The store folder name of the run (its start time), for the breadcrumbs. */
  run: string;
  /** Epoch ms of history time 0, for each op's wall-clock time. */
  startMs: number;
  /** How op values print. */
  style: ValueStyle;
  /** lin-kv: the key of this sub-history (`independent/<key>/timeline.html`). */
  historyKey?: string;
}

/** Escapes text for HTML content and attribute values. */
export function html(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/** Clojure's `str` of an EDN value: strings as they are, `nil` as nothing. */
function str(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" ? v : pr(v);
}

/** Jepsen's `polysort`: keywords (the nemesis) before numbers, each group in order. */
export function processColumns(history: readonly Op[]): Map<Process, number> {
  const procs = [...new Set(history.map((op) => op.process))];
  procs.sort((a, b) =>
    typeof a === typeof b ? (a < b ? -1 : a > b ? 1 : 0) : typeof a === "string" ? -1 : 1
  );
  return new Map(procs.map((p, i) => [p, i]));
}

/** A box: an invocation with its completion, or a lone `:info` (the nemesis's). */
type Pair = { start: Op; startRow: number; stop?: Op; stopRow?: number };

function pairUp(history: readonly Op[]): Pair[] {
  const open = new Map<Process, Pair>();
  const out: Pair[] = [];
  history.forEach((op, row) => {
    if (op.type === "invoke") {
      const p: Pair = { start: op, startRow: row };
      open.set(op.process, p);
      return;
    }
    const p = open.get(op.process);
    if (p === undefined) {
      if (op.type === "info") out.push({ start: op, startRow: row });
      return;
    }
    open.delete(op.process);
    p.stop = op;
    p.stopRow = row;
    out.push(p);
  });
  // Jepsen's pairs come out in completion order; boxes are absolutely placed.
  return out;
}

function renderOp(op: Op, style: ValueStyle): string {
  const entries = opEntries(op, style);
  const get = (k: string) => entries.find(([key]) => (key as { name: string }).name === k)?.[1];
  const extras = entries.filter(([k]) =>
    !["process", "type", "f", "index", "value", "time"].includes((k as { name: string }).name)
  );
  return "Op:\n" +
    `{:process ${str(get("process"))}` +
    `\n :type ${str(get("type"))}` +
    `\n :f ${str(get("f"))}` +
    `\n :index ${op.index}` +
    extras.map(([k, v]) => `\n ${pr(k)} ${pr(v)}`).join("") +
    `\n :value ${str(get("value"))}}`;
}

function title(info: TimelineInfo, op: Op, start: Op, stop: Op | undefined): string {
  const nemesis = op.process === "nemesis";
  const value = (o: Op) => opEntries(o, info.style)[5][1];
  const error = op.error === undefined ? null : opError(op.error);
  const wall = new Date(info.startMs + Math.trunc(op.time / 1e6)).toISOString();
  return (nemesis ? `Msg: ${pr(value(start))}` : "") +
    (stop ? `Dur: ${Math.trunc((stop.time - start.time) / 1e6)} ms` : "") +
    "\n" + `Err: ${pr(error)}` + "\n" + `Wall-clock Time: ${wall}` + "\n\n" +
    renderOp(op, info.style);
}

function body(info: TimelineInfo, op: Op, start: Op, stop: Op | undefined): string {
  const value = (o: Op | undefined) => o === undefined ? null : opEntries(o, info.style)[5][1];
  const startValue = value(start), stopValue = value(stop);
  const same = pr(startValue) === pr(stopValue);
  const process = op.process === "nemesis" ? ":nemesis" : String(op.process);
  return html(`${process} ${op.f} `) +
    (op.process === "nemesis" ? "" : html(str(startValue))) +
    (same ? "" : `<br />${html(str(stopValue))}`);
}

function breadcrumbs(info: TimelineInfo): string {
  const files = `/files/${info.name}`;
  const key = info.historyKey ?? "";
  return `<div><a href="/">jepsen</a> / <a href="${html(files)}">${html(info.name)}</a> / ` +
    `<a href="${html(`${files}/${info.run}`)}">${html(info.run)}</a> / ` +
    `<a href="${html(`${files}/${info.run}/`)}">independent</a> / ` +
    `<a href="${html(`${files}/${info.run}/independent/${key}`)}">${html(key)}</a></div>`;
}

/**
 * Renders `timeline.html`.
 * @param info The test's name, run folder, start time and value style.
 * @param history The (sub-)history, in order.
 * @returns The page.
 * @example
 * ```ts
 * import { timelineHtml } from "./timeline.ts";
 * import { valueStyle } from "./ednify.ts";
 * const page = timelineHtml(
 *   { name: "echo", run: "20260101T000000.000Z", startMs: 0, style: valueStyle("echo") },
 *   [
 *     { index: 0, time: 0, type: "invoke", process: 0, f: "echo", value: "hi" },
 *     { index: 1, time: 2e6, type: "ok", process: 0, f: "echo", value: "hi" },
 *   ],
 * );
 * if (!page.includes('id="i1"')) throw new Error("no box for the echo");
 * ```
 */
export function timelineHtml(info: TimelineInfo, history: readonly Op[]): string {
  const columns = processColumns(history);
  const pairs = pairUp(history);
  const shown = pairs.slice(0, OP_LIMIT);
  const out: string[] = [
    `<html><head><style>${STYLESHEET}</style></head><body>`,
    breadcrumbs(info),
    `<h1>${html(`${info.name} key ${info.historyKey ?? ""}`)}</h1>`,
  ];
  if (pairs.length > OP_LIMIT) {
    out.push(
      `<div class="truncation-warning">Showing only ${OP_LIMIT} of ${pairs.length} operations in this history.</div>`,
    );
  }
  out.push(`<div class="ops">`);
  for (const { start, startRow, stop, stopRow } of shown) {
    const op = stop ?? start;
    const height = stop?.type === "info"
      ? HEIGHT * (history.length + 1 - startRow)
      : stop
      ? HEIGHT * (stopRow! - startRow)
      : HEIGHT;
    const style = `width:${COL_WIDTH};left:${GUTTER_WIDTH * columns.get(start.process)!};top:${
      HEIGHT * startRow
    };height:${height}`;
    out.push(
      `<a href="#i${op.index}"><div class="op ${op.type}" id="i${op.index}" style="${style}" title="${
        html(title(info, op, start, stop))
      }">${body(info, op, start, stop)}</div></a>`,
    );
  }
  out.push(`</div></body></html>`);
  return out.join("");
}

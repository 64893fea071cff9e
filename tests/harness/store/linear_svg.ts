/**
 * `linear.svg` for a lin-kv key that is not linearizable, in the manner of
 * Knossos' `knossos.linear.report`: the window of the history between the
 * last operation that could be linearized and the one that could not, one
 * row per process, each operation a rounded bar from its invocation to its
 * completion (time condensed to the order of events; a crashed op runs to
 * the end), blue for ok and orange for crashed (`:info`), the impossible
 * op outlined in pink, and under the plot what the register could hold
 * while it was open. Each bar links to its box in `timeline.html`.
 *
 * Knossos draws the paths of its search through the window; our checker
 * reports the values the register could hold instead, so those are what
 * is shown.
 * @module
 */

import type { Op, Process } from "../history.ts";
import { clientOps, pairs } from "../history.ts";
import { pr } from "./edn.ts";
import { opValue, type ValueStyle } from "./ednify.ts";
import { html } from "./timeline.ts";

const FONT = "'Helvetica Neue', Helvetica, sans-serif";
const HSCALE = 150;
const VSCALE = 60;
const PROCESS_HEIGHT = 0.4;
const TYPE_COLORS: Record<string, string> = { ok: "#6DB6FE", info: "#FFAA26", fail: "#FEB5DA" };
const ILLEGAL = "#FF1E90";

/** What the checker said about the key (its `linearizable` result). */
export interface LinearFailure {
  /** The completion of the op that could not be linearized. */
  op?: { index: number };
  /** The last completion before it that could be. */
  "previous-ok"?: { index: number } | null;
  /** Values the register could hold while the op was open. */
  values?: unknown[];
  explanation?: string;
}

/** One bar: an op and its condensed time coordinates. */
interface Bar {
  invoke: Op;
  completion: Op;
  t1: number;
  t2: number;
  row: number;
}

/**
 * The ops of the window: ok or crashed ops of the key that overlap the
 * span from the previous ok op's invocation to the failing op's
 * completion.
 */
function windowOps(history: readonly Op[], failure: LinearFailure): Array<[Op, Op]> {
  const all = pairs(clientOps(history));
  const end = failure.op?.index ?? Infinity;
  const prevInvoke = all.find(([, c]) => c?.index === failure["previous-ok"]?.index)?.[0];
  const start = prevInvoke?.index ?? -1;
  return all
    .filter(([, c]) => (c?.type ?? "info") !== "fail")
    .map(([i, c]) => [i, c ?? { ...i, type: "info" as const }] as [Op, Op])
    .filter(([i, c]) => i.index <= end && (c.type === "info" || c.index >= start));
}

/** Condenses event indices to 0, 1, 2, … (Knossos' `condense-time-coords`). */
function bars(ops: Array<[Op, Op]>): Bar[] {
  const tmax = Math.max(...ops.map(([i, c]) => (c.type === "info" ? i.index : c.index))) + 1;
  const ends = ops.map(([i, c]) => [i.index, c.type === "info" ? tmax : c.index] as const);
  const coords = [...new Set(ends.flat())].sort((a, b) => a - b);
  const at = new Map(coords.map((t, k) => [t, k]));
  const procs = [...new Set(ops.map(([i]) => i.process))].sort((a, b) =>
    (a as number) - (b as number)
  );
  const rows = new Map<Process, number>(procs.map((p, k) => [p, k]));
  return ops.map(([invoke, completion], k) => ({
    invoke,
    completion,
    t1: at.get(ends[k][0])!,
    t2: at.get(ends[k][1])!,
    row: rows.get(invoke.process)!,
  }));
}

function text(x: number, y: number, s: string, attrs: string): string {
  return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" style="font-family: ${FONT}" ${attrs}>${
    html(s)
  }</text>`;
}

/**
 * Draws `linear.svg`.
 * @param history The key's sub-history (values unwrapped, nemesis ops included).
 * @param failure The key's `linearizable` result.
 * @param style How values print.
 * @returns The SVG document, or undefined when the result names no failing op.
 */
export function linearSvg(
  history: readonly Op[],
  failure: LinearFailure,
  style: ValueStyle,
): string | undefined {
  if (failure.op === undefined) return undefined;
  const ops = windowOps(history, failure);
  if (ops.length === 0) return undefined;
  const bs = bars(ops);
  const rowsN = Math.max(...bs.map((b) => b.row)) + 1;
  const xmax = Math.max(...bs.map((b) => b.t2));
  const out: string[] = [];
  for (const b of bs) {
    const x = b.t1 * HSCALE, w = Math.max(HSCALE * 0.3, (b.t2 - b.t1) * HSCALE);
    const y = b.row * VSCALE, h = PROCESS_HEIGHT * VSCALE;
    const bad = b.completion.index === failure.op.index;
    const label = `${b.invoke.f} ${
      pr(opValue(b.completion.type === "ok" ? b.completion.value : b.invoke.value, style))
    }`;
    out.push(
      `<a href="timeline.html#i${b.completion.index}" xlink:href="timeline.html#i${b.completion.index}">` +
        `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="6" ry="6" fill="${
          TYPE_COLORS[b.completion.type] ?? TYPE_COLORS.info
        }"${bad ? ` stroke="${ILLEGAL}" stroke-width="3"` : ""}/>` +
        text(
          x + w / 2,
          y + h / 2,
          label,
          `font-size="${
            VSCALE * PROCESS_HEIGHT * 0.6
          }" text-anchor="middle" dominant-baseline="middle" fill="#000"`,
        ) +
        `</a>`,
    );
  }
  for (let r = 0; r < rowsN; r++) {
    const p = bs.find((b) => b.row === r)!.invoke.process;
    out.push(
      text(
        -15,
        r * VSCALE + (PROCESS_HEIGHT * VSCALE) / 2,
        String(p),
        `font-size="14" fill="#666" text-anchor="end" dominant-baseline="middle"`,
      ),
    );
  }
  const ly = (rowsN - 1) * VSCALE + (PROCESS_HEIGHT + 0.5) * VSCALE;
  const right = Math.max(xmax * HSCALE, 4 * HSCALE);
  out.push(
    text(-15, ly, "Process", `font-size="14" fill="#666" text-anchor="end"`),
    text(0, ly, "Time ─────▶", `font-size="14" fill="#666"`),
    `<rect x="${right - 1.2 * HSCALE}" y="${ly - 12}" width="${
      0.16 * HSCALE
    }" height="14" rx="3" fill="${TYPE_COLORS.info}"/>`,
    text(right - 1.25 * HSCALE, ly, "Crashed Op", `font-size="14" fill="#666" text-anchor="end"`),
    `<rect x="${right - 0.16 * HSCALE}" y="${ly - 12}" width="${
      0.16 * HSCALE
    }" height="14" rx="3" fill="${TYPE_COLORS.ok}"/>`,
    text(right - 0.21 * HSCALE, ly, "OK Op", `font-size="14" fill="#666" text-anchor="end"`),
  );
  const notes = [
    failure.values === undefined
      ? undefined
      : `While the outlined op was open the register could hold: ${
        failure.values.map((v) => pr(v)).join(", ")
      }`,
    failure.explanation,
  ].filter((s): s is string => s !== undefined);
  notes.forEach((n, k) =>
    out.push(text(0, ly + 28 + 20 * k, n, `font-size="13" fill="${k === 0 ? ILLEGAL : "#333"}"`))
  );
  const width = right + 1.4 * VSCALE + 40;
  const height = ly + 28 + 20 * notes.length + 0.4 * VSCALE;
  const longest = Math.max(0, ...notes.map((n) => n.length * 7));
  return `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="2.0" width="${
      Math.max(width, longest + 1.4 * VSCALE).toFixed(0)
    }" height="${height.toFixed(0)}">` +
    `<g transform="translate(${1.4 * VSCALE} ${0.4 * VSCALE})">${out.join("")}</g></svg>\n`;
}

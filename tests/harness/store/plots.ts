/**
 * `latency-raw.png`, `latency-quantiles.png` and `rate.png`, drawn as
 * Jepsen's `jepsen.checker.perf` asks gnuplot to (900×400, key outside top
 * right, log-scale latency): every op's latency by `:f` and completion
 * type; the 0.5/0.95/0.99/1 latency quantiles per 30 s bucket; completions
 * per second per 10 s bucket. Partitions are drawn as Jepsen draws nemesis
 * activity: a translucent band along the top of the plot for each
 * partition and a thin line at each nemesis op.
 * @module
 */

import { join } from "node:path";
import type { Op } from "../history.ts";
import { timedOps } from "../checkers/latency.ts";
import { type Align, Raster, type Rgb, rgb } from "./_raster.ts";
import { FONT_HEIGHT } from "./_font.ts";
import { writeFile } from "./_files.ts";

/** One plotted series. */
export interface Series {
  title: string;
  /** `points` or `linespoints`. */
  with: "points" | "linespoints";
  color: string;
  /** gnuplot point type. */
  pointType: number;
  /** `[x, y]` pairs: seconds, and ms or Hz. */
  data: Array<readonly [number, number]>;
}

/** A nemesis's activity: `[start, stop]` seconds (stop undefined: still active) and op times. */
export interface NemesisActivity {
  name: string;
  color: string;
  intervals: Array<readonly [number, number | undefined]>;
  times: number[];
}

/** A plot, as Jepsen's `plot!` takes it. */
export interface Plot {
  title: string;
  ylabel: string;
  logY: boolean;
  series: Series[];
  /** Draw the series with the most points first (latency-raw). */
  fewerOnTop?: boolean;
  nemeses: NemesisActivity[];
}

const TYPE_COLORS: Record<string, string> = { ok: "#81BFFC", info: "#FFA400", fail: "#FF1E90" };
const TYPES = ["ok", "info", "fail"] as const;
const QUANTILE_COLORS = ["red", "orange", "purple", "blue", "green", "grey"];
const NAMED: Record<string, string> = {
  red: "#FF0000",
  orange: "#FFA500",
  purple: "#A020F0",
  blue: "#0000FF",
  green: "#00FF00",
  grey: "#BEBEBE",
};
/** Maelstrom's partition nemesis colour (jepsen.nemesis.combined). */
const PARTITION_COLOR = "#E9DCA0";
const NEMESIS_ALPHA = 0.6;

const seconds = (ns: number) => ns / 1e9;

/** gnuplot point types by `:f`, in sorted order: 4, 6, 8, … */
function pointTypes(fs: readonly string[]): Map<string, number> {
  return new Map(fs.map((f, i) => [f, 2 * (2 + i)]));
}

/**
 * Jepsen's `broaden-range`: widens `[a, b]` to round numbers.
 * @param range The data range.
 * @returns The plotted range.
 */
export function broadenRange([a, b]: readonly [number, number]): [number, number] {
  if (a === b) return [a - 1, b + 1];
  const size = Math.abs(b - a);
  const scale = Math.pow(10, Math.round(Math.log10(size / 10)));
  const mod = (x: number) => ((x % scale) + scale) % scale;
  const a2 = a - mod(a);
  const b2 = mod(b) / scale < 0.001 ? b : scale + (b - mod(b));
  return [Math.min(a, a2), Math.max(b, b2)];
}

/**
 * The partition periods and nemesis op times of a history (Jepsen's
 * `nemesis-intervals`: the nemesis's ops come in pairs, and each pair of
 * starts is closed by the next pair of stops, first with first).
 * @param history The history.
 * @returns The partition nemesis's activity, or nothing when it never acted.
 */
export function nemesisActivity(history: readonly Op[]): NemesisActivity[] {
  const ops = history.filter((op) => op.process === "nemesis");
  if (ops.length === 0) return [];
  const intervals: Array<readonly [number, number | undefined]> = [];
  let starts: Op[][] = [];
  for (let i = 0; i + 1 < ops.length; i += 2) {
    const [a, b] = [ops[i], ops[i + 1]];
    if (a.f !== b.f) continue;
    if (a.f === "start-partition") starts.push([a, b]);
    else if (a.f === "stop-partition") {
      for (const [s1, s2] of starts) {
        intervals.push([seconds(s1.time), seconds(a.time)], [seconds(s2.time), seconds(b.time)]);
      }
      starts = [];
    }
  }
  for (const pair of starts) for (const s of pair) intervals.push([seconds(s.time), undefined]);
  return [{
    name: "partition",
    color: PARTITION_COLOR,
    intervals,
    times: ops.map((op) => seconds(op.time)),
  }];
}

/** Client ops with their completions, by `:f` (sorted) then completion type. */
function byFType(history: readonly Op[]) {
  const out = new Map<string, Map<string, Array<readonly [number, number]>>>();
  for (const { invoke, complete, latency } of timedOps(history)) {
    let byType = out.get(invoke.f);
    if (byType === undefined) out.set(invoke.f, byType = new Map());
    let pts = byType.get(complete.type);
    if (pts === undefined) byType.set(complete.type, pts = []);
    pts.push([seconds(invoke.time), latency / 1e6]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The latency-raw plot: one point per completed client op at its
 * invocation time.
 * @param name The test name.
 * @param history The history.
 * @returns The plot.
 */
export function latencyRawPlot(name: string, history: readonly Op[]): Plot {
  const data = byFType(history);
  const points = pointTypes([...data.keys()]);
  const series: Series[] = [];
  for (const [f, byType] of data) {
    for (const t of TYPES) {
      const pts = byType.get(t);
      if (pts === undefined || pts.length === 0) continue;
      series.push({
        title: `${f} ${t}`,
        with: "points",
        color: TYPE_COLORS[t],
        pointType: points.get(f)!,
        data: pts,
      });
    }
  }
  return {
    title: `${name} latency`,
    ylabel: "Latency (ms)",
    logY: true,
    series,
    fewerOnTop: true,
    nemeses: nemesisActivity(history),
  };
}

/** Jepsen's quantile rule: the element at `min(n − 1, floor(n · q))`. */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** Bucket midpoints: `dt/2`, `dt·3/2`, … */
function bucketTime(dt: number, t: number): number {
  return Math.floor(t / dt) * dt + dt / 2;
}

/**
 * The latency-quantiles plot: per `:f`, the 0.5, 0.95, 0.99 and 1
 * quantiles of all its ops' latencies in 30 s buckets.
 * @param name The test name.
 * @param history The history.
 * @returns The plot.
 */
export function latencyQuantilesPlot(name: string, history: readonly Op[]): Plot {
  const dt = 30, qs = [0.5, 0.95, 0.99, 1];
  const data = byFType(history);
  const points = pointTypes([...data.keys()]);
  const colors = new Map([...qs].sort().reverse().map((q, i) => [q, NAMED[QUANTILE_COLORS[i]]]));
  const series: Series[] = [];
  for (const [f, byType] of data) {
    const buckets = new Map<number, number[]>();
    for (const pts of byType.values()) {
      for (const [t, l] of pts) {
        const b = bucketTime(dt, t);
        const list = buckets.get(b);
        if (list) list.push(l);
        else buckets.set(b, [l]);
      }
    }
    const sorted = [...buckets].sort(([a], [b]) => a - b).map(([t, ls]) =>
      [t, ls.sort((a, b) => a - b)] as const
    );
    for (const q of qs) {
      series.push({
        title: `${f} ${q}`,
        with: "linespoints",
        color: colors.get(q)!,
        pointType: points.get(f)!,
        data: sorted.map(([t, ls]) => [t, quantile(ls, q)] as const),
      });
    }
  }
  return {
    title: `${name} latency`,
    ylabel: "Latency (ms)",
    logY: true,
    series,
    nemeses: nemesisActivity(history),
  };
}

/**
 * The rate plot: completions per second, per `:f` and type, in 10 s
 * buckets of completion time (every bucket up to the last op's time).
 * @param name The test name.
 * @param history The history.
 * @returns The plot.
 */
export function ratePlot(name: string, history: readonly Op[]): Plot {
  const dt = 10;
  const counts = new Map<string, Map<string, Map<number, number>>>();
  let tMax = 0;
  for (const op of history) tMax = Math.max(tMax, seconds(op.time));
  for (const op of history) {
    if (op.type === "invoke" || op.process === "nemesis") continue;
    let byType = counts.get(op.f);
    if (byType === undefined) counts.set(op.f, byType = new Map());
    let m = byType.get(op.type);
    if (m === undefined) byType.set(op.type, m = new Map());
    const b = bucketTime(dt, seconds(op.time));
    m.set(b, (m.get(b) ?? 0) + 1 / dt);
  }
  const fs = [...counts.keys()].sort();
  const points = pointTypes(fs);
  const buckets: number[] = [];
  for (let b = dt / 2; b <= tMax; b += dt) buckets.push(b);
  const series: Series[] = [];
  for (const f of fs) {
    for (const t of TYPES) {
      const m = counts.get(f)!.get(t);
      series.push({
        title: `${f} ${t}`,
        with: "linespoints",
        color: TYPE_COLORS[t],
        pointType: points.get(f)!,
        data: buckets.map((b) => [b, m?.get(b) ?? 0] as const),
      });
    }
  }
  return {
    title: `${name} rate`,
    ylabel: "Throughput (hz)",
    logY: false,
    series,
    nemeses: nemesisActivity(history),
  };
}

/** gnuplot's tic step for a linear axis (`quantize_normal_tics`, guide 20). */
export function ticStep(range: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(range)));
  const xnorm = range / power;
  const posns = 20 / xnorm;
  const tics = posns > 40
    ? 0.05
    : posns > 20
    ? 0.1
    : posns > 10
    ? 0.2
    : posns > 4
    ? 0.5
    : posns > 2
    ? 1
    : posns > 0.5
    ? 2
    : Math.ceil(xnorm);
  return tics * power;
}

function label(v: number): string {
  return String(Math.round(v * 1e6) / 1e6);
}

const W = 900, H = 400;
/** The plot area within the image, as gnuplot lays it out with the key outside. */
const AREA = { left: 65, right: 688, top: 44, bottom: 350 };
const BLACK: Rgb = [0, 0, 0];

/** Axis ranges: Jepsen's `with-range` (x broadened; y broadened unless log-scale). */
function ranges(plot: Plot): { x: [number, number]; y: [number, number] } | undefined {
  const data = plot.series.flatMap((s) => s.data).filter(([, y]) => !plot.logY || y > 0);
  if (data.length === 0) return undefined;
  let [x0, x1, y0, y1] = [data[0][0], data[0][0], data[0][1], data[0][1]];
  for (const [x, y] of data) {
    x0 = Math.min(x0, x);
    x1 = Math.max(x1, x);
    y0 = Math.min(y0, y);
    y1 = Math.max(y1, y);
  }
  if (plot.logY && y0 === y1) [y0, y1] = [y0 / 10, y1 * 10];
  return { x: broadenRange([x0, x1]), y: plot.logY ? [y0, y1] : broadenRange([y0, y1]) };
}

/**
 * Draws a plot as a 900×400 PNG, or returns undefined when it has no
 * points (Jepsen then writes no file).
 * @param plot The plot.
 * @returns The PNG bytes.
 */
export function renderPlot(plot: Plot): Uint8Array | undefined {
  const r = ranges(plot);
  if (r === undefined) return undefined;
  const img = new Raster(W, H);
  const { left, right, top, bottom } = AREA;
  const sx = (x: number) => left + ((x - r.x[0]) / (r.x[1] - r.x[0])) * (right - left);
  const ly = (v: number) => plot.logY ? Math.log10(v) : v;
  const sy = (y: number) =>
    bottom - ((ly(y) - ly(r.y[0])) / (ly(r.y[1]) - ly(r.y[0]))) * (bottom - top);
  drawNemeses(img, plot, sx, r.x);
  drawAxes(img, plot, r, sx, sy);
  const order = plot.fewerOnTop
    ? [...plot.series].sort((a, b) => b.data.length - a.data.length)
    : plot.series;
  for (const s of order) drawSeries(img, s, sx, sy, plot.logY);
  drawKey(img, plot);
  text(img, (left + right) / 2, 24, plot.title, "center");
  text(img, (left + right) / 2, H - 12, "Time (s)", "center");
  img.text(18, (top + bottom) / 2, plot.ylabel, BLACK, "center", true);
  return img.png();
}

function text(img: Raster, x: number, y: number, s: string, align: Align): void {
  img.text(x, y + FONT_HEIGHT / 2 - 2, s, BLACK, align);
}

function drawNemeses(
  img: Raster,
  plot: Plot,
  sx: (x: number) => number,
  xr: readonly [number, number],
): void {
  const { top, bottom, right } = AREA;
  const h = bottom - top;
  plot.nemeses.forEach((n, i) => {
    const c = rgb(n.color);
    const bot = 1 - 0.0834 * (i + 1), tp = bot + 0.0834;
    for (const [start, stop] of n.intervals) {
      const x0 = Math.max(AREA.left, sx(start));
      const x1 = stop === undefined ? right : Math.min(right, sx(stop));
      if (x1 < x0) continue; // Outside the plotted time range.
      img.fillRect(
        x0,
        bottom - (tp - 0.00615) * h,
        x1,
        bottom - (bot + 0.00615) * h,
        c,
        NEMESIS_ALPHA,
      );
    }
    for (const t of n.times) if (t >= xr[0] && t <= xr[1]) img.line(sx(t), top, sx(t), bottom, c);
  });
}

function drawAxes(
  img: Raster,
  plot: Plot,
  r: { x: [number, number]; y: [number, number] },
  sx: (x: number) => number,
  sy: (y: number) => number,
): void {
  const { left, right, top, bottom } = AREA;
  const step = ticStep(r.x[1] - r.x[0]);
  for (let t = Math.ceil(r.x[0] / step - 1e-9) * step; t <= r.x[1] + 1e-9; t += step) {
    img.line(sx(t), bottom, sx(t), bottom - 6, BLACK);
    img.line(sx(t), top, sx(t), top + 6, BLACK);
    text(img, sx(t), bottom + 14, label(t), "center");
  }
  const yTick = (y: number, major: boolean) => {
    const len = major ? 6 : 3;
    img.line(left, sy(y), left + len, sy(y), BLACK);
    img.line(right, sy(y), right - len, sy(y), BLACK);
    if (major) text(img, left - 8, sy(y), label(y), "right");
  };
  if (plot.logY) {
    // Powers of ten are labelled; within less than a decade, every tick is.
    const d0 = Math.floor(Math.log10(r.y[0])), d1 = Math.ceil(Math.log10(r.y[1]));
    const spansPower = Math.floor(Math.log10(r.y[1])) > Math.floor(Math.log10(r.y[0]) - 1e-12) ||
      Number.isInteger(Math.log10(r.y[0]));
    for (let d = d0; d <= d1; d++) {
      for (let k = 1; k < 10; k++) {
        const y = k * Math.pow(10, d);
        if (y >= r.y[0] && y <= r.y[1]) yTick(y, k === 1 || !spansPower);
      }
    }
  } else {
    const ys = ticStep(r.y[1] - r.y[0]);
    for (let y = Math.ceil(r.y[0] / ys - 1e-9) * ys; y <= r.y[1] + 1e-9; y += ys) yTick(y, true);
  }
  img.line(left, top, right, top, BLACK);
  img.line(left, bottom, right, bottom, BLACK);
  img.line(left, top, left, bottom, BLACK);
  img.line(right, top, right, bottom, BLACK);
}

function drawSeries(
  img: Raster,
  s: Series,
  sx: (x: number) => number,
  sy: (y: number) => number,
  logY: boolean,
): void {
  const c = rgb(s.color);
  const { left, right, top, bottom } = AREA;
  const inside = (x: number, y: number) => x >= left && x <= right && y >= top && y <= bottom;
  let prev: [number, number] | undefined;
  for (const [x, y] of s.data) {
    if (logY && y <= 0) {
      prev = undefined;
      continue;
    }
    const px = sx(x), py = sy(y);
    if (s.with === "linespoints" && prev !== undefined) img.line(prev[0], prev[1], px, py, c);
    if (inside(px, py)) img.point(px, py, s.pointType, c);
    prev = [px, py];
  }
}

/** The key, outside the plot at the top right: titles right-aligned, then a sample. */
function drawKey(img: Raster, plot: Plot): void {
  const x = 822, sample = 852;
  let y = 52;
  for (const s of plot.series) {
    const c = rgb(s.color);
    text(img, x, y, s.title, "right");
    if (s.with === "linespoints") img.line(sample - 20, y, sample + 20, y, c);
    img.point(sample, y, s.pointType, c);
    y += 15;
  }
  for (const n of plot.nemeses) {
    text(img, x, y, n.name, "right");
    img.line(sample - 20, y, sample + 20, y, rgb(n.color), 6);
    y += 15;
  }
}

/**
 * Writes `latency-raw.png`, `latency-quantiles.png` and `rate.png` into
 * `dir` (each only when it has points).
 * @param dir The run folder.
 * @param name The test name.
 * @param history The history.
 * @returns The files written.
 */
export async function writePlots(
  dir: string,
  name: string,
  history: readonly Op[],
): Promise<string[]> {
  const written: string[] = [];
  for (
    const [file, plot] of [
      ["latency-raw.png", latencyRawPlot(name, history)],
      ["latency-quantiles.png", latencyQuantilesPlot(name, history)],
      ["rate.png", ratePlot(name, history)],
    ] as const
  ) {
    const png = renderPlot(plot);
    if (png === undefined) continue;
    await writeFile(join(dir, file), png);
    written.push(file);
  }
  return written;
}

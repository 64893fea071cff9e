/**
 * The message-flow (Lamport) diagram of a run, as Maelstrom's
 * `messages.svg` draws it from the network journal.
 * @module
 */

import type { JournalEvent, Message } from "../history.ts";
import { involvesClient } from "../checkers/net.ts";
import { edn } from "./_edn.ts";

/** Maelstrom renders at most this many journal events. */
export const JOURNAL_LIMIT = 10_000;

/** Options of {@linkcode lamportSvg}. */
export interface LamportOptions {
  /** Maximum number of events drawn (default {@linkcode JOURNAL_LIMIT}). */
  limit?: number;
}

/** A rendered diagram. */
export interface Lamport {
  /** The `<svg>` element. */
  svg: string;
  /** Endpoint lanes, left to right. */
  lanes: string[];
  /** Events drawn. */
  shown: number;
  /** Events in the journal without `init` / `init_ok`. */
  total: number;
  /** Delivered messages drawn as arrows. */
  arrows: number;
  /** A one-row `<svg>` of the lane names at the same x positions (a sticky header). */
  header: string;
  /** Seconds of each drawn event, by row (row i is at y = {@link Y_STEP} × (2.5 + i)). */
  times: number[];
  /** Width of the lanes' span, px (lane i of n is at x = (i + 0.5) / n × width). */
  width: number;
}

/** Height of one row of the diagram, px. */
export const Y_STEP = 20;
/** Hover titles show at most this many characters of a body. */
const TITLE_LIMIT = 1000;

/** Maelstrom's `sort-clients`: `c…` and `n…` ids by letter then number; services last. */
export function sortEndpoints(ids: Iterable<string>): string[] {
  const key = (id: string): [number, string, number] => {
    const m = /^(\w+?)(\d+)/.exec(id) ?? /(\w+?)(\d+)/.exec(id);
    return m ? [0, m[1], Number(m[2])] : [1, id, 0];
  };
  return [...new Set(ids)].sort((a, b) => {
    const ka = key(a), kb = key(b);
    return ka[0] - kb[0] || (ka[1] < kb[1] ? -1 : ka[1] > kb[1] ? 1 : 0) || ka[2] - kb[2] ||
      (a < b ? -1 : a > b ? 1 : 0);
  });
}

/** Escapes text for XML content and attribute values. */
export function xml(text: string): string {
  return text.replace(
    /[&<>"]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!,
  );
}

/** Maelstrom's label: `type` + the body without `type`/`msg_id`/`in_reply_to` (or an error's text), ≤ 48 chars. */
export function messageLabel(body: Record<string, unknown>): string {
  const { type, msg_id: _m, in_reply_to: _r, ...rest } = body;
  const desc = `${type ?? ""} ${type === "error" ? String(body.text ?? "") : edn(rest, 60)}`;
  return desc.length <= 48 ? desc : desc.slice(0, 47) + "…";
}

/** Maelstrom's colours: error bodies pink, client traffic light blue, server traffic black. */
export function messageColor(message: Message): string {
  if (message.body.type === "error") return "#FF1E90";
  if (involvesClient(message)) return "#81BFFC";
  return "#000";
}

const isInit = (e: JournalEvent) =>
  e.message.body.type === "init" || e.message.body.type === "init_ok";

/**
 * Draws the first `limit` journal events (without `init`/`init_ok`) as a
 * space-time diagram: one vertical lane per endpoint (clients, then nodes,
 * each in numeric order, services last), one row per event, an arrow from
 * each delivered message's send row to its recv row, labelled like Maelstrom
 * (the message, up to 1000 characters, in the hover title). A message sent but never delivered
 * in the whole journal (dropped by a partition) is drawn as a short dashed
 * stub ending in a cross. When events were left out, a notice says so.
 *
 * @param journal The run's network journal, in event order.
 * @param options The event limit.
 * @returns The SVG and what it shows.
 */
export function lamportSvg(
  journal: readonly JournalEvent[],
  options: LamportOptions = {},
): Lamport {
  const limit = options.limit ?? JOURNAL_LIMIT;
  const delivered = new Set<number>();
  let total = 0;
  const events: JournalEvent[] = [];
  const endpoints = new Set<string>();
  for (const e of journal) {
    if (isInit(e)) continue;
    total++;
    if (e.type === "recv") delivered.add(e.message.id);
    if (events.length < limit) {
      events.push(e);
      endpoints.add(e.message.src).add(e.message.dest);
    }
  }
  const lanes = sortEndpoints(endpoints);
  const laneIndex = new Map(lanes.map((l, i) => [l, i]));
  const width = Math.max(1200, lanes.length * 40);
  const x = (lane: string) => ((laneIndex.get(lane)! + 0.5) / lanes.length) * width;
  const y = (step: number) => Y_STEP * (1.5 + step);
  const truncated = total > events.length;
  const height = Y_STEP * (2 + 1 + 2 + 2 + events.length);

  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="lamport" width="${
      width + 50
    }" height="${height}" viewBox="0 0 ${width + 50} ${height}">`,
    `<defs><polygon id="ahead" points="0 0, -12 4, -12 -4"/></defs>`,
  );
  // Lanes, with their names repeated every 50 rows.
  out.push(`<g class="lanes">`);
  for (const lane of lanes) {
    const lx = x(lane).toFixed(1);
    out.push(
      `<line x1="${lx}" y1="${y(0)}" x2="${lx}" y2="${y(events.length + 1)}" stroke="#ccc"/>`,
    );
    for (let step = 0; step < Math.max(1, events.length); step += 50) {
      out.push(
        `<text x="${lx}" y="${
          y(step - 0.5)
        }" text-anchor="middle" dominant-baseline="middle" fill="${step === 0 ? "#000" : "#aaa"}">${
          xml(lane)
        }</text>`,
      );
    }
  }
  out.push(`</g><g class="msgs">`);

  const sent = new Map<number, number>();
  let arrows = 0;
  events.forEach((e, i) => {
    const step = i + 1;
    const m = e.message;
    if (e.type === "send") {
      sent.set(m.id, step);
      if (!delivered.has(m.id)) {
        // Dropped: a stub a third of the way toward its destination.
        const x0 = x(m.src), x1 = x0 + (x(m.dest) - x0) / 3, y0 = y(step);
        const title = `${fmtTime(e.time)} ${m.src} → ${m.dest} (dropped) ${
          edn(m.body, TITLE_LIMIT)
        }`;
        out.push(
          `<g class="dropped"><title>${xml(title)}</title><line x1="${
            x0.toFixed(1)
          }" y1="${y0}" x2="${x1.toFixed(1)}" y2="${y0 + Y_STEP / 2}" stroke="${
            messageColor(m)
          }" stroke-dasharray="3 3"/><text x="${x1.toFixed(1)}" y="${
            y0 + Y_STEP / 2
          }" class="x">×</text></g>`,
        );
      }
      return;
    }
    const from = sent.get(m.id);
    if (from === undefined) return;
    arrows++;
    const x0 = x(m.src), y0 = y(from), x1 = x(m.dest), y1 = y(step);
    const length = Math.hypot(x1 - x0, y1 - y0);
    const angle = (Math.atan2(y1 - y0, x1 - x0) * 180) / Math.PI;
    const left = !(angle > -90 && angle < 90);
    const title = `${fmtTime(e.time)} ${m.src} → ${m.dest} ${edn(m.body, TITLE_LIMIT)}`;
    const label = xml(messageLabel(m.body));
    const half = (length / 2).toFixed(1);
    out.push(
      `<g transform="translate(${x0.toFixed(1)} ${y0}) rotate(${angle.toFixed(2)})"><title>${
        xml(title)
      }</title><rect x="0" y="-1" height="2" width="${Math.max(0, length - 4).toFixed(1)}" fill="${
        messageColor(m)
      }"/><use href="#ahead" x="${length.toFixed(1)}" y="0" fill="${
        messageColor(m)
      }"/><text x="${half}" y="-4" text-anchor="middle"${
        left ? ` transform="rotate(180 ${half} 0)"` : ""
      }>${label}</text></g>`,
    );
  });
  out.push(`</g>`);
  if (truncated) {
    const step = events.length + 2;
    out.push(
      `<g class="truncated"><line x1="30" y1="${y(step)}" x2="${width - 30}" y2="${
        y(step)
      }" stroke="#D96918"/><text x="${width / 2}" y="${
        y(step + 1)
      }" fill="#D96918" text-anchor="middle">Additional network events not shown (${
        total - events.length
      } more)</text></g>`,
    );
  }
  out.push(`</svg>`);
  const header = `<svg xmlns="http://www.w3.org/2000/svg" class="lamport-head" width="${
    width + 50
  }" height="${Y_STEP}">${
    lanes.map((lane) =>
      `<text x="${x(lane).toFixed(1)}" y="${
        Y_STEP / 2
      }" text-anchor="middle" dominant-baseline="middle">${xml(lane)}</text>`
    ).join("")
  }</svg>`;
  const times = events.map((e) => Math.round(e.time / 1e5) / 1e4);
  return { svg: out.join(""), lanes, shown: events.length, total, arrows, header, times, width };
}

function fmtTime(ns: number): string {
  return `${(ns / 1e9).toFixed(4)} s`;
}

/**
 * The run store, laid out as Maelstrom's
 * (https://github.com/jepsen-io/maelstrom/blob/main/doc/results.md):
 * `store/<workload>/<yyyyMMddTHHmmss.SSS>/`
 * with `store/latest`, `store/current` and `store/<workload>/latest`
 * symlinks, holding `results.json` (keys mirror `results.edn`),
 * `history.jsonl`, `journal.jsonl`, `bench.json`, `node-logs/<id>.log` and
 * `report.html`.
 * @module
 */

import { join } from "node:path";
import type { JournalEvent, Op } from "./history.ts";

/**
 * Jepsen's run folder name, Joda's basic date-time in local time:
 * `yyyyMMddTHHmmss.SSS` and the zone (`Z` for UTC, else `±HHmm`).
 */
export function timestamp(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const offset = -date.getTimezoneOffset();
  const zone = offset === 0
    ? "Z"
    : `${offset > 0 ? "+" : "-"}${p(Math.floor(Math.abs(offset) / 60))}${p(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}${p(date.getMonth() + 1)}${p(date.getDate())}T${p(date.getHours())}${
    p(date.getMinutes())
  }${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}${zone}`;
}

async function relink(target: string, link: string): Promise<void> {
  try {
    await Deno.remove(link);
  } catch {
    // No previous link.
  }
  try {
    await Deno.symlink(target, link);
  } catch {
    // Another run raced us to it; the latest link is best effort.
  }
}

/**
 * Creates a run directory (with `node-logs/`) and points the `latest` links
 * at it.
 * @param base The store root, e.g. `store`.
 * @param workload The workload name.
 * @param date The run's start.
 * @returns The run directory.
 */
export async function createRunDir(
  base: string,
  workload: string,
  date = new Date(),
): Promise<string> {
  const parent = join(base, workload);
  let dir = join(parent, timestamp(date));
  for (let i = 1;; i++) {
    try {
      await Deno.mkdir(dir, { recursive: false });
      break;
    } catch (error) {
      if (
        !(error instanceof Deno.errors.AlreadyExists) && !(error instanceof Deno.errors.NotFound)
      ) {
        throw error;
      }
      if (error instanceof Deno.errors.NotFound) {
        await Deno.mkdir(parent, { recursive: true });
        i--;
        continue;
      }
      dir = join(parent, `${timestamp(date)}-${i}`);
    }
  }
  await Deno.mkdir(join(dir, "node-logs"));
  const name = dir.slice(parent.length + 1);
  await relink(name, join(parent, "latest"));
  await relink(join(workload, name), join(base, "latest"));
  await relink(join(workload, name), join(base, "current"));
  return dir;
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  const encoder = new TextEncoder();
  try {
    let chunk = "";
    for (const line of lines) {
      chunk += line + "\n";
      if (chunk.length > 1 << 16) {
        await file.write(encoder.encode(chunk));
        chunk = "";
      }
    }
    if (chunk.length > 0) await file.write(encoder.encode(chunk));
  } finally {
    file.close();
  }
}

/**
 * Writes the history, one op per line.
 * @param dir The run directory.
 * @param history The history.
 */
export function writeHistory(dir: string, history: readonly Op[]): Promise<void> {
  return writeLines(join(dir, "history.jsonl"), history.map((op) => JSON.stringify(op)));
}

/**
 * Writes the journal compactly: a send event as `{type, time, message}`, a
 * recv event as `{type, time, id}` (the message is its send's).
 * @param dir The run directory.
 * @param journal The journal.
 */
export function writeJournal(dir: string, journal: readonly JournalEvent[]): Promise<void> {
  return writeLines(
    join(dir, "journal.jsonl"),
    journal.map((e) =>
      e.type === "send"
        ? JSON.stringify(e)
        : `{"type":"recv","time":${e.time},"id":${e.message.id}}`
    ),
  );
}

/**
 * Reads a journal written by {@link writeJournal}.
 * @param dir The run directory.
 * @returns The events.
 */
export async function readJournal(dir: string): Promise<JournalEvent[]> {
  const text = await Deno.readTextFile(join(dir, "journal.jsonl"));
  const byId = new Map<number, JournalEvent["message"]>();
  const out: JournalEvent[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const e = JSON.parse(line);
    if (e.type === "send") {
      byId.set(e.message.id, e.message);
      out.push(e);
    } else out.push({ type: "recv", time: e.time, message: byId.get(e.id)! });
  }
  return out;
}

/**
 * Writes a JSON file (pretty).
 * @param dir The run directory.
 * @param name File name.
 * @param data The value.
 */
export function writeJson(dir: string, name: string, data: unknown): Promise<void> {
  return Deno.writeTextFile(join(dir, name), JSON.stringify(data, null, 2) + "\n");
}

/**
 * Reads a history written by {@link writeHistory}.
 * @param dir The run directory.
 * @returns The ops, in order.
 */
export async function readHistory(dir: string): Promise<Op[]> {
  const text = await Deno.readTextFile(join(dir, "history.jsonl"));
  return text.split("\n").filter((line) => line !== "").map((line) => JSON.parse(line));
}

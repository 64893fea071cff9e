/**
 * `messages.svg`: the run's Lamport diagram as a file of its own, as
 * Maelstrom's `maelstrom.net.viz` writes it from the network journal (one
 * lane per endpoint, one row per event, an arrow per delivered message,
 * the first 10 000 events). The drawing is `report/_lamport.ts`'s, the
 * same the report shows.
 * @module
 */

import { join } from "node:path";
import type { JournalEvent } from "../history.ts";
import { lamportSvg } from "../report/_lamport.ts";
import { writeFile } from "./_files.ts";

/** Maelstrom's stylesheet for the diagram (fonts; error and client colours are on the arrows). */
const STYLE = `<style>
svg { font-family: Helvetica, Arial, sans-serif; font-size: 11px; }
.lamport .x { fill: #D96918; font-size: 14px; }
</style>`;

/**
 * The text of `messages.svg`: a standalone SVG document.
 * @param journal The network journal.
 * @returns The document.
 */
export function messagesSvg(journal: readonly JournalEvent[]): string {
  const { svg } = lamportSvg(journal);
  const open = svg.indexOf(">") + 1;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.slice(0, open)}${STYLE}${
    svg.slice(open)
  }\n`;
}

/**
 * Writes `messages.svg` into `dir`.
 * @param dir The run folder.
 * @param journal The network journal.
 */
export function writeMessagesSvg(dir: string, journal: readonly JournalEvent[]): Promise<void> {
  return writeFile(join(dir, "messages.svg"), messagesSvg(journal));
}

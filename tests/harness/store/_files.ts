/**
 * Streams text into a file in 64 KiB writes, so that a big history is
 * never one giant string in memory.
 * @module
 */

import { dirname } from "node:path";

const encoder = new TextEncoder();
const CHUNK = 1 << 16;

/**
 * Writes lines (each followed by a newline) to `path`, creating its folder.
 * @param path The file.
 * @param lines The lines, produced lazily.
 */
export async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  const file = await Deno.open(path, { write: true, create: true, truncate: true });
  try {
    let chunk: string[] = [];
    let size = 0;
    for (const line of lines) {
      chunk.push(line, "\n");
      size += line.length + 1;
      if (size >= CHUNK) {
        await writeAll(file, encoder.encode(chunk.join("")));
        chunk = [];
        size = 0;
      }
    }
    if (size > 0) await writeAll(file, encoder.encode(chunk.join("")));
  } finally {
    file.close();
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await file.write(bytes.subarray(off));
}

/**
 * Writes a text or binary file, creating its folder.
 * @param path The file.
 * @param data Its content.
 */
export async function writeFile(path: string, data: string | Uint8Array): Promise<void> {
  await Deno.mkdir(dirname(path), { recursive: true });
  if (typeof data === "string") await Deno.writeTextFile(path, data);
  else await Deno.writeFile(path, data);
}

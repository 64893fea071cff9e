/**
 * Splits a byte stream into text lines: chunk boundaries anywhere (also inside
 * a multi-byte character), `\n` or `\r\n` endings, lines of any length. A line
 * that is not valid UTF-8 is reported and skipped; the rest go on.
 * @module
 */

const NEWLINE = 10;
const CR = 13;

/** What {@linkcode LineSplitter} calls. */
export interface LineSink {
  /** A complete line, without its ending. */
  line(text: string): void;
  /** A line that is not valid UTF-8, with its length in bytes. */
  invalid(byteLength: number): void;
}

/**
 * Incremental line splitter for `Uint8Array` chunks.
 *
 * @example
 * ```ts
 * import { LineSplitter } from "./lines.ts";
 * const lines: string[] = [];
 * const s = new LineSplitter({ line: (t) => lines.push(t), invalid: () => {} });
 * const bytes = new TextEncoder().encode("héllo\r\nwor");
 * s.push(bytes.subarray(0, 2));
 * s.push(bytes.subarray(2));
 * s.push(new TextEncoder().encode("ld\n"));
 * console.assert(lines.join(",") === "héllo,world");
 * ```
 */
export class LineSplitter {
  #sink: LineSink;
  #pending: Uint8Array[] = [];
  #fatal = new TextDecoder("utf-8", { fatal: true });

  constructor(sink: LineSink) {
    this.#sink = sink;
  }

  /** Feeds a chunk; complete lines go to the sink at once. */
  push(chunk: Uint8Array): void {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < 0) {
      if (chunk.length > 0) this.#pending.push(chunk.slice());
      return;
    }
    let head = chunk.subarray(0, last + 1);
    if (this.#pending.length > 0) {
      this.#pending.push(head);
      head = concat(this.#pending);
      this.#pending = [];
    }
    const rest = chunk.subarray(last + 1);
    if (rest.length > 0) this.#pending.push(rest.slice());
    this.#emit(head);
  }

  /** Ends the input: a last line without a newline is still a line. */
  end(): void {
    if (this.#pending.length === 0) return;
    const tail = concat(this.#pending);
    this.#pending = [];
    this.#emitLine(tail);
  }

  /** `bytes` ends with a newline. Fast path: decode it all at once. */
  #emit(bytes: Uint8Array): void {
    let text: string;
    try {
      text = this.#fatal.decode(bytes);
    } catch {
      this.#emitEach(bytes);
      return;
    }
    let start = 0;
    const end = text.length - 1; // the final newline
    while (start <= end) {
      let nl = text.indexOf("\n", start);
      if (nl < 0) nl = end + 1;
      let stop = nl;
      if (stop > start && text.charCodeAt(stop - 1) === CR) stop--;
      this.#sink.line(text.slice(start, stop));
      start = nl + 1;
    }
  }

  /** Slow path: some line is not UTF-8; decode line by line. */
  #emitEach(bytes: Uint8Array): void {
    let start = 0;
    while (start < bytes.length) {
      let nl = bytes.indexOf(NEWLINE, start);
      if (nl < 0) nl = bytes.length;
      this.#emitLine(bytes.subarray(start, nl));
      start = nl + 1;
    }
  }

  #emitLine(bytes: Uint8Array): void {
    let end = bytes.length;
    if (end > 0 && bytes[end - 1] === CR) end--;
    let text: string;
    try {
      text = this.#fatal.decode(bytes.subarray(0, end));
    } catch {
      this.#sink.invalid(bytes.length);
      return;
    }
    this.#sink.line(text);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let size = 0;
  for (const p of parts) size += p.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

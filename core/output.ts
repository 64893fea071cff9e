/**
 * The output queue: protocol lines produced in the same tick leave in one
 * write, in order, never partially; nothing else ever reaches stdout.
 * @module
 */

/** Something that takes bytes, possibly fewer than offered, like `Deno.stdout`. */
export interface ByteWriter {
  write(bytes: Uint8Array): Promise<number>;
}

const encoder = new TextEncoder();

/**
 * Queues lines and writes them in one batch per tick (a microtask after the
 * first line of the tick), keeping every batch whole and in order.
 */
export class Output {
  #writer: ByteWriter;
  #lines: string[] = [];
  #scheduled = false;
  #tail: Promise<void> = Promise.resolve();
  #onError: (error: unknown) => void;
  #broken = false;
  #backlog = 0;

  constructor(writer: ByteWriter, onError: (error: unknown) => void = () => {}) {
    this.#writer = writer;
    this.#onError = onError;
  }

  /** Queues one line (without its newline). */
  push(line: string): void {
    this.#lines.push(line, "\n");
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(() => this.#flushNow());
    }
  }

  /** Writes everything queued; resolves once it has all been written. */
  flush(): Promise<void> {
    this.#flushNow();
    return this.#tail;
  }

  #flushNow(): void {
    this.#scheduled = false;
    if (this.#lines.length === 0) return;
    const bytes = encoder.encode(this.#lines.join(""));
    this.#lines = [];
    this.#backlog += bytes.length;
    this.#tail = this.#tail.then(() => this.#writeAll(bytes));
  }

  async #writeAll(bytes: Uint8Array): Promise<void> {
    if (this.#broken) return;
    try {
      let written = 0;
      while (written < bytes.length) {
        written += await this.#writer.write(bytes.subarray(written));
      }
    } catch (error) {
      this.#broken = true;
      this.#onError(error);
    } finally {
      this.#backlog -= bytes.length;
    }
  }

  /** Bytes handed to the writer that it has not taken yet. */
  get backlog(): number {
    return this.#backlog;
  }
}

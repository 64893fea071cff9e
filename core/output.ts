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

/** Size of the output buffers, which are reused once written. */
const BUFFER_SIZE = 128 * 1024;
/** How many such buffers there may be. */
const POOL_SIZE = 8;
/** Batches shorter than this (in UTF-16 units) are encoded into bytes of their own. */
const MIN_POOLED = 4096;

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
  #pool: Uint8Array[] = [];
  #buffers = 0;

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
    const text = this.#lines.join("");
    this.#lines = [];
    // Encode into a reused buffer: fresh ones pile up as external memory until
    // a full GC, since each lives until its write ends. Small batches, batches
    // too big for a buffer, and batches while all buffers are in flight get
    // bytes of their own; a batch is always one write.
    if (text.length >= MIN_POOLED && text.length <= BUFFER_SIZE) {
      const pooled = this.#pool.pop() ??
        (this.#buffers < POOL_SIZE ? (this.#buffers++, new Uint8Array(BUFFER_SIZE)) : undefined);
      if (pooled !== undefined) {
        const { read, written } = encoder.encodeInto(text, pooled);
        if (read === text.length) {
          this.#queue(pooled, written, true);
          return;
        }
        this.#pool.push(pooled);
      }
    }
    const bytes = encoder.encode(text);
    this.#queue(bytes, bytes.length, false);
  }

  #queue(buffer: Uint8Array, length: number, reuse: boolean): void {
    this.#backlog += length;
    this.#tail = this.#tail.then(async () => {
      try {
        await this.#writeAll(buffer.subarray(0, length));
      } finally {
        this.#backlog -= length;
        if (reuse) this.#pool.push(buffer);
      }
    });
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
      try {
        this.#onError(error);
      } catch {
        // a failing error handler must not stall the queue
      }
    }
  }

  /** Bytes handed to the writer that it has not taken yet. */
  get backlog(): number {
    return this.#backlog;
  }
}

/**
 * A grow-only counter kept in `seq-kv`, one key per node.
 *
 * Node `n` owns the key `g-counter/n`; only it writes there, always with a
 * CAS from the value it knows to `{sum, rev}`: its running total and a
 * revision that grows with every write. The revision makes every write
 * change the state, so each one also pins this node to seq-kv's newest
 * version: reads of the other nodes' keys sent after it cannot be stale
 * from before it. (That is how Maelstrom's seq-kv is built: it runs a
 * state-changing request on the newest state and never shows that client
 * an older one again. Sequential consistency alone would not promise it.) One CAS is in flight at a time; adds that arrive during
 * it ride on the next one, and an add is acknowledged once a CAS that
 * includes it succeeded.
 *
 * A read sums this node's stored total and every other node's key, read
 * after a write of ours that was sent after the read arrived. Reads are
 * coalesced (all reads waiting for the same write share its key reads) and,
 * with `maxStaleness`, answered from the last such sum while it is younger
 * than that: a read is then as fresh as a state of at most `maxStaleness`
 * ms before it, plus everything this node itself stored.
 * @module
 */
import { CodedError, ErrorCode, type KV, type Node } from "../../mod.ts";

/** What this node stores under its key. */
export interface Entry {
  /** The total of this node's acknowledged adds. */
  sum: number;
  /** The write's revision: grows with every write. */
  rev: number;
}

/** Options of {@linkcode SeqKvCounter}. */
export interface SeqKvCounterOptions {
  /**
   * Milliseconds a sum stays good for reads (0: every read waits for a write
   * and fresh key reads). Default 0.
   */
  maxStaleness?: number;
  /**
   * Milliseconds after which an add or read still waiting for seq-kv is
   * answered with an error (well inside the client's 5 s). Default 3000.
   */
  deadline?: number;
  /** Milliseconds to wait before retrying after seq-kv failed. Default 50. */
  backoff?: number;
  /** Prefix of the keys. Default `"g-counter/"`. */
  prefix?: string;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(error: CodedError): void;
  /** Whether it was answered (or timed out). */
  readonly settled: boolean;
}

interface PendingAdd extends Waiter<void> {
  /** This node's running total once this add is in. */
  upTo: number;
}

/**
 * The counter of one node.
 *
 * @example
 * ```ts ignore
 * import { KV, Node } from "../../mod.ts";
 * const node = new Node();
 * const counter = new SeqKvCounter(node, new KV(node, "seq-kv"));
 * await counter.add(3); // resolves once seq-kv holds it
 * const total = await counter.read();
 * ```
 */
export class SeqKvCounter {
  #node: Node;
  #kv: KV;
  #maxStaleness: number;
  #deadline: number;
  #backoff: number;
  #prefix: string;

  /** The running total of every positive add received (stored or not). */
  #local = 0;
  /** What our key holds, as far as we know; undefined when unknown. */
  #stored: Entry | undefined = { sum: 0, rev: 0 };
  /** Whether our key may not exist yet (before our first successful write). */
  #fresh = true;
  #rev = 0;
  #writing = false;
  #retryTimer: (() => void) | undefined;
  #adds: PendingAdd[] = [];
  #reads: Waiter<number>[] = [];
  /** Largest entry seen per other node. */
  #others = new Map<string, Entry>();
  /** When the write behind the last fresh sum was sent. */
  #sumAt = -Infinity;

  /**
   * Makes the counter of `node`; nothing is sent until the first add or read.
   * @param node the node (its id names its key; its clock runs the deadlines)
   * @param kv a client of `seq-kv`
   * @param options read cache, deadlines, key prefix
   */
  constructor(node: Node, kv: KV, options: SeqKvCounterOptions = {}) {
    this.#node = node;
    this.#kv = kv;
    this.#maxStaleness = options.maxStaleness ?? 0;
    this.#deadline = options.deadline ?? 3000;
    this.#backoff = options.backoff ?? 50;
    this.#prefix = options.prefix ?? "g-counter/";
  }

  /** The key node `id` writes its total under. */
  key(id: string): string {
    return `${this.#prefix}${id}`;
  }

  /** The total of this node's adds that seq-kv holds, as far as known. */
  get stored(): number {
    return this.#stored?.sum ?? 0;
  }

  /**
   * Adds `delta`; resolves once seq-kv holds it.
   * @throws {CodedError} 12 for a negative delta; 13 when not stored by the deadline (it may still be)
   */
  add(delta: number): Promise<void> {
    if (!Number.isSafeInteger(delta) || delta < 0) {
      return Promise.reject(
        new CodedError(
          ErrorCode.MalformedRequest,
          `Cannot add to a grow-only counter: delta ${delta} is negative`,
        ),
      );
    }
    if (delta === 0) return Promise.resolve();
    this.#local += delta;
    const upTo = this.#local;
    const promise = this.#wait<void, PendingAdd>(
      this.#adds,
      (w) => Object.assign(w, { upTo }),
      () =>
        new CodedError(
          ErrorCode.Crash,
          `add of ${delta} not yet stored in seq-kv after ${this.#deadline} ms; it may still be`,
        ),
    );
    this.#sync();
    return promise;
  }

  /**
   * Reads the total: every node's stored sum, as of a write of ours sent
   * after this call (or, with `maxStaleness`, at most that many ms before).
   * @throws {CodedError} 11 when seq-kv did not answer by the deadline
   */
  read(): Promise<number> {
    if (this.#node.clock.now() - this.#sumAt < this.#maxStaleness) {
      return Promise.resolve(this.#total());
    }
    const promise = this.#wait<number, Waiter<number>>(
      this.#reads,
      (w) => w,
      () =>
        new CodedError(
          ErrorCode.TemporarilyUnavailable,
          `cannot read: seq-kv did not answer within ${this.#deadline} ms`,
        ),
    );
    this.#sync();
    return promise;
  }

  #total(): number {
    let sum = this.stored;
    for (const e of this.#others.values()) sum += e.sum;
    return sum;
  }

  /** Queues a waiter that fails with `timeout()` after the deadline. */
  #wait<T, W extends Waiter<T>>(
    queue: W[],
    make: (w: Waiter<T>) => W,
    timeout: () => CodedError,
  ): Promise<T> {
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    let settled = false;
    let cancel = () => {};
    const waiter = make({
      resolve: (v) => {
        settled = true;
        cancel();
        resolve(v);
      },
      reject: (e) => {
        settled = true;
        cancel();
        reject(e);
      },
      get settled() {
        return settled;
      },
    });
    cancel = this.#node.after(this.#deadline, () => {
      const i = queue.indexOf(waiter);
      if (i >= 0) queue.splice(i, 1);
      settled = true;
      reject(timeout());
    });
    queue.push(waiter);
    return promise;
  }

  /** Starts a write if one is needed and none is in flight. */
  #sync(): void {
    if (this.#writing || this.#retryTimer !== undefined) return;
    const needWrite = this.#adds.length > 0 || this.#reads.length > 0;
    if (!needWrite) return;
    this.#writing = true;
    void this.#write().finally(() => {
      this.#writing = false;
      this.#sync();
    });
  }

  #retryLater(): void {
    this.#retryTimer ??= this.#node.after(this.#backoff, () => {
      this.#retryTimer = undefined;
      this.#sync();
    });
  }

  async #write(): Promise<void> {
    const readers = this.#reads;
    this.#reads = [];
    const sentAt = this.#node.clock.now();
    const to: Entry = { sum: this.#local, rev: ++this.#rev };
    const key = this.key(this.#node.id);
    try {
      if (this.#stored === undefined) {
        const current = await this.#kv.readOr<Entry | null>(key, null);
        if (isEntry(current)) this.#learn(current);
        else {
          this.#stored = { sum: 0, rev: 0 };
          this.#fresh = true;
        }
        this.#requeue(readers);
        return;
      }
      await this.#kv.cas(key, this.#stored, to, { createIfNotExists: this.#fresh });
    } catch (error) {
      const code = error instanceof CodedError ? error.code : ErrorCode.Crash;
      this.#node.log.debug(`write of ${JSON.stringify(to)} failed:`, error);
      // The key holds something else (a write we thought lost landed) or we
      // do not know: find out before the next write.
      if (code !== ErrorCode.KeyDoesNotExist) this.#stored = undefined;
      else this.#fresh = true;
      this.#requeue(readers);
      this.#retryLater();
      return;
    }
    this.#fresh = false;
    this.#learn(to);
    if (readers.length > 0) void this.#readOthers(readers, sentAt);
  }

  /** Puts readers whose write did not pin us back in front of the queue. */
  #requeue(readers: Waiter<number>[]): void {
    this.#reads.unshift(...readers.filter((r) => !r.settled));
  }

  /** Takes `entry` as what our key holds and acknowledges the adds it covers. */
  #learn(entry: Entry): void {
    this.#stored = entry;
    this.#rev = Math.max(this.#rev, entry.rev);
    this.#fresh = false;
    const done = this.#adds.filter((a) => a.upTo <= entry.sum);
    this.#adds = this.#adds.filter((a) => a.upTo > entry.sum);
    for (const a of done) a.resolve();
  }

  /** Reads every other node's key (we are pinned past `sentAt`) and answers `readers`. */
  async #readOthers(readers: Waiter<number>[], sentAt: number): Promise<void> {
    const others = this.#node.nodeIds.filter((id) => id !== this.#node.id);
    let entries: Array<Entry | null>;
    try {
      entries = await Promise.all(
        others.map((id) => this.#kv.readOr<Entry | null>(this.key(id), null)),
      );
    } catch (error) {
      this.#node.log.debug("cannot read the other nodes' keys:", error);
      this.#requeue(readers);
      this.#retryLater();
      return;
    }
    others.forEach((id, i) => {
      const e = entries[i];
      if (!isEntry(e)) return;
      const old = this.#others.get(id);
      if (old === undefined || e.rev > old.rev) this.#others.set(id, e);
    });
    this.#sumAt = Math.max(this.#sumAt, sentAt);
    const total = this.#total();
    for (const r of readers) r.resolve(total);
  }
}

function isEntry(value: unknown): value is Entry {
  return typeof value === "object" && value !== null &&
    Number.isSafeInteger((value as Entry).sum) && Number.isSafeInteger((value as Entry).rev);
}

/**
 * The simulated network (harness.md §3): an endpoint registry, global
 * message ids, latency rules, partitions, a journal of send/recv events, and
 * one single-consumer delivery loop per endpoint with a dequeue-time
 * partition check and a head-of-line sleep, exactly like Maelstrom's:
 *
 * ```
 * loop:
 *   env = queue.pollEarliestDeadline()
 *   if env.src ∈ partitions[self]: drop
 *   sleep(max(0, env.deadline − now))      // not re-checking the queue
 *   journal recv; deliver
 * ```
 *
 * Each loop is driven by one timer (no polling). Deliveries may be
 * asynchronous (a node's stdin write): the loop waits for them.
 * @module
 */

import type { JournalEvent, Message } from "./history.ts";
import type { LatencyDist } from "./options.ts";
import { Random } from "./random.ts";

/** Hands a message to an endpoint; a returned promise holds the loop until it settles. */
export type Deliver = (messages: Message[]) => void | Promise<void>;

/** A send that the network refused (unregistered `src` or `dest`). */
export class InvalidEndpoint extends Error {
  /**
   * @param message Which endpoint is invalid.
   * @param options Standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "InvalidEndpoint";
  }
}

/** Latency settings. */
export interface LatencyOptions {
  /** Mean one-way latency of server traffic, ms. */
  mean: number;
  dist: LatencyDist;
}

/** Options of a {@link Network}. */
export interface NetworkOptions {
  latency: LatencyOptions;
  random?: Random;
  /** Monotonic clock in ms; default `performance.now`. */
  now?: () => number;
}

/** Delivery lateness and counts, for measuring the bench itself. */
export interface DeliveryStats {
  delivered: number;
  dropped: number;
  /** Lateness quantiles (ms) of deliveries vs. when the ideal loop would deliver. */
  lateness: { p50: number; p99: number; max: number };
}

interface Envelope {
  deadline: number;
  message: Message;
}

interface Endpoint {
  id: string;
  deliver: Deliver;
  heap: Envelope[];
  timer: ReturnType<typeof setTimeout> | undefined;
  /** The envelope the loop sleeps on, or is delivering. */
  busy: boolean;
  /** When the loop last became free to dequeue (ms). */
  freeAt: number;
  closed: boolean;
  /** A pull endpoint (a client): dequeues one message at a time, only while released. */
  pull: boolean;
  /** A pull endpoint that is not waiting: its messages stay queued. */
  held: boolean;
}

/** Options of {@link Network.register}. */
export interface RegisterOptions {
  /**
   * Maelstrom's clients read their queue only inside `recv!`, one message at
   * a time, while they wait for a reply: a pull endpoint starts held, and
   * dequeues (and journals `recv`) only between {@link Network.release} and
   * {@link Network.hold}. Messages that reach it meanwhile stay queued (a
   * late reply is received, and dropped, during the next request; one to a
   * closed client is never received).
   */
  pull?: boolean;
}

interface RawEvent {
  type: "send" | "recv";
  t: number;
  message: Message;
}

/** Draws one latency in whole ms for a server message. */
export function drawLatency(latency: LatencyOptions, random: Random): number {
  const m = latency.mean;
  switch (latency.dist) {
    case "constant":
      return m;
    case "uniform":
      return random.int(0, 2 * m);
    case "exponential":
      return Math.floor(random.exponential(m));
  }
}

function before(a: Envelope, b: Envelope): boolean {
  return a.deadline < b.deadline ||
    (a.deadline === b.deadline && a.message.id < b.message.id);
}

function push(heap: Envelope[], env: Envelope): void {
  heap.push(env);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!before(heap[i], heap[p])) break;
    [heap[i], heap[p]] = [heap[p], heap[i]];
    i = p;
  }
}

function pop(heap: Envelope[]): Envelope | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last !== undefined) {
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l], heap[m])) m = l;
      if (r < heap.length && before(heap[r], heap[m])) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m], heap[i]];
      i = m;
    }
  }
  return top;
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** The simulated network. */
export class Network {
  #endpoints = new Map<string, Endpoint>();
  #partitions = new Map<string, ReadonlySet<string>>();
  #journal: RawEvent[] = [];
  #nextId = 0;
  #latency: LatencyOptions;
  #random: Random;
  #now: () => number;
  #lateness: number[] = [];
  #dropped = 0;

  /**
   * @param options Latency, random source and clock.
   * @example A message from a client is delivered at once
   * ```ts
   * import { Network } from "./network.ts";
   * import assert from "node:assert";
   * const net = new Network({ latency: { mean: 100, dist: "constant" } });
   * const got: unknown[] = [];
   * net.register("n0", (ms) => void got.push(...ms));
   * net.register("c0", () => {});
   * net.send("c0", "n0", { type: "echo" });
   * await new Promise((r) => setTimeout(r, 5));
   * assert.equal(got.length, 1);
   * ```
   */
  constructor(options: NetworkOptions) {
    this.#latency = options.latency;
    this.#random = options.random ?? new Random(0);
    this.#now = options.now ?? (() => performance.now());
  }

  /** The clock (ms). */
  now(): number {
    return this.#now();
  }

  /**
   * Registers an endpoint with its delivery function.
   * @param id Endpoint id (node, client or service).
   * @param deliver Called with due messages, in delivery order.
   * @param options `pull` for a client.
   * @throws {InvalidEndpoint} if the id is already registered.
   */
  register(id: string, deliver: Deliver, options: RegisterOptions = {}): void {
    if (this.#endpoints.has(id)) throw new InvalidEndpoint(`Endpoint already registered: "${id}"`);
    const pull = options.pull ?? false;
    this.#endpoints.set(id, {
      id,
      deliver,
      heap: [],
      timer: undefined,
      busy: false,
      freeAt: 0,
      closed: false,
      pull,
      held: pull,
    });
  }

  /**
   * Lets a pull endpoint dequeue (its client starts waiting for a reply).
   * @param id The endpoint.
   */
  release(id: string): void {
    const ep = this.#endpoints.get(id);
    if (ep === undefined || !ep.held) return;
    ep.held = false;
    if (!ep.busy) {
      ep.freeAt = this.#now();
      this.#pump(ep);
    }
  }

  /**
   * Stops a pull endpoint's dequeuing (its client stopped waiting).
   * @param id The endpoint.
   */
  hold(id: string): void {
    const ep = this.#endpoints.get(id);
    if (ep !== undefined && ep.pull) ep.held = true;
  }

  /**
   * Removes an endpoint; its queued messages are discarded and later sends
   * to it are refused.
   * @param id The endpoint.
   */
  unregister(id: string): void {
    const ep = this.#endpoints.get(id);
    if (ep === undefined) return;
    ep.closed = true;
    clearTimeout(ep.timer);
    ep.heap.length = 0;
    this.#endpoints.delete(id);
  }

  /** Whether `id` is registered now. */
  has(id: string): boolean {
    return this.#endpoints.has(id);
  }

  /**
   * Sets the partitions: `grudge[dest]` = sources `dest` ignores.
   * @param grudge The new partitions (replaces the old ones).
   */
  partition(grudge: ReadonlyMap<string, ReadonlySet<string>>): void {
    this.#partitions = new Map(grudge);
  }

  /** Removes every partition. */
  heal(): void {
    this.#partitions = new Map();
  }

  /**
   * Sends a message (harness.md §3.1): assigns the next global id, checks
   * both endpoints, draws the latency (0 if either end is a client), journals
   * the send and queues it at the destination.
   * @param src Sender id.
   * @param dest Receiver id.
   * @param body Message body.
   * @returns The message.
   * @throws {InvalidEndpoint} if `src` or `dest` is not registered.
   */
  send(src: string, dest: string, body: Record<string, unknown>): Message {
    if (!this.#endpoints.has(src)) throw new InvalidEndpoint(`Invalid source: "${src}"`);
    const ep = this.#endpoints.get(dest);
    if (ep === undefined) throw new InvalidEndpoint(`Invalid dest: "${dest}"`);
    const message: Message = { id: this.#nextId++, src, dest, body };
    const now = this.#now();
    const client = src.startsWith("c") || dest.startsWith("c");
    const latency = client ? 0 : drawLatency(this.#latency, this.#random);
    this.#journal.push({ type: "send", t: now, message });
    push(ep.heap, { deadline: now + latency, message });
    if (!ep.busy) this.#pump(ep);
    return message;
  }

  #pump(ep: Endpoint): void {
    const batch: Message[] = [];
    let now = this.#now();
    while (!ep.closed && !ep.held && ep.heap.length > 0) {
      if (ep.pull && batch.length > 0) break;
      const env = pop(ep.heap)!;
      if (this.#partitions.get(ep.id)?.has(env.message.src)) {
        this.#dropped++;
        continue;
      }
      // Maelstrom sleeps `(long dt)`: whole ms, rounded down, so a message
      // less than 1 ms from its deadline goes out at once.
      const wait = Math.floor(env.deadline - now);
      if (wait > 0) {
        if (batch.length > 0) {
          // Deliver what is due first; this envelope goes back to the head.
          push(ep.heap, env);
          break;
        }
        ep.busy = true;
        const ideal = now + wait;
        ep.timer = setTimeout(() => {
          ep.timer = undefined;
          const at = this.#now();
          this.#lateness.push(Math.max(0, at - ideal));
          this.#deliver(ep, [env.message], at);
        }, wait);
        return;
      }
      this.#lateness.push(Math.max(0, now - Math.max(env.deadline - 1, ep.freeAt)));
      batch.push(env.message);
    }
    if (batch.length > 0) {
      this.#deliver(ep, batch, now);
      return;
    }
    now = this.#now();
    ep.busy = false;
    ep.freeAt = now;
  }

  #deliver(ep: Endpoint, messages: Message[], at: number): void {
    if (ep.closed) return;
    ep.busy = true;
    for (const message of messages) this.#journal.push({ type: "recv", t: at, message });
    let result: void | Promise<void>;
    try {
      result = ep.deliver(messages);
    } catch {
      result = undefined;
    }
    const next = () => {
      ep.freeAt = this.#now();
      ep.busy = false;
      this.#pump(ep);
    };
    if (result instanceof Promise) result.then(next, next);
    else next();
  }

  /**
   * The journal, with times in ns relative to `originMs`.
   * @param originMs The clock value (ms) that becomes time 0.
   * @returns Every send and recv event in order.
   */
  journal(originMs: number): JournalEvent[] {
    return this.#journal.map((e) => ({
      type: e.type,
      time: Math.round((e.t - originMs) * 1e6),
      message: e.message,
    }));
  }

  /** Number of journal events so far. */
  get journalSize(): number {
    return this.#journal.length;
  }

  /** Delivery counts and lateness quantiles. */
  stats(): DeliveryStats {
    const sorted = Float64Array.from(this.#lateness).sort();
    const arr = Array.from(sorted);
    return {
      delivered: arr.length,
      dropped: this.#dropped,
      lateness: { p50: quantile(arr, 0.5), p99: quantile(arr, 0.99), max: quantile(arr, 1) },
    };
  }

  /** Forgets the lateness and drop figures so far (e.g. those of the setup phase). */
  resetStats(): void {
    this.#lateness = [];
    this.#dropped = 0;
  }

  /** Stops every loop and clears every queue. */
  close(): void {
    for (const id of [...this.#endpoints.keys()]) this.unregister(id);
  }
}

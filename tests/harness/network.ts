/**
 * The simulated network, after Maelstrom's `src/maelstrom/net.clj`: an
 * endpoint registry, global message ids, latency rules, partitions, a
 * journal of send/recv events, and one single-consumer delivery loop per
 * endpoint with a dequeue-time partition check and a head-of-line sleep,
 * exactly like Maelstrom's:
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
 *
 * **Pipe transit.** In Maelstrom a node's messages also cross the JVM:
 * a thread reads the node's stdout (parse, check, journal `send`), and the
 * destination's delivery thread writes its stdin. A thread that was
 * blocked wakes late, sometimes by milliseconds, so even at `--latency 0`
 * a message takes time. Measured with the `probe` fixture node (round
 * trips on the node's own clock; `tests/compare/timing.ts` reads them from
 * stored runs) under `-w echo --node-count 3 --time-limit 10` (at `--rate 50`,
 * and at `--rate 400 --concurrency 12`), and with our
 * Raft `lin-kv` node (client ops, `--node-count 3 --concurrency 2n --rate
 * 100 --time-limit 20`), one after another on our idle 2-core machine,
 * p50 / p90 / p99 (mean) in ms:
 *
 * | round trip                   | Maelstrom                | bench alone              | bench + model             |
 * | ---------------------------- | ------------------------ | ------------------------ | ------------------------- |
 * | node → lin-kv → node, 50/s   | 0.79 / 2.7 / 7.2 (1.29)  | 0.24 / 0.59 / 1.6 (0.34) | 0.60 / 4.0 / 9.3 (1.59)   |
 * | node → node → node, 50/s     | 1.82 / 5.2 / 9.9 (2.61)  | 0.72 / 1.37 / 4.5 (0.96) | 2.28 / 7.1 / 12.2 (3.16)  |
 * | node → node → node, 400/s    | 0.70 / 2.7 / 9.2 (1.27)  | 0.46 / 1.14 / 6.8 (0.76) | 4.03 / 9.9 / 19.3 (4.84)  |
 * | Raft lin-kv client op, 100/s | 2.12 / 5.7 / 14.0 (3.01) | 1.13 / 2.29 / 5.8 (1.37) | 2.57 / 8.0 / 16.0 (3.56)  |
 *
 * So every message a node sends crosses its *out pipe* and every delivery
 * to a node its *in pipe*; a crossing is slow with probability
 * {@link TransitModel.p} (else instant), taking {@link TransitModel.base}
 * ms plus an exponential with mean {@link TransitModel.mean} ms
 * ({@link MAELSTROM_TRANSIT}). A crossing is a thread's wake-up, not a
 * toll per message: a message written while the out pipe still holds
 * others leaves with them, and a delivery loop that was blocked (idle, or
 * asleep until a deadline) waits once, then delivers what is due and what
 * comes meanwhile without waiting again. (An earlier model drew a wait per
 * message, in order, so waits piled up with load: Raft ops took four to
 * six times Maelstrom's.) Both pipes stay in order, and a slow in crossing
 * holds the destination's loop (a client's request waits behind it).
 * One more wait makes the idle case: after 30 ms in which the network
 * carried no message at all, the next delivery to a node wakes 1 ms later
 * on top ({@link TransitModel.cold}), as an idle machine's threads wake
 * slowly. Echo at `--rate 10` (one node, three runs each) gave client ops
 * of 3.42 / 6.55 / 11.4 ms on Maelstrom, 1.49 / 5.43 / 8.0 on the bench
 * without this wait and 3.99 / 6.99 / 11.1 with it; at 50 ops a second
 * and more the network is never that quiet, and the figures above hold.
 * Clients and services have no pipes. Timers work in whole milliseconds,
 * so a crossing is instant or ≥ 1 ms (Deno's timers fire ~1 ms late on
 * top): the model keeps Maelstrom's mean and tail, not its
 * sub-millisecond median.
 *
 * Where the two differ: at hundreds of ops a second Maelstrom's threads
 * hardly ever block and it gets faster, which the model does not copy, so
 * bench latencies are pessimistic there. On a busy machine (two
 * busy-looping processes beside it) Maelstrom's node → lin-kv → node
 * round trip was 1.42 / 7.1 / 18.8 (3.04); the bench slows down there too,
 * its nodes sharing the same cores. A cas built as a read and then a write
 * on lin-kv (`fixtures/lin_kv.ts racy`, `-w lin-kv --node-count 3
 * --concurrency 2n --time-limit 10 --rate 100`) was invalid in 1 of 6 bench
 * runs and none of 6 Maelstrom runs, taken in turns; earlier, at `--rate
 * 50`, Maelstrom caught it in 2 of 27 runs. Crossings are drawn from the
 * run's seeded random source, so a seed gives the same draws for the same
 * sequence of sends.
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

/**
 * How long a message takes to cross a node's pipe (see the module doc): 0
 * with probability `1 − p`, else `base` ms plus an exponential with mean
 * `mean` ms.
 */
export interface TransitModel {
  /** Probability that one crossing is slow. */
  p: number;
  /** Minimum of a slow crossing, ms. */
  base: number;
  /** Mean of the exponential part of a slow crossing, ms. */
  mean: number;
  /**
   * After `after` ms with no message anywhere, a node's delivery thread
   * wakes `wait` ms later on top (a machine gone idle wakes slowly).
   */
  cold?: { after: number; wait: number };
}

/**
 * The crossing delays fitted to the real Maelstrom's round trips at
 * `--latency 0` on an idle 2-core machine (module doc): 15 % of crossings
 * slow, 1 ms + Exp(1.5 ms); 1 ms more after 30 ms of quiet.
 */
export const MAELSTROM_TRANSIT: Readonly<TransitModel> = {
  p: 0.15,
  base: 1,
  mean: 1.5,
  cold: { after: 30, wait: 1 },
};

/**
 * Reads a transit model from the environment's `MAELSTROM_TS_TRANSIT`, a
 * knob for measuring the bench itself: `off` for no crossings, or
 * `p,base,mean` (without the cold wait). Unset or empty gives
 * {@link MAELSTROM_TRANSIT}.
 * @param value The variable's value.
 * @returns The model, or `null` for none.
 * @throws {RangeError} on anything else, naming the variable.
 */
export function parseTransit(value: string | undefined): Readonly<TransitModel> | null {
  if (value === undefined || value === "") return MAELSTROM_TRANSIT;
  if (value === "off") return null;
  const parts = value.split(",").map(Number);
  const [p, base, mean] = parts;
  if (parts.length !== 3 || !(p >= 0 && p <= 1) || !(base >= 0) || !(mean >= 0)) {
    throw new RangeError(
      `MAELSTROM_TS_TRANSIT must be "off" or "p,base,mean" (0 ≤ p ≤ 1, ms ≥ 0), not "${value}"`,
    );
  }
  return { p, base, mean };
}

/** Time and timers of a {@link Network} (e.g. core's `FakeClock` in tests). */
export interface NetworkClock {
  /** Monotonic ms. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/** Options of a {@link Network}. */
export interface NetworkOptions {
  latency: LatencyOptions;
  random?: Random;
  /** Clock and timers; default `performance.now` and the global timers. */
  clock?: NetworkClock;
  /** Monotonic clock in ms, overriding `clock.now`. */
  now?: () => number;
  /**
   * Pipe crossing delays of node endpoints; default
   * {@link MAELSTROM_TRANSIT}; `null` for none (messages between processes
   * then take only the bench's own time).
   */
  transit?: Readonly<TransitModel> | null;
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

/** A message held in its sender's out pipe. */
interface Outgoing {
  /** When it leaves the pipe (ms). */
  at: number;
  dest: Endpoint;
  env: Envelope;
}

interface Endpoint {
  id: string;
  deliver: Deliver;
  heap: Envelope[];
  timer: unknown;
  /** The envelope the loop sleeps on, or is delivering. */
  busy: boolean;
  /** When the loop last became free to dequeue (ms). */
  freeAt: number;
  closed: boolean;
  /** A pull endpoint (a client): dequeues one message at a time, only while released. */
  pull: boolean;
  /** A pull endpoint that is not waiting: its messages stay queued. */
  held: boolean;
  /** A node process: its messages cross pipes (see {@link TransitModel}). */
  node: boolean;
  /** When its out pipe frees (ms): later messages leave no earlier. */
  outFree: number;
  /** A message reached it after the network had been quiet: its next wake-up is cold. */
  cold: boolean;
  /** Messages in its out pipe, in order. */
  out: Outgoing[];
  outTimer: unknown;
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
  /**
   * A Maelstrom service (in-process: no pipes). An endpoint that is not a
   * service, not a pull endpoint and not a client id (`c…`) is a node
   * process.
   */
  service?: boolean;
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

/**
 * Draws one pipe crossing in ms (0 or ≥ `base`).
 * @param model The model.
 * @param random The random source.
 * @returns The delay.
 */
export function drawTransit(model: Readonly<TransitModel>, random: Random): number {
  if (random.next() >= model.p) return 0;
  return model.base + random.exponential(model.mean);
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
  #clock: NetworkClock;
  #lateness: number[] = [];
  #dropped = 0;
  #transit: Readonly<TransitModel> | null;
  /** When the network last carried a message (ms). */
  #lastSend = -Infinity;

  /**
   * @param options Latency, random source and clock.
   * @example A message from a client is delivered at once
   * ```ts
   * import { Network } from "./network.ts";
   * import assert from "node:assert";
   * const net = new Network({ latency: { mean: 100, dist: "constant" }, transit: null });
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
    this.#clock = options.clock ?? {
      now: () => performance.now(),
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id as number),
    };
    const clock = this.#clock;
    this.#now = options.now ?? (() => clock.now());
    this.#transit = options.transit === undefined ? MAELSTROM_TRANSIT : options.transit;
  }

  /** The clock (ms). */
  now(): number {
    return this.#now();
  }

  /**
   * Registers an endpoint with its delivery function.
   * @param id Endpoint id (node, client or service).
   * @param deliver Called with due messages, in delivery order.
   * @param options `pull` for a client, `service` for a service.
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
      // Maelstrom tells clients by their id (`c…`), as for latency.
      node: !pull && !(options.service ?? false) && !id.startsWith("c"),
      outFree: 0,
      cold: false,
      out: [],
      outTimer: undefined,
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
    this.#clock.clearTimeout(ep.timer);
    this.#clock.clearTimeout(ep.outTimer);
    ep.heap.length = 0;
    ep.out.length = 0;
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
   * Sends a message (Maelstrom's `net/send!`): assigns the next global id,
   * checks both endpoints, draws the latency (0 if either end is a client),
   * journals the send and queues it at the destination — after the
   * sender's out pipe, if it is a node (module doc).
   * @param src Sender id.
   * @param dest Receiver id.
   * @param body Message body.
   * @returns The message.
   * @throws {InvalidEndpoint} if `src` or `dest` is not registered.
   */
  send(src: string, dest: string, body: Record<string, unknown>): Message {
    const from = this.#endpoints.get(src);
    if (from === undefined) throw new InvalidEndpoint(`Invalid source: "${src}"`);
    const ep = this.#endpoints.get(dest);
    if (ep === undefined) throw new InvalidEndpoint(`Invalid dest: "${dest}"`);
    const message: Message = { id: this.#nextId++, src, dest, body };
    const now = this.#now();
    const cold = this.#transit?.cold;
    if (cold !== undefined && ep.node && now - this.#lastSend >= cold.after) ep.cold = true;
    this.#lastSend = now;
    const client = src.startsWith("c") || dest.startsWith("c");
    const latency = client ? 0 : drawLatency(this.#latency, this.#random);
    this.#journal.push({ type: "send", t: now, message });
    let at = now;
    if (from.node && this.#transit !== null) {
      // The out pipe. Its reader wakes late once, then reads all it finds:
      // a message written while others still wait leaves with them (in
      // order, no new draw), so delays do not pile up under load.
      at = from.out.length > 0 ? from.outFree : now + drawTransit(this.#transit, this.#random);
      from.outFree = at;
    }
    const env: Envelope = { deadline: at + latency, message };
    if (from.out.length > 0 || at - now >= 1) {
      from.out.push({ at, dest: ep, env });
      if (from.out.length === 1) this.#drainOut(from);
    } else this.#enqueue(ep, env);
    return message;
  }

  #enqueue(ep: Endpoint, env: Envelope): void {
    push(ep.heap, env);
    if (!ep.busy) this.#pump(ep, true);
  }

  /** Lets out of `from`'s out pipe what is due (whole ms, like the loop), then waits for the rest. */
  #drainOut(from: Endpoint): void {
    from.outTimer = undefined;
    const now = this.#now();
    while (from.out.length > 0) {
      const wait = Math.floor(from.out[0].at - now);
      if (wait > 0) {
        from.outTimer = this.#clock.setTimeout(() => this.#drainOut(from), wait);
        return;
      }
      const { dest, env } = from.out.shift()!;
      // A destination gone meanwhile (a closed client) never gets it.
      if (dest.closed) this.#dropped++;
      else this.#enqueue(dest, env);
    }
  }

  /**
   * Delivers what is due, or sleeps until the head's deadline.
   * @param woke Whether the loop was blocked (idle, or asleep) until now.
   */
  #pump(ep: Endpoint, woke = false): void {
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
        ep.timer = this.#clock.setTimeout(() => {
          ep.timer = undefined;
          const at = this.#now();
          this.#lateness.push(Math.max(0, at - ideal));
          this.#deliver(ep, [env.message], at, true);
        }, wait);
        return;
      }
      this.#lateness.push(Math.max(0, now - Math.max(env.deadline - 1, ep.freeAt)));
      batch.push(env.message);
    }
    if (batch.length > 0) {
      this.#deliver(ep, batch, now, woke);
      return;
    }
    now = this.#now();
    ep.busy = false;
    ep.freeAt = now;
  }

  #deliver(ep: Endpoint, messages: Message[], at: number, woke: boolean): void {
    if (ep.closed) return;
    ep.busy = true;
    // Journaled before the crossing, as Maelstrom journals before it writes.
    for (const message of messages) this.#journal.push({ type: "recv", t: at, message });
    // The in pipe: a delivery thread that was blocked wakes late, once; it
    // then writes everything due, and what arrives meanwhile follows
    // without a new wait (a busy node is slowed, never throttled).
    const transit = woke && ep.node ? this.#transit : null;
    const stall = transit === null
      ? 0
      : Math.floor(drawTransit(transit, this.#random)) + (ep.cold ? transit.cold?.wait ?? 0 : 0);
    ep.cold = false;
    if (stall > 0) {
      ep.timer = this.#clock.setTimeout(() => {
        ep.timer = undefined;
        this.#handOver(ep, messages);
      }, stall);
      return;
    }
    this.#handOver(ep, messages);
  }

  #handOver(ep: Endpoint, messages: Message[]): void {
    if (ep.closed) return;
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

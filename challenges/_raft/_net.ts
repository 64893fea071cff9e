/**
 * A hand-driven network of {@linkcode Raft} cores for unit tests: time moves
 * only when told, messages move only when delivered, and any link can be cut.
 * @module
 */
import { Random } from "../../tests/harness/random.ts";
import { TUNINGS } from "./profile.ts";
import { type Outgoing, Raft, type RaftOptions, type Timing } from "./raft.ts";

/** A message in flight. */
export interface Flying extends Outgoing<string> {
  from: string;
}

/** Options of {@linkcode Net}. */
export interface NetOptions extends Partial<Omit<RaftOptions, "id" | "nodes" | "timing">> {
  timing?: Partial<Timing>;
  seed?: number;
}

/** Raft cores `n0 … n(size-1)` wired together by hand. */
export class Net {
  readonly ids: string[];
  readonly rafts = new Map<string, Raft<string>>();
  /** Messages sent and not yet delivered or dropped. */
  inflight: Flying[] = [];
  now = 0;
  /** Cut links, `"from>to"`. */
  cut = new Set<string>();
  /** Drops more messages: a lossy link, or a test's scalpel. */
  drop: (m: Flying) => boolean = () => false;

  constructor(size: number, options: NetOptions = {}) {
    this.ids = Array.from({ length: size }, (_, i) => `n${i}`);
    const random = new Random(options.seed ?? 1);
    for (const id of this.ids) {
      const r = random.fork();
      this.rafts.set(
        id,
        new Raft<string>({
          ...options,
          id,
          nodes: this.ids,
          timing: { ...TUNINGS.latency, ...options.timing },
          random: () => r.next(),
        }),
      );
    }
  }

  /** Node `id`. */
  node(id: string): Raft<string> {
    return this.rafts.get(id)!;
  }

  /** Starts every node at the current time. */
  start(): this {
    for (const r of this.rafts.values()) r.start(this.now);
    this.collect();
    return this;
  }

  /** Moves every node's outbox into the air. */
  collect(): void {
    for (const [from, r] of this.rafts) {
      for (const m of r.outbox) this.inflight.push({ ...m, from });
      r.outbox = [];
    }
  }

  /** Takes the messages in flight that match `filter` (all by default), delivering none. */
  take(filter: (m: Flying) => boolean = () => true): Flying[] {
    const taken = this.inflight.filter(filter);
    this.inflight = this.inflight.filter((m) => !filter(m));
    return taken;
  }

  /** Delivers one message (unless its link is cut) and collects what it caused. */
  deliver(m: Flying): void {
    if (!this.cut.has(`${m.from}>${m.to}`) && !this.drop(m)) {
      this.node(m.to).receive(m.from, m.body, this.now);
    }
    this.collect();
  }

  /** Delivers everything in flight, and everything that causes, until the air is empty. */
  settle(): void {
    for (let round = 0; this.inflight.length > 0; round++) {
      if (round > 10_000) throw new Error("Cannot settle: messages keep flowing");
      const batch = this.inflight;
      this.inflight = [];
      for (const m of batch) this.deliver(m);
    }
  }

  /** Moves time forward in steps, ticking every node and settling after each step. */
  advance(ms: number, step = 5): void {
    for (let t = 0; t < ms; t += step) {
      this.now += Math.min(step, ms - t);
      for (const r of this.rafts.values()) r.tick(this.now);
      this.collect();
      this.settle();
    }
  }

  /** Cuts `id` off from every other node, both ways. */
  isolate(id: string): void {
    for (const other of this.ids) {
      if (other !== id) this.cut.add(`${id}>${other}`).add(`${other}>${id}`);
    }
  }

  /** Removes every cut. */
  heal(): void {
    this.cut.clear();
  }

  /** Leaves only the links between `center` and each of `leaves`, both ways. */
  star(center: string, leaves: string[]): void {
    this.cut.clear();
    for (const a of this.ids) {
      for (const b of this.ids) {
        const linked = (a === center && leaves.includes(b)) || (b === center && leaves.includes(a));
        if (a !== b && !linked) this.cut.add(`${a}>${b}`);
      }
    }
  }

  /**
   * Advances time in small steps until `done()` holds.
   * @throws when it does not within `maxMs`
   */
  advanceUntil(done: () => boolean, maxMs = 5000, step = 5): void {
    for (let t = 0; !done(); t += step) {
      if (t > maxMs) throw new Error(`Condition not met within ${maxMs} ms (at ${this.now} ms)`);
      this.advance(step, step);
    }
  }

  /** The nodes that think they lead, with their terms. */
  leaders(): string[] {
    return this.ids.filter((id) => this.node(id).role === "leader").map((id) =>
      `${id}@${this.node(id).term}`
    );
  }
}

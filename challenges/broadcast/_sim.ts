/**
 * A deterministic, in-memory cluster of {@linkcode Broadcaster}s for tests:
 * constant link latency (per-link FIFO), partitions that drop messages on
 * delivery, clients issuing broadcasts and reads at a steady rate, and the
 * node timers. No processes, no clocks: a run of 30 simulated seconds over 25
 * nodes takes well under a second.
 *
 * It does not model Maelstrom's head-of-line delivery; its latency figures
 * are the time until every node holds a value, an upper bound of what the
 * set-full checker reports.
 * @module
 */
import { Broadcaster, type GossipBody } from "./broadcaster.ts";
import { type Profile, type Tuning, TUNINGS } from "./profile.ts";

/** Options of {@linkcode simulate}. */
export interface SimOptions {
  /** Number of nodes. */
  nodes: number;
  /** The profile every node runs. */
  profile: Profile;
  /** Tuning overrides. */
  tuning?: Partial<Tuning>;
  /** One-way node-to-node latency, ms. Default 100. */
  latencyMs?: number;
  /** Client operations per second (half broadcasts, half reads). Default 100. */
  rate?: number;
  /** Length of the main phase, ms. Default 20 000. */
  timeLimitMs?: number;
  /** Recovery time after the main phase (network healed), ms. Default 10 000. */
  recoveryMs?: number;
  /**
   * Who cannot hear whom, as a function of time: `[dest, src]` pairs whose
   * messages are dropped. Only consulted during the main phase.
   */
  partition?: (now: number) => ReadonlySet<string> | undefined;
  /** Seed of the operation schedule. Default 1. */
  seed?: number;
}

/** What a simulated run measured. */
export interface SimResult {
  /** Client operations, final reads included. */
  ops: number;
  /** Node-to-node messages sent (dropped ones included). */
  messages: number;
  /** Of those, resends asking for an answer (recovery). */
  resends: number;
  /** Messages per operation, as Maelstrom's `:net :servers :msgs-per-op`. */
  msgsPerOp: number;
  /** Broadcast values. */
  values: number;
  /** Values some node lacked at the end. */
  missing: number;
  /** Ms after the main phase until the last value reached the last node (≤ 0: before). */
  settledMs: number;
  /** Per value, ms from acknowledgement until every node held it (healthy values only). */
  spread: { median: number; max: number };
  /** The same over every value of the main phase, partitions included. */
  spreadAll: { median: number; max: number };
}

/** Seeded uniform random numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Event {
  at: number;
  order: number;
  run: () => void;
}

/** A binary min-heap of events by time, then insertion order. */
class Queue {
  #heap: Event[] = [];
  #order = 0;

  push(at: number, run: () => void): void {
    const h = this.#heap;
    h.push({ at, order: this.#order++, run });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  pop(): Event | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < h.length && less(h[l], h[m])) m = l;
        if (r < h.length && less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}

function less(a: Event, b: Event): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** Runs a cluster and reports messages per operation, losses and spread times. */
export function simulate(options: SimOptions): SimResult {
  const latency = options.latencyMs ?? 100;
  const rate = options.rate ?? 100;
  const limit = options.timeLimitMs ?? 20_000;
  const recovery = options.recoveryMs ?? 10_000;
  const tuning = { ...TUNINGS[options.profile], ...options.tuning };
  const rand = random(options.seed ?? 1);
  const ids = Array.from({ length: options.nodes }, (_, i) => `n${i}`);
  const nodes = new Map(
    ids.map((self) => [
      self,
      new Broadcaster({ self, nodeIds: ids, profile: options.profile, tuning }),
    ]),
  );
  const queue = new Queue();
  let now = 0;
  let messages = 0;
  let resends = 0;
  let ops = 0;
  const acked = new Map<number, number>();
  const everywhere = new Map<number, number>();
  const holders = new Map<number, number>();
  const healthy = new Set<number>();

  const held = new Map<string, Set<number>>(ids.map((id) => [id, new Set()]));
  const learn = (id: string) => {
    const set = held.get(id)!;
    for (const v of nodes.get(id)!.read()) {
      if (set.has(v)) continue;
      set.add(v);
      const count = (holders.get(v) ?? 0) + 1;
      holders.set(v, count);
      if (count === ids.length) everywhere.set(v, now);
    }
  };
  const armed = new Set<string>();
  const schedule = (id: string) => {
    const node = nodes.get(id)!;
    const due = node.roundDue;
    if (armed.has(id) || due === undefined) return;
    armed.add(id);
    queue.push(Math.max(now, due), () => {
      armed.delete(id);
      send(id, node.round());
      schedule(id);
    });
  };
  const send = (src: string, out: { dest: string; body: GossipBody }[]) => {
    for (const { dest, body } of out) {
      messages++;
      if (body.ack) resends++;
      const copy = JSON.parse(JSON.stringify(body)) as GossipBody;
      queue.push(now + latency, () => {
        if (now < limit && options.partition?.(now)?.has(`${dest} ${src}`)) return;
        send(dest, nodes.get(dest)!.receive(src, copy, now));
        learn(dest);
        schedule(dest);
      });
    }
  };

  for (const id of ids) {
    const node = nodes.get(id)!;
    const every = (ms: number, task: () => void) => {
      const loop = () => {
        task();
        queue.push(now + ms, loop);
      };
      queue.push(ms, loop);
    };
    every(tuning.tickMs, () => send(id, node.tick(now)));
  }

  let next = 0;
  const client = () => {
    if (now >= limit) return;
    ops++;
    const id = ids[Math.floor(rand() * ids.length)];
    if (rand() < 0.5) {
      const value = next++;
      acked.set(value, now);
      if (!options.partition?.(now)?.size) healthy.add(value);
      send(id, nodes.get(id)!.broadcast(value, now));
      learn(id);
      schedule(id);
    }
    queue.push(now + rand() * 2000 / rate, client);
  };
  queue.push(0, client);

  const end = limit + recovery;
  for (let e = queue.pop(); e !== undefined && e.at <= end; e = queue.pop()) {
    now = e.at;
    e.run();
  }
  ops += ids.length;
  let missing = 0;
  for (const value of acked.keys()) {
    if (ids.some((id) => !held.get(id)!.has(value))) missing++;
  }
  const spreads = [...healthy].filter((v) => acked.get(v)! < limit - 2000).map((v) =>
    (everywhere.get(v) ?? Infinity) - acked.get(v)!
  ).sort((a, b) => a - b);
  const all = [...acked].filter(([, at]) => at < limit - 2000).map(([v, at]) =>
    (everywhere.get(v) ?? Infinity) - at
  ).sort((a, b) => a - b);
  return {
    ops,
    messages,
    resends,
    msgsPerOp: messages / ops,
    values: acked.size,
    missing,
    settledMs: Math.max(-Infinity, ...everywhere.values()) - limit,
    spread: { median: quantile(spreads, 0.5), max: quantile(spreads, 1) },
    spreadAll: { median: quantile(all, 0.5), max: quantile(all, 1) },
  };
}

/**
 * A Maelstrom-like partition schedule: alternating partitions and healthy
 * gaps of uniform 0–20 s, starting at once, each partition one of `one`
 * (a node cut off), `majority` (halves), `minority-third` or a random
 * `ring` where each node hears only some others.
 *
 * @param ids the node ids
 * @param seed the random seed
 * @returns the schedule, for {@linkcode SimOptions.partition}
 */
export function nemesis(
  ids: readonly string[],
  seed: number,
  horizonMs = 60_000,
): (now: number) => ReadonlySet<string> | undefined {
  const rand = random(seed);
  const spans: { from: number; to: number; cut: Set<string> }[] = [];
  const shuffled = () => {
    const a = [...ids];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const split = (a: readonly string[], b: readonly string[], cut: Set<string>) => {
    for (const x of a) {
      for (const y of b) cut.add(`${x} ${y}`).add(`${y} ${x}`);
    }
  };
  for (let t = 0; t < horizonMs;) {
    const length = rand() * 20_000;
    const cut = new Set<string>();
    const a = shuffled();
    const kind = Math.floor(rand() * 4);
    if (kind === 0) split(a.slice(0, 1), a.slice(1), cut);
    else if (kind === 1) split(a.slice(0, a.length >> 1), a.slice(a.length >> 1), cut);
    else if (kind === 2) {
      const k = Math.floor((a.length - 1) / 3);
      split(a.slice(0, k), a.slice(k), cut);
    } else {
      const m = (a.length >> 1) + 1;
      for (let i = 0; i < a.length; i++) {
        for (let j = 0; j < a.length; j++) {
          const d = Math.min((i - j + a.length) % a.length, (j - i + a.length) % a.length);
          if (d > (m >> 1)) cut.add(`${a[i]} ${a[j]}`);
        }
      }
    }
    spans.push({ from: t, to: t + length, cut });
    t += length + rand() * 20_000;
  }
  return (now) => spans.find((s) => s.from <= now && now < s.to)?.cut;
}

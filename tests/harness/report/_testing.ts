/**
 * A synthetic broadcast run (history and journal) for report tests and
 * previews: nodes gossiping every new element to their grid neighbours,
 * partitions that drop gossip, timeouts and a final read phase.
 * @module
 */

import type { JournalEvent, Message, Op, Process } from "../history.ts";

/** Options of {@linkcode syntheticRun}. */
export interface SyntheticOptions {
  /** Seconds of main phase (default 30). */
  seconds?: number;
  /** Client ops per second (default 40). */
  rate?: number;
  /** Node count (default 5). */
  nodes?: number;
  /** Seed (default 1). */
  seed?: number;
}

/** A synthetic run. */
export interface SyntheticRun {
  history: Op[];
  journal: JournalEvent[];
  nodes: string[];
}

/**
 * Simulates a broadcast run in memory.
 *
 * @param options Length, rate, node count, seed.
 * @returns The history and journal.
 */
export function syntheticRun(options: SyntheticOptions = {}): SyntheticRun {
  const seconds = options.seconds ?? 30, rate = options.rate ?? 40, n = options.nodes ?? 5;
  let seed = options.seed ?? 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
  const nodes = Array.from({ length: n }, (_, i) => `n${i}`);
  const ms = 1e6;
  const partitions: Array<[number, number, string]> = [
    [seconds * 0.2, seconds * 0.4, "majority"],
    [seconds * 0.65, seconds * 0.75, "one"],
  ];
  const partitioned = (t: number, a: string, b: string) =>
    partitions.some(([s, e]) =>
      t >= s * 1e3 * ms && t < e * 1e3 * ms && (Number(a.slice(1)) % 2) !== (Number(b.slice(1)) % 2)
    );

  type Ev = { time: number; seq: number; type: "send" | "recv"; message: Message } | {
    time: number;
    seq: number;
    op: Omit<Op, "index">;
  };
  const evs: Ev[] = [];
  let seq = 0, msgId = 0;
  const msg = (
    time: number,
    src: string,
    dest: string,
    body: Record<string, unknown>,
    delay: number,
    drop = false,
  ) => {
    const message = { id: msgId++, src, dest, body };
    evs.push({ time, seq: seq++, type: "send", message });
    if (!drop) evs.push({ time: time + delay, seq: seq++, type: "recv", message });
  };
  const op = (o: Omit<Op, "index">) => evs.push({ time: o.time, seq: seq++, op: o });

  nodes.forEach((node, i) => {
    msg(-50 * ms, `c${i}`, node, { type: "init", msg_id: 1, node_id: node, node_ids: nodes }, 0);
    msg(-49 * ms, node, `c${i}`, { type: "init_ok", in_reply_to: 1 }, 0);
  });
  const known = nodes.map(() => new Set<number>());
  const neighbours = (i: number) => [i - 1, i + 1].filter((j) => j >= 0 && j < n);
  let value = 0;
  const procs: Process[] = nodes.map((_, i) => i);
  const clients = nodes.map((_, i) => `c${n + i}`);
  let nextClient = 2 * n;
  for (let t = 0; t < seconds * 1e3; t += 1e3 / rate * (0.5 + rand())) {
    const thread = Math.floor(rand() * n);
    const node = nodes[thread], client = clients[thread], p = procs[thread];
    const time = Math.round(t * ms);
    if (rand() < 0.5) {
      const v = value++;
      op({ time, type: "invoke", process: p, f: "broadcast", value: v });
      msg(time, client, node, { type: "broadcast", message: v, msg_id: 1 }, 0);
      known[thread].add(v);
      for (const j of neighbours(thread)) {
        msg(
          time + 0.1 * ms,
          node,
          nodes[j],
          { type: "gossip", message: v },
          100 * ms,
          partitioned(time, node, nodes[j]),
        );
        if (!partitioned(time, node, nodes[j])) known[j].add(v);
      }
      if (partitioned(time, node, node === "n0" ? "n1" : "n0") && rand() < 0.08) {
        op({
          time: time + 5000 * ms,
          type: "info",
          process: p,
          f: "broadcast",
          value: v,
          error: "net-timeout",
        });
        procs[thread] = (p as number) + n;
        clients[thread] = `c${nextClient++}`;
      } else {
        const lat = (0.2 + rand() * 2) * ms;
        msg(time + lat * 0.9, node, client, { type: "broadcast_ok", in_reply_to: 1 }, 0);
        op({ time: time + lat, type: "ok", process: p, f: "broadcast", value: v });
      }
    } else {
      op({ time, type: "invoke", process: p, f: "read", value: null });
      msg(time, client, node, { type: "read", msg_id: 1 }, 0);
      const lat = (0.2 + rand() * 3) * ms;
      if (rand() < 0.03) {
        msg(time + lat * 0.9, node, client, { type: "error", code: 11, text: "not ready" }, 0);
        op({
          time: time + lat,
          type: "fail",
          process: p,
          f: "read",
          value: null,
          error: ["temporarily-unavailable", "not ready"],
          code: 11,
        });
      } else {
        const messages = [...known[thread]];
        msg(time + lat * 0.9, node, client, { type: "read_ok", messages }, 0);
        op({ time: time + lat, type: "ok", process: p, f: "read", value: messages });
      }
    }
  }
  for (const [s, e, spec] of partitions) {
    const a = Math.round(s * 1e9), b = Math.round(e * 1e9);
    op({ time: a, type: "info", process: "nemesis", f: "start-partition", value: spec });
    op({
      time: a + 1e5,
      type: "info",
      process: "nemesis",
      f: "start-partition",
      value: ["isolated", {}],
    });
    op({ time: b, type: "info", process: "nemesis", f: "stop-partition", value: null });
    op({
      time: b + 1e5,
      type: "info",
      process: "nemesis",
      f: "stop-partition",
      value: "network-healed",
    });
  }
  // Final reads: every node knows everything.
  const end = Math.round((seconds + 10) * 1e9);
  nodes.forEach((node, i) => {
    const all = [...Array(value).keys()];
    op({ time: end, type: "invoke", process: procs[i], f: "read", value: null, final: true });
    msg(end, clients[i], node, { type: "read", msg_id: 2 }, 0);
    msg(end + 0.5 * ms, node, clients[i], { type: "read_ok", messages: all }, 0);
    op({ time: end + ms, type: "ok", process: procs[i], f: "read", value: all, final: true });
  });

  evs.sort((a, b) => a.time - b.time || a.seq - b.seq);
  const history: Op[] = [];
  const journal: JournalEvent[] = [];
  for (const e of evs) {
    if ("op" in e) history.push({ ...e.op, index: history.length });
    else journal.push({ type: e.type, time: e.time, message: e.message });
  }
  return { history, journal, nodes };
}

/**
 * A deterministic simulation of a Raft cluster serving lin-kv-like clients
 * over a hostile network (random delays, reordering, drops, partitions that
 * come and go), for tests. Time is simulated: a run of a minute takes a
 * fraction of a second. Every step is checked against Raft's safety
 * properties, and the client history is checked for linearizability with
 * the bench's own checker.
 * @module
 */
import { linearizableKv } from "../../tests/harness/checkers/linearizable.ts";
import type { Op, Validity } from "../../tests/harness/history.ts";
import { Random } from "../../tests/harness/random.ts";
import type { OutBody } from "../../mod.ts";
import { type Tuning, TUNINGS } from "./profile.ts";
import type { Unsafe } from "./raft.ts";
import { type Answer, type Outgoing, Replica, type StateMachine } from "./replica.ts";

/** Options of {@linkcode simulate}. */
export interface SimOptions {
  nodes?: number;
  seed?: number;
  /** Simulated run length, ms (default 20 000). */
  timeMs?: number;
  /** Client ops per second, all clients together (default 100). */
  rate?: number;
  /** One-way delay of a message between nodes, drawn uniformly from [min, max] ms (default [0, 2]). */
  delay?: [number, number];
  /** Probability that a message between nodes is lost (default 0). */
  drop?: number;
  /** Mean time between network changes (cut, heal), ms; 0: no partitions (default 0). */
  partitionMs?: number;
  /** Keys the clients use at a time (default 2). */
  keys?: number;
  /**
   * Clients move on to fresh keys this often, ms (default 3000), as
   * Maelstrom's generator does after enough ops on a key: short per-key
   * histories keep the linearizability check decisive.
   */
  keyMs?: number;
  tuning?: Tuning;
  unsafe?: Unsafe & { noDedupe?: boolean };
  firstLeader?: string | null;
  /** Client timeout, ms (default 1000). */
  clientTimeoutMs?: number;
  /**
   * Review: how delays are drawn. `uniform` (default) from `delay`;
   * `exponential`: `delay[0]` plus an exponential of mean `delay[1]` (long
   * tails, heavy reordering, as the bench's `--latency-dist exponential`).
   */
  delayDist?: "uniform" | "exponential";
  /**
   * Review: stalls of one node at a time (a process whose event loop stops:
   * its messages, timers and client requests wait, then run in a burst).
   * `everyMs`: mean gap between stalls; `lenMs`: a stall's length, uniform.
   * `timerFirst`: at the end of a stall the node's timer runs before it
   * reads the messages that waited (the worst case for "nobody answered").
   */
  pauses?: { everyMs: number; lenMs: [number, number]; timerFirst?: boolean };
  /**
   * Review: each node's clock runs at this rate of real time (index by
   * node; default 1). The lease assumes equal rates (README: Reads).
   */
  clockRates?: number[];
  /** Review: a line per event, for debugging a failing seed. */
  trace?: (line: string) => void;
}

/** What a run produced. */
export interface SimResult {
  history: Op[];
  /** Broken safety properties, described (empty when all held). */
  violations: string[];
  /** The linearizability verdict of the history. */
  linearizable: Validity;
  /** Why it is not linearizable (the checker's explanation of the first bad key). */
  explanation?: string;
  ops: number;
  ok: number;
  fail: number;
  info: number;
  /** Messages between nodes per client op. */
  msgsPerOp: number;
  /** Review: writes the client timed out on (`info`) that were committed all the same. */
  infoCommitted: number;
  /** Leaders elected, by term. */
  leaders: Map<number, string>;
}

type Cmd = { f: "write"; key: number; value: number } | {
  f: "cas";
  key: number;
  from: number;
  to: number;
};

/** The lin-kv registers, for the simulation (the module itself knows no workload). */
class Registers implements StateMachine<Cmd, { key: number }, OutBody> {
  #v = new Map<number, number>();
  apply(c: Cmd): OutBody {
    if (c.f === "write") {
      this.#v.set(c.key, c.value);
      return { type: "write_ok" };
    }
    const cur = this.#v.get(c.key);
    if (cur === undefined) return { type: "error", code: 20 };
    if (cur !== c.from) return { type: "error", code: 22 };
    this.#v.set(c.key, c.to);
    return { type: "cas_ok" };
  }
  query(q: { key: number }): OutBody {
    const v = this.#v.get(q.key);
    return v === undefined ? { type: "error", code: 20 } : { type: "read_ok", value: v };
  }
}

interface Client {
  id: string;
  node: string;
  reader: boolean;
  process: number;
  seq: number;
  /** The open op, if any. */
  open?: { invoke: Op; f: string; key: number; arg: unknown; timeout: number };
}

type Event =
  | { kind: "deliver"; to: string; from: string; body: Outgoing<Cmd, { key: number }>["body"] }
  | { kind: "wake"; node: string }
  | { kind: "op"; client: number }
  | { kind: "timeout"; client: number; seq: number }
  | { kind: "net" }
  | { kind: "pause" }
  | { kind: "resume"; node: string };

/** A binary min-heap of timed events (ties in insertion order). */
class Queue {
  #heap: Array<{ at: number; n: number; e: Event }> = [];
  #n = 0;
  push(at: number, e: Event): void {
    const h = this.#heap;
    h.push({ at, n: this.#n++, e });
    for (let i = h.length - 1; i > 0;) {
      const p = (i - 1) >> 1;
      if (!less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }
  pop(): { at: number; e: Event } | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      h[0] = last;
      for (let i = 0;;) {
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
const less = (a: { at: number; n: number }, b: { at: number; n: number }) =>
  a.at < b.at || (a.at === b.at && a.n < b.n);

/**
 * Runs one simulation.
 *
 * @example
 * ```ts
 * import { simulate } from "./_sim.ts";
 * const r = simulate({ nodes: 3, seed: 1, timeMs: 2000 });
 * console.assert(r.violations.length === 0 && r.linearizable === true);
 * ```
 */
export function simulate(options: SimOptions = {}): SimResult {
  const n = options.nodes ?? 3;
  const random = new Random(options.seed ?? 1);
  const timeMs = options.timeMs ?? 20_000;
  const [dMin, dMax] = options.delay ?? [0, 2];
  const drop = options.drop ?? 0;
  const keys = options.keys ?? 2;
  const clientTimeout = options.clientTimeoutMs ?? 1000;
  const ids = Array.from({ length: n }, (_, i) => `n${i}`);
  const q = new Queue();
  let now = 0;
  // Review: each node's own clock (rate × real time), and back.
  const rate = (id: string) => options.clockRates?.[ids.indexOf(id)] ?? 1;
  const local = (id: string) => now * rate(id);
  const real = (id: string, t: number) => rate(id) === 1 ? t : t / rate(id) + 1e-6;
  // Review: stalled nodes, and what waits for each.
  const pausedUntil = new Map<string, number>();
  const backlog = new Map<string, Array<() => void>>();
  const whenAwake = (id: string, run: () => void) => {
    if ((pausedUntil.get(id) ?? -Infinity) > now) backlog.get(id)!.push(run);
    else run();
  };
  const tickDue = new Set<string>();

  const replicas = new Map<string, Replica<Cmd, { key: number }, OutBody>>();
  const wakeAt = new Map<string, number>();
  for (const id of ids) {
    const r = random.fork();
    replicas.set(
      id,
      new Replica({
        id,
        nodes: ids,
        tuning: options.tuning ?? TUNINGS.latency,
        machine: new Registers(),
        random: () => r.next(),
        firstLeader: options.firstLeader,
        unsafe: options.unsafe,
      }),
    );
  }

  // ------------------------------------------------------- safety checks
  const violations: string[] = [];
  const leaders = new Map<number, string>();
  const committed: string[] = []; // index → "term:data" of the entry first seen committed there
  const commitTerm: number[] = []; // index → the term in which it was first seen committed
  const commitSeen = new Map<string, number>();
  const entryKey = (r: Replica<Cmd, { key: number }, OutBody>, i: number) => {
    const e = r.raft.log.entry(i);
    return `${e.term}:${JSON.stringify(e.data)}`;
  };
  const trace = options.trace;
  const check = (id: string) => {
    const r = replicas.get(id)!;
    trace?.(
      `${
        now.toFixed(2)
      } ${id} state term=${r.raft.term} role=${r.raft.role} voted=${r.raft.votedFor} leader=${r.raft.leader} last=${r.raft.log.lastIndex}/${r.raft.log.lastTerm} commit=${r.raft.commitIndex}`,
    );
    for (const c of r.raft.changes) {
      if (c.role !== "leader") continue;
      const other = leaders.get(c.term);
      if (other !== undefined && other !== id) {
        violations.push(`election safety: ${other} and ${id} both leaders of term ${c.term}`);
      }
      leaders.set(c.term, id);
      // Leader completeness: every entry committed in an earlier term is in
      // the new leader's log. (Review: not "so far": a node stalled while it
      // won an old term's election may become that term's leader late.)
      for (let i = 1; i < committed.length; i++) {
        if (commitTerm[i] >= c.term) continue;
        if (i > r.raft.log.lastIndex || entryKey(r, i) !== committed[i]) {
          violations.push(
            `leader completeness: ${id}, leader of term ${c.term}, lacks committed entry ${i}`,
          );
          break;
        }
      }
    }
    r.raft.changes = [];
    const from = commitSeen.get(id) ?? 0;
    for (let i = from + 1; i <= r.raft.commitIndex; i++) {
      const k = entryKey(r, i);
      if (committed[i] === undefined) committed[i] = k, commitTerm[i] = r.raft.term;
      else if (committed[i] !== k) {
        violations.push(
          `state machine safety: ${id} committed ${k} at ${i}, others ${committed[i]}`,
        );
      }
    }
    commitSeen.set(id, r.raft.commitIndex);
  };
  const checkLogMatching = () => {
    for (const a of ids) {
      for (const b of ids) {
        if (a >= b) continue;
        const la = replicas.get(a)!.raft.log, lb = replicas.get(b)!.raft.log;
        let i = Math.min(la.lastIndex, lb.lastIndex);
        while (i > 0 && la.termAt(i) !== lb.termAt(i)) i--;
        for (let j = i; j > 0; j--) {
          if (JSON.stringify(la.entry(j)) !== JSON.stringify(lb.entry(j))) {
            violations.push(`log matching: ${a} and ${b} agree at ${i} but differ at ${j}`);
            return;
          }
        }
      }
    }
  };

  // Review: a leader that may read under its lease holds the highest commit
  // index of the cluster (a newer leader commits above the old one's no-op).
  const checkLease = () => {
    for (const l of ids) {
      const lr = replicas.get(l)!.raft;
      if (lr.role !== "leader" || !lr.canRead(local(l))) continue;
      for (const x of ids) {
        const xr = replicas.get(x)!.raft;
        if (xr.commitIndex > lr.commitIndex) {
          violations.push(
            `lease: ${l} (term ${lr.term}) may read at commit ${lr.commitIndex}, but ${x} (term ${xr.term}) has committed ${xr.commitIndex}`,
          );
        }
      }
    }
  };
  // Review: what each request was, and every answer it got.
  const kinds = new Map<string, string>();
  const answered = new Map<string, string>();
  const refusedWrites = new Set<string>();
  const noteAnswer = (a: Answer<OutBody>) => {
    const k = `${a.client}:${a.seq}`, f = kinds.get(k);
    if (f === undefined || f === "read") return; // reads may see different states, or fail
    const said = JSON.stringify(a.result ?? { unavailable: true });
    if (a.unavailable !== undefined) refusedWrites.add(k);
    const before = answered.get(k);
    if (before === undefined) answered.set(k, said);
    else if (before !== said) {
      violations.push(`two answers to ${f} ${k}: ${before} and ${said}`);
    }
  };
  const timedOut = new Set<string>();
  let infoCommitted = 0;
  const checkDefiniteErrors = () => {
    let best = replicas.get(ids[0])!.raft;
    for (const id of ids) {
      const r = replicas.get(id)!.raft;
      if (r.commitIndex > best.commitIndex) best = r;
    }
    for (let i = 1; i <= best.commitIndex; i++) {
      const d = best.log.entry(i).data;
      if (d !== null && timedOut.delete(`${d.client}:${d.seq}`)) infoCommitted++;
      if (d !== null && refusedWrites.has(`${d.client}:${d.seq}`)) {
        violations.push(
          `definite error: ${d.client}:${d.seq} was answered 11, then committed at ${i}`,
        );
      }
    }
  };

  // ------------------------------------------------------------ network
  let cut = new Set<string>(); // "from>to" pairs that are dropped
  let serverMsgs = 0;
  const flush = (id: string) => {
    const r = replicas.get(id)!;
    const { messages, answers } = r.take();
    for (const m of messages) {
      if (now <= timeMs) serverMsgs++;
      if (random.next() < drop) continue;
      const delay = options.delayDist === "exponential"
        ? dMin + random.exponential(dMax)
        : random.uniform(dMin, dMax);
      q.push(now + delay, {
        kind: "deliver",
        to: m.to,
        from: id,
        body: m.body,
      });
    }
    for (const a of answers) noteAnswer(a), answer(a);
    check(id);
    let at = real(id, r.nextDeadline(local(id)));
    if (at <= now && tickDue.has(id)) {
      at = now + 1; // a stalled node's timer is late: it runs after the waiting messages
    } else if (at <= now) {
      violations.push(`busy loop: ${id} asks to be woken at ${at}, now ${now}`);
      at = now + 1;
    }
    if (at !== Infinity && at < (wakeAt.get(id) ?? Infinity)) {
      wakeAt.set(id, at);
      q.push(at, { kind: "wake", node: id });
    }
  };
  const changeNetwork = () => {
    if (cut.size > 0 || random.next() < 0.3) {
      cut = new Set();
    } else {
      const shuffled = random.shuffle(ids);
      const kind = random.int(0, 3);
      if (kind === 0) { // a minority cut off
        const k = random.int(1, Math.floor((n - 1) / 2) + 1);
        const a = shuffled.slice(0, k), b = shuffled.slice(k);
        for (const x of a) for (const y of b) cut.add(`${x}>${y}`).add(`${y}>${x}`);
      } else if (kind === 1) { // one-way cuts, at random
        for (const x of ids) {
          for (const y of ids) if (x !== y && random.next() < 0.3) cut.add(`${x}>${y}`);
        }
      } else { // a ring: each node hears only its neighbours
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            const d = Math.min((i - j + n) % n, (j - i + n) % n);
            if (d > 1) cut.add(`${shuffled[i]}>${shuffled[j]}`);
          }
        }
      }
    }
    q.push(now + random.exponential(options.partitionMs!), { kind: "net" });
  };

  // ------------------------------------------------------------ clients
  const history: Op[] = [];
  const record = (op: Omit<Op, "index" | "time">): Op => {
    const full = { ...op, index: history.length, time: Math.round(now * 1e6) } as Op;
    history.push(full);
    return full;
  };
  const clients: Client[] = Array.from({ length: 2 * n }, (_, i) => ({
    id: `c${i}`,
    node: ids[i % n],
    reader: i < n,
    process: i,
    seq: 0,
  }));
  const byId = new Map(clients.map((c, i) => [c.id, i]));
  const think = () => random.exponential((1000 * clients.length) / (options.rate ?? 100));
  const complete = (c: Client, type: "ok" | "fail" | "info", value: unknown) => {
    const open = c.open!;
    record({ type, process: c.process, f: open.f, value });
    if (type === "info") c.process += clients.length;
    c.open = undefined;
    if (now < timeMs) q.push(now + think(), { kind: "op", client: byId.get(c.id)! });
  };
  const answer = (a: Answer<OutBody>) => {
    const c = clients[byId.get(a.client)!];
    if (c?.open === undefined || c.seq !== a.seq) return; // late: the client moved on
    const { f, key, arg } = c.open;
    const body = a.result;
    if (body === undefined || body.type === "error") complete(c, "fail", [key, arg]);
    else if (f === "read") complete(c, "ok", [key, (body as unknown as { value: number }).value]);
    else complete(c, "ok", [key, arg]);
  };
  const invoke = (i: number) => {
    const c = clients[i];
    const key = Math.floor(now / (options.keyMs ?? 3000)) * keys + random.int(0, keys);
    const v = () => random.int(0, 5);
    let f: string,
      arg: unknown,
      op: Parameters<Replica<Cmd, { key: number }, OutBody>["submit"]>[2];
    if (c.reader) {
      f = "read", arg = null, op = { kind: "read", query: { key } };
    } else if (random.next() < 1 / 3) {
      const value = v();
      f = "write", arg = value, op = { kind: "write", command: { f: "write", key, value } };
    } else {
      const from = v(), to = v();
      f = "cas", arg = [from, to], op = { kind: "write", command: { f: "cas", key, from, to } };
    }
    c.seq++;
    const invokeOp = record({ type: "invoke", process: c.process, f, value: [key, arg] });
    c.open = { invoke: invokeOp, f, key, arg, timeout: now + clientTimeout };
    q.push(now + clientTimeout, { kind: "timeout", client: i, seq: c.seq });
    kinds.set(`${c.id}:${c.seq}`, f);
    const r = replicas.get(c.node)!, seq = c.seq;
    whenAwake(c.node, () => {
      r.submit(c.id, seq, op, local(c.node));
      flush(c.node);
    });
  };

  // ---------------------------------------------------------------- run
  for (const id of ids) {
    backlog.set(id, []);
    replicas.get(id)!.start(local(id));
    flush(id);
  }
  clients.forEach((_, i) => q.push(200 + think(), { kind: "op", client: i }));
  if ((options.partitionMs ?? 0) > 0) {
    q.push(200 + random.exponential(options.partitionMs!), { kind: "net" });
  }
  if (options.pauses !== undefined) {
    q.push(200 + random.exponential(options.pauses.everyMs), { kind: "pause" });
  }
  let steps = 0;
  for (let ev = q.pop(); ev !== undefined; ev = q.pop()) {
    now = ev.at;
    const e = ev.e;
    if (now > timeMs + 2 * clientTimeout) break;
    switch (e.kind) {
      case "deliver":
        if (cut.has(`${e.from}>${e.to}`)) {
          trace?.(
            `${now.toFixed(2)} cut ${e.from}>${e.to} ${JSON.stringify(e.body).slice(0, 200)}`,
          );
          break;
        }
        whenAwake(e.to, () => {
          trace?.(`${now.toFixed(2)} ${e.from}>${e.to} ${JSON.stringify(e.body).slice(0, 200)}`);
          replicas.get(e.to)!.receive(e.from, e.body, local(e.to));
          flush(e.to);
        });
        break;
      case "wake":
        if (wakeAt.get(e.node) !== now) break; // superseded
        wakeAt.delete(e.node);
        if ((pausedUntil.get(e.node) ?? -Infinity) > now) {
          tickDue.add(e.node); // the timer fires late, when the node runs again
          break;
        }
        trace?.(`${now.toFixed(2)} ${e.node} tick`);
        replicas.get(e.node)!.tick(local(e.node));
        flush(e.node);
        break;
      case "pause": {
        const p = options.pauses!;
        const id = random.pick(ids);
        if ((pausedUntil.get(id) ?? -Infinity) <= now && now < timeMs) {
          const until = now + random.uniform(p.lenMs[0], p.lenMs[1]);
          pausedUntil.set(id, until);
          trace?.(`${now.toFixed(2)} ${id} paused until ${until.toFixed(2)}`);
          q.push(until, { kind: "resume", node: id });
        }
        q.push(now + random.exponential(p.everyMs), { kind: "pause" });
        break;
      }
      case "resume": {
        const id = e.node;
        trace?.(`${now.toFixed(2)} ${id} resumes`);
        const waiting = backlog.get(id)!;
        backlog.set(id, []);
        const tick = () => {
          if (!tickDue.delete(id)) return;
          trace?.(`${now.toFixed(2)} ${id} late tick`);
          replicas.get(id)!.tick(local(id));
          flush(id);
        };
        if (options.pauses?.timerFirst) tick();
        for (const run of waiting) run();
        tick();
        break;
      }
      case "op":
        if (now < timeMs) invoke(e.client);
        break;
      case "timeout": {
        const c = clients[e.client];
        if (c.open !== undefined && c.seq === e.seq) {
          if (c.open.f !== "read") timedOut.add(`${c.id}:${c.seq}`);
          complete(c, c.open.f === "read" ? "fail" : "info", [c.open.key, c.open.arg]);
        }
        break;
      }
      case "net":
        if (now < timeMs) changeNetwork();
        else cut = new Set();
        break;
    }
    checkLease();
    if (++steps % 2000 === 0) checkLogMatching();
  }
  checkLogMatching();
  checkDefiniteErrors();

  const lin = linearizableKv(history);
  const bad = lin.failures[0];
  const ops = history.filter((o) => o.type === "invoke").length;
  const count = (t: string) => history.filter((o) => o.type === t).length;
  return {
    history,
    violations: [...new Set(violations)],
    linearizable: lin["valid?"],
    explanation: bad === undefined
      ? undefined
      : lin.results[JSON.stringify(bad)]?.linearizable.explanation,
    ops,
    ok: count("ok"),
    fail: count("fail"),
    info: count("info"),
    msgsPerOp: ops === 0 ? 0 : serverMsgs / ops,
    infoCommitted,
    leaders,
  };
}

/**
 * A replicated state machine on Raft: what a workload plugs into. The
 * workload gives a deterministic state machine (`apply` a command, answer a
 * `query`) and hands over each client request; the replica decides where it
 * runs and answers the client. Like {@linkcode Raft} it is a step function:
 * no clock, no timers, no I/O.
 *
 * The path of a request:
 * - **Write** (a command): the node the client asked (the *origin*) forwards
 *   it to the leader, which appends it to the log; once it is committed,
 *   the leader applies it and answers the client itself (Maelstrom's
 *   clients accept a reply from any node: it needs only `in_reply_to`).
 *   The origin keeps the request and forwards it again, with the same id,
 *   to each new leader until it sees it applied: nothing is lost when a
 *   leader falls, and {@linkcode Sessions} makes sure nothing runs twice.
 * - **Read** (a query): the leader answers from its state machine under its
 *   lease, with no log entry (see {@linkcode Raft.canRead}).
 * - **Errors**: 11 ("temporarily unavailable", a definite error) only when
 *   the request certainly never ran and never will: before it was
 *   forwarded or appended anywhere. Otherwise the client hears nothing and
 *   times out, which it records as "maybe".
 * @module
 */
import type { Tuning } from "./profile.ts";
import { type Outgoing as RaftOutgoing, Raft, type RaftMessage, type Unsafe } from "./raft.ts";
import { type Command, Sessions } from "./sessions.ts";

/**
 * A deterministic state machine: the same commands in the same order give
 * the same results on every node.
 */
export interface StateMachine<C, Q, R> {
  /** Runs a command that may change the state; returns the reply to its client. */
  apply(command: C): R;
  /** Answers a query from the current state, changing nothing. */
  query(query: Q): R;
}

/** A client request: a command through the log, or a query answered by the leader. */
export type Op<C, Q> = { kind: "write"; command: C } | { kind: "read"; query: Q };

/** A request on its way to the leader; `hops` counts relays after the origin. */
export interface Forwarded<C, Q> {
  client: string;
  seq: number;
  op: Op<C, Q>;
  hops: number;
}

/** Requests forwarded to the leader in one message. */
export interface Forward<C, Q> {
  type: "raft_forward";
  requests: Forwarded<C, Q>[];
}

/** Any message between replicas. */
export type ReplicaMessage<C, Q> = RaftMessage<Command<C>> | Forward<C, Q>;

/** A message to a peer. */
export interface Outgoing<C, Q> {
  to: string;
  body: ReplicaMessage<C, Q>;
}

/** An answer to client `client`'s request `seq`: a result, or "unavailable" (11). */
export interface Answer<R> {
  client: string;
  seq: number;
  result?: R;
  /** Set instead of `result`: why the request certainly did not run (code 11). */
  unavailable?: string;
}

/** Options of {@linkcode Replica}. */
export interface ReplicaOptions<C, Q, R> {
  id: string;
  nodes: readonly string[];
  tuning: Tuning;
  machine: StateMachine<C, Q, R>;
  random?: () => number;
  firstLeader?: string | null;
  /** Test-only: break one rule (see {@linkcode Unsafe}); `noDedupe` runs copies of a request again. */
  unsafe?: Unsafe & { noDedupe?: boolean };
}

const CUT_OFF = "no leader, and no majority of nodes answers";

/** A request at its origin, until it is answered, seen applied, or given up. */
interface Pending<C, Q> {
  client: string;
  seq: number;
  op: Op<C, Q>;
  since: number;
  /** Whether it may have reached a leader (then 11 would be a lie, for a write). */
  sent: boolean;
  /** Where it went last (a leader, or this node as leader), or null: held here. */
  via: string | null;
  viaTerm: number;
}

/** A read forwarded to this leader, waiting for its lease or its first commit. */
interface WaitingRead<Q> {
  client: string;
  seq: number;
  query: Q;
  until: number;
}

/**
 * One node's replica.
 *
 * @example One node: a write, then a read
 * ```ts
 * import { Replica } from "./replica.ts";
 * import { TUNINGS } from "./profile.ts";
 * let x = 0;
 * const r = new Replica({
 *   id: "n0", nodes: ["n0"], tuning: TUNINGS.latency,
 *   machine: { apply: (n: number) => (x += n), query: () => x },
 * });
 * r.start(0);
 * r.submit("c1", 1, { kind: "write", command: 2 }, 1);
 * r.submit("c1", 2, { kind: "read", query: null }, 2);
 * console.assert(r.take().answers.map((a) => a.result).join() === "2,2");
 * ```
 */
export class Replica<C, Q, R> {
  readonly raft: Raft<Command<C>>;
  readonly tuning: Tuning;
  #machine: StateMachine<C, Q, R>;
  #sessions: Sessions<C, R>;
  #applied = 0;
  #pending = new Map<string, Pending<C, Q>>();
  #reads: WaitingRead<Q>[] = [];
  #messages: Outgoing<C, Q>[] = [];
  #answers: Answer<R>[] = [];
  #batches = new Map<string, Forwarded<C, Q>[]>();
  #batchDue = Infinity;
  /** The time of the event being handled. */
  #now = 0;

  constructor(options: ReplicaOptions<C, Q, R>) {
    this.tuning = options.tuning;
    this.raft = new Raft<Command<C>>({
      id: options.id,
      nodes: options.nodes,
      timing: options.tuning,
      random: options.random,
      firstLeader: options.firstLeader,
      unsafe: options.unsafe,
    });
    this.#machine = options.machine;
    this.#sessions = new Sessions((c: C) => this.#machine.apply(c), {
      dedupe: !options.unsafe?.noDedupe,
    });
  }

  /** Starts the consensus layer (see {@linkcode Raft.start}). */
  start(now: number): void {
    this.raft.start(now);
    this.#settle(now);
  }

  /** Takes the messages to send and the answers to give since the last call. */
  take(): { messages: Outgoing<C, Q>[]; answers: Answer<R>[] } {
    const out = { messages: this.#messages, answers: this.#answers };
    this.#messages = [];
    this.#answers = [];
    return out;
  }

  /** Accepts client `client`'s request number `seq`. A newer one replaces an older one still here. */
  submit(client: string, seq: number, op: Op<C, Q>, now: number): void {
    this.#now = now;
    const old = this.#pending.get(client);
    if (old !== undefined && old.seq >= seq) return; // a copy of one already here
    const p: Pending<C, Q> = { client, seq, op, since: now, sent: false, via: null, viaTerm: 0 };
    this.#pending.set(client, p);
    this.#route(p, now);
    this.#settle(now);
  }

  /** Handles a message from peer `from`. */
  receive(from: string, body: ReplicaMessage<C, Q>, now: number): void {
    this.#now = now;
    if (body.type === "raft_forward") this.#onForward(body, now);
    else this.raft.receive(from, body, now);
    this.#settle(now);
  }

  /** Runs whatever is due at `now`. */
  tick(now: number): void {
    this.#now = now;
    this.raft.tick(now);
    this.#expire(now);
    if (now >= this.#batchDue) this.#sendBatches();
    this.#settle(now);
  }

  /** The earliest time after `now` at which {@linkcode Replica.tick} has something to do. */
  nextDeadline(now: number): number {
    let t = Math.min(this.raft.nextDeadline(), this.#batchDue);
    for (const r of this.#reads) t = Math.min(t, r.until);
    for (const p of this.#pending.values()) {
      // When #expire will act on it (the same cases).
      const hold = p.op.kind === "read" || (p.via === null && !p.sent);
      t = Math.min(t, p.since + (hold ? this.tuning.holdMs : this.tuning.retryMs));
      if (p.via === null && this.raft.role === "leader") {
        t = Math.min(t, this.#refuseAt(p));
      } else if (p.via === null) t = Math.min(t, this.raft.probeDue(now));
      else if (p.via !== this.raft.id) t = Math.min(t, this.#targetUntil(now));
    }
    return t;
  }

  /** How many client requests this node holds as their origin. */
  get pending(): number {
    return this.#pending.size;
  }

  // --------------------------------------------------------------- routing

  /**
   * Where requests go now: this node (leader), a leader that listens to it,
   * a peer that forwards to one, or nowhere.
   */
  #target(now: number): string | null {
    if (this.raft.role === "leader") return this.raft.id;
    if (this.raft.leaderFresh(now)) return this.raft.leader;
    return this.raft.relay(now) ?? null;
  }

  /** When the current target stops being one (see #target). */
  #targetUntil(now: number): number {
    if (this.raft.role === "leader") return Infinity;
    return this.raft.leaderFresh(now) ? this.raft.freshUntil : this.raft.relayUntil;
  }

  #route(p: Pending<C, Q>, now: number): void {
    const target = this.#target(now);
    p.via = target;
    p.viaTerm = this.raft.term;
    if (target === this.raft.id) {
      if (p.op.kind === "read" && this.raft.canRead(now)) return; // served by #serveReads
      if (p.op.kind === "write" && (this.raft.quorumResponsive(now) || p.sent)) {
        p.sent = true;
        this.raft.propose({ client: p.client, seq: p.seq, command: p.op.command }, now);
        return;
      }
      // No lease yet, or no word from a majority for a while: append nothing
      // that may never commit (its client could only be told "maybe"); wait,
      // and refuse once the silence is long, and this request has waited
      // long enough for the answers of a merely slow majority to come in.
      p.via = null;
      if (now >= this.#refuseAt(p)) {
        this.#unavailable(p, "the leader has not heard from a majority lately; not appended");
      }
    } else if (target !== null) {
      p.sent = true;
      this.#forward(target, { client: p.client, seq: p.seq, op: p.op, hops: 0 });
    } else {
      // No leader to go to: hold it (an election may be under way), and find
      // out whether a majority can be reached at all.
      this.raft.probe(now);
      if (this.raft.reach(now) === "minority") this.#refuse(p, CUT_OFF);
    }
  }

  /** When a leader refuses a request it holds (see #route). */
  #refuseAt(p: Pending<C, Q>): number {
    const silentSince = this.raft.heardMajorityAt(this.#now);
    return Math.max(silentSince + this.tuning.staleMs, p.since + this.tuning.probeMs);
  }

  /** Answers 11 to a held request when that is true: a read, or a write never sent. */
  #refuse(p: Pending<C, Q>, why: string): void {
    if (p.op.kind === "read" || !p.sent) this.#unavailable(p, why);
  }

  #unavailable(p: Pending<C, Q>, why: string): void {
    this.#pending.delete(p.client);
    this.#answers.push({
      client: p.client,
      seq: p.seq,
      unavailable: `${p.op.kind} not done: ${why}`,
    });
  }

  #forward(to: string, f: Forwarded<C, Q>): void {
    const batch = this.#batches.get(to);
    if (batch === undefined) this.#batches.set(to, [f]);
    else batch.push(f);
    if (this.#batchDue === Infinity) this.#batchDue = this.#now + this.tuning.forwardBatchMs;
  }

  #sendBatches(): void {
    for (const [to, requests] of this.#batches) {
      this.#messages.push({ to, body: { type: "raft_forward", requests } });
    }
    this.#batches.clear();
    this.#batchDue = Infinity;
  }

  #onForward(m: Forward<C, Q>, now: number): void {
    // Passed on only to a leader that listens to this node: never to a relay.
    const target = this.raft.role === "leader"
      ? this.raft.id
      : this.raft.leaderFresh(now)
      ? this.raft.leader
      : null;
    for (const f of m.requests) {
      if (target === this.raft.id) {
        if (f.op.kind === "read") {
          this.#reads.push({
            client: f.client,
            seq: f.seq,
            query: f.op.query,
            until: now + this.tuning.holdMs,
          });
        } else {
          // Appended whatever the lease says: the origin may send it again
          // elsewhere, so refusing it with 11 here could be a lie.
          this.raft.propose({ client: f.client, seq: f.seq, command: f.op.command }, now);
        }
      } else if (target !== null && f.hops < 1) {
        this.#forward(target, { ...f, hops: f.hops + 1 }); // this node knows the leader better
      } // else dropped: the origin forwards it again to the next leader.
    }
  }

  // ----------------------------------------------------------- each step

  /** After every event: apply what is committed, answer what can be, move what must. */
  #settle(now: number): void {
    this.#now = now;
    this.#apply();
    this.#reroute(now);
    this.#serveReads(now);
    if (this.tuning.forwardBatchMs <= 0 && this.#batches.size > 0) this.#sendBatches();
    for (const m of this.raft.outbox) this.#messages.push(m as RaftOutgoing<Command<C>>);
    this.raft.outbox = [];
  }

  #apply(): void {
    const raft = this.raft;
    while (this.#applied < raft.commitIndex) {
      const index = ++this.#applied;
      const entry = raft.log.entry(index);
      if (entry.data === null) continue;
      const c = entry.data;
      const { result } = this.#sessions.apply(c);
      // The leader that appended it answers; its origin stops retrying.
      if (raft.role === "leader" && entry.term === raft.term && result !== undefined) {
        this.#answers.push({ client: c.client, seq: c.seq, result });
      }
      const p = this.#pending.get(c.client);
      if (p !== undefined && p.op.kind === "write" && p.seq <= c.seq) {
        this.#pending.delete(c.client);
      }
    }
  }

  /** Sends again what went to a leader that is no longer the one to go to. */
  #reroute(now: number): void {
    const target = this.#target(now);
    for (const p of this.#pending.values()) {
      if (p.via !== null && (p.via !== target || p.viaTerm !== this.raft.term)) p.via = null;
      if (p.via === null && target !== null) this.#route(p, now);
    }
    if (target !== this.raft.id) this.#reads = []; // no longer the leader: origins retry
    if (target === null && this.raft.reach(now) === "minority") {
      for (const p of [...this.#pending.values()]) if (p.via === null) this.#refuse(p, CUT_OFF);
    }
  }

  #serveReads(now: number): void {
    if (!this.raft.canRead(now)) return;
    for (const r of this.#reads) {
      this.#answers.push({ client: r.client, seq: r.seq, result: this.#machine.query(r.query) });
    }
    this.#reads = [];
    for (const p of [...this.#pending.values()]) {
      if (p.op.kind === "read" && p.via === this.raft.id) {
        this.#pending.delete(p.client);
        this.#answers.push({
          client: p.client,
          seq: p.seq,
          result: this.#machine.query(p.op.query),
        });
      }
    }
  }

  /** Gives up on what waited too long: 11 where true, silence otherwise. */
  #expire(now: number): void {
    this.#reads = this.#reads.filter((r) => r.until > now);
    const { holdMs, retryMs } = this.tuning;
    for (const p of [...this.#pending.values()]) {
      // Compared as the deadlines are computed (now >= since + wait), so that
      // a timer due now always finds its work due.
      const held = now >= p.since + holdMs, old = now >= p.since + retryMs;
      const here = p.via === null || p.via === this.raft.id;
      if (p.op.kind === "read") {
        if (!held) continue;
        // Held here: say so. Sent to a leader: it answered, or will not.
        if (here) this.#unavailable(p, "no leader could serve it in time");
        else this.#pending.delete(p.client);
      } else if (p.via === null && !p.sent && held) {
        this.#unavailable(p, "no leader was found in time; not sent to any");
      } else if (old) {
        this.#pending.delete(p.client); // the client has long given up
      }
    }
  }
}

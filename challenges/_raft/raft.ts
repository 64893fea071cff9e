/**
 * Raft consensus as a step function: the caller feeds it the time, messages
 * from peers and proposals, and takes out the messages it wants sent. It
 * never reads a clock, never sets a timer and never does I/O, so a test can
 * play any interleaving of events, and every decision is made in one place.
 *
 * What it does, with the reason for each rule (see README.md):
 * - elections with randomized timeouts, a pre-vote round first (a node that
 *   cannot win does not disturb the term), and "leader stickiness": no vote
 *   within the minimum election timeout of hearing from a leader;
 * - log replication, pipelined (the leader does not wait for an ack before
 *   sending more) and batched (one message carries every entry a follower
 *   lacks, or entries gathered for `batchMs`);
 * - commitment only of entries of the leader's own term, counted on a
 *   majority (older entries are committed with them, never by counting);
 * - a leader lease for reads, and check-quorum: a leader that has not heard
 *   from a majority for an election timeout steps down.
 * @module
 */
import { RaftLog } from "./log.ts";
import type {
  Append,
  AppendReply,
  Outgoing,
  Payload,
  RaftMessage,
  VoteReply,
  VoteRequest,
} from "./messages.ts";

export type { Outgoing, Payload, RaftMessage } from "./messages.ts";

/** A node's role. */
export type Role = "follower" | "candidate" | "leader";

/** Timing of one cluster, in milliseconds (see profile.ts for the values). */
export interface Timing {
  /** Election timeouts are drawn from [min, max]. Also how long a node that heard from a leader refuses votes. */
  electionMinMs: number;
  electionMaxMs: number;
  /** The leader sends each follower something at least this often. */
  heartbeatMs: number;
  /**
   * How long after sending a message that a majority acknowledged a leader
   * may answer reads alone. Must be below `electionMinMs` by the clock-drift
   * margin (README: "Reads").
   */
  leaseMs: number;
  /**
   * A follower that has not heard from its leader for this long stops
   * forwarding to it; a leader that has not heard from a majority for this
   * long refuses new writes of its own clients (and for half as long it
   * holds them rather than append what may never commit).
   */
  staleMs: number;
  /** How long to wait for answers to a reachability probe (a pre-vote round). */
  probeMs: number;
  /** The leader gathers new entries this long before sending them (0: at once). */
  batchMs: number;
  /** `all`: new entries go to every follower at once; `quorum`: only to as many as a majority needs, the rest with heartbeats. */
  eager: "all" | "quorum";
  /** At most this many entries per message. */
  maxEntries: number;
}

/**
 * Test-only switches that break one rule each, to show that the tests (and
 * the bench) catch the failure the rule prevents. Never set in a real node.
 */
export interface Unsafe {
  /** Commit entries of older terms by counting replicas (the paper's Figure 8). */
  commitOldTerms?: boolean;
  /** A leader answers reads without a valid lease. */
  readWithoutLease?: boolean;
  /** Grant a vote even after voting for someone else in the same term. */
  voteTwice?: boolean;
}

/** Options of {@linkcode Raft}. */
export interface RaftOptions {
  /** This node's id. */
  id: string;
  /** Every node's id, this one included, in the same order on every node. */
  nodes: readonly string[];
  timing: Timing;
  /** Uniform random numbers in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * The leader of term 1, known to all from the start (default `nodes[0]`;
   * `null`: none, the first leader is elected). Every node starts in term 1
   * having voted for it, so it is as if it had won an election that every
   * node voted in: election safety holds, and the logs are all empty.
   */
  firstLeader?: string | null;
  unsafe?: Unsafe;
}

/** A change of role, term or known leader (for the log line the bench reads). */
export interface RoleChange {
  role: Role;
  term: number;
  leader: string | null;
}

/** What a probe of the network found: a majority answered, or not in time. */
export type Reach = "majority" | "minority" | "unknown";

/**
 * One Raft node's consensus state.
 *
 * @example A single node elects itself and commits at once
 * ```ts
 * import { Raft } from "./raft.ts";
 * import { TUNINGS } from "./profile.ts";
 * const r = new Raft<string>({ id: "n0", nodes: ["n0"], timing: TUNINGS.latency });
 * r.start(0);
 * r.propose("x", 1);
 * console.assert(r.role === "leader" && r.commitIndex === 2); // the no-op, then "x"
 * ```
 */
export class Raft<T> {
  readonly id: string;
  readonly peers: readonly string[];
  readonly log = new RaftLog<Payload<T>>();
  readonly timing: Timing;
  /** Messages to send, in order; the caller takes them. */
  outbox: Outgoing<T>[] = [];
  /** Role changes since the caller last took them. */
  changes: RoleChange[] = [];

  #role: Role = "follower";
  #term = 0;
  #votedFor: string | null = null;
  #leader: string | null = null;
  #commit = 0;
  #majority: number;
  #random: () => number;
  #unsafe: Unsafe;
  #firstLeader: string | null;

  // Follower and candidate.
  /** When this node last heard from a leader (any leader, any term). */
  #heardLeaderAt = -Infinity;
  /** When this node last heard from its leader that it was listening. */
  #listenedAt = -Infinity;
  /** A peer that said, answering a probe, it forwards to a leader; and when. */
  #relay: { via: string; at: number } | undefined;
  #electionAt = Infinity;
  /**
   * The pre-vote round: the term it asks for, who granted it, who answered
   * at all (the probe's evidence: an answer proves both directions work),
   * when it started.
   */
  #preVote = { term: 0, granted: new Set<string>(), answered: new Set<string>(), at: -Infinity };
  #votes = new Set<string>();
  #peerSet: ReadonlySet<string>;

  // Leader.
  #next = new Map<string, number>();
  #match = new Map<string, number>();
  /** The latest `sent` stamp each follower acknowledged in this term. */
  #acked = new Map<string, number>();
  #lastSent = new Map<string, number>();
  /** Send times of the AppendEntries each follower has not acknowledged yet, oldest first. */
  #unacked = new Map<string, number[]>();
  /** A smoothed round-trip time to the followers, ms (as TCP estimates it). */
  #rtt = 1;
  /** When the follower's `next` was last moved back: failures to older messages are stale. */
  #resetAt = new Map<string, number>();
  #leaderSince = 0;
  /** When entries began waiting for the batch window (Infinity: none waiting). */
  #batchSince = Infinity;

  constructor(options: RaftOptions) {
    this.id = options.id;
    this.peers = options.nodes.filter((n) => n !== options.id);
    this.#peerSet = new Set(this.peers);
    this.timing = options.timing;
    this.#majority = Math.floor(options.nodes.length / 2) + 1;
    this.#random = options.random ?? Math.random;
    this.#unsafe = options.unsafe ?? {};
    this.#firstLeader = options.firstLeader === undefined
      ? options.nodes[0] ?? null
      : options.firstLeader;
  }

  /** This node's role. */
  get role(): Role {
    return this.#role;
  }

  /** The current term. */
  get term(): number {
    return this.#term;
  }

  /** The leader of the current term, if known. */
  get leader(): string | null {
    return this.#leader;
  }

  /** The highest index known to be committed. */
  get commitIndex(): number {
    return this.#commit;
  }

  /** Who this node voted for in the current term. */
  get votedFor(): string | null {
    return this.#votedFor;
  }

  /** Begins at time `now`: as a follower (or the leader) of term 1 with a known first leader, else of term 0. */
  start(now: number): void {
    if (this.#firstLeader !== null) {
      this.#term = 1;
      this.#votedFor = this.#firstLeader;
      if (this.#firstLeader === this.id) {
        this.#becomeLeader(now);
        return;
      }
      this.#leader = this.#firstLeader;
      // As if the first leader had just been heard: its lease may rely on it.
      this.#heardLeaderAt = now;
    }
    this.#resetElectionTimer(now);
    this.#changed();
  }

  // ---------------------------------------------------------------- time

  /** Runs whatever is due at `now`: elections, heartbeats, batches, check-quorum. */
  tick(now: number): void {
    if (this.#role === "leader") {
      if (now > this.#contactAt(now) + this.timing.electionMaxMs) {
        // Check-quorum: a leader cut off from a majority gives up, so its
        // clients hear "unavailable" and retry elsewhere instead of waiting.
        // It has just learnt what a probe would tell: no majority answers.
        this.#stepDown(this.#term, now);
        this.#cutOffAt = now;
        return;
      }
      if (now >= this.#batchSince + this.timing.batchMs) this.#flush(now);
      for (const p of this.peers) {
        if (now >= (this.#lastSent.get(p) ?? -Infinity) + this.timing.heartbeatMs) {
          this.#sendAppend(p, now);
        }
      }
      return;
    }
    if (now >= this.#electionAt) {
      this.#resetElectionTimer(now);
      this.#startPreVote(now);
    }
  }

  /** The earliest time at which {@linkcode Raft.tick} has something to do. */
  nextDeadline(): number {
    if (this.#role !== "leader") return this.#electionAt;
    let t = this.#contactAt(Infinity) + this.timing.electionMaxMs + 1;
    if (this.#batchSince !== Infinity) t = Math.min(t, this.#batchSince + this.timing.batchMs);
    for (const p of this.peers) {
      t = Math.min(t, (this.#lastSent.get(p) ?? -Infinity) + this.timing.heartbeatMs);
    }
    return t;
  }

  // ------------------------------------------------------------- clients

  /**
   * Appends `data` to the log if this node is the leader.
   * @returns its index, or `undefined` when not the leader
   */
  propose(data: T, now: number): number | undefined {
    if (this.#role !== "leader") return undefined;
    const index = this.log.append({ term: this.#term, data });
    this.#advanceCommit(); // a cluster of one commits at once
    if (this.timing.batchMs <= 0) this.#flush(now);
    else if (this.#batchSince === Infinity) this.#batchSince = now;
    return index;
  }

  /**
   * Whether this node may answer a read from its state machine once it has
   * applied up to {@linkcode Raft.commitIndex}: it is the leader, its lease
   * holds (no other leader can have been elected), and it has committed an
   * entry of its own term (so it knows every entry committed before it).
   */
  canRead(now: number): boolean {
    if (this.#role !== "leader") return false;
    if (this.log.termAt(this.#commit) !== this.#term) return false;
    return this.#unsafe.readWithoutLease === true ||
      now < this.#quorumAt(now) + this.timing.leaseMs;
  }

  /**
   * Leader: whether a majority (itself included) is answering promptly: no
   * AppendEntries to them has waited for its acknowledgement longer than
   * twice the round-trip time, plus 5 ms. A leader cut off from its majority
   * finds out a few round trips after its next message, not after a
   * heartbeat timeout.
   */
  quorumResponsive(now: number): boolean {
    if (this.#role !== "leader") return false;
    const patience = 2 * this.#rtt + 5;
    let n = 1;
    for (const p of this.peers) {
      const oldest = this.#unacked.get(p)?.[0];
      if (oldest === undefined || now - oldest <= patience) n++;
    }
    return n >= this.#majority;
  }

  /**
   * Leader: when it sent the newest message a majority acknowledged (or was
   * elected, if later). -Infinity when not the leader.
   */
  heardMajorityAt(now: number): number {
    return this.#role === "leader" ? this.#contactAt(now) : -Infinity;
  }

  /** Follower: whether the leader was heard from within `staleMs`. */
  leaderFresh(now: number): boolean {
    return this.#role === "follower" && this.#leader !== null && now < this.freshUntil;
  }

  /** When the leader stops being fresh: the first instant {@linkcode Raft.leaderFresh} is false. */
  get freshUntil(): number {
    return Math.min(this.#heardLeaderAt, this.#listenedAt) + this.timing.staleMs;
  }

  /**
   * A peer to forward requests through, when this node has no fresh leader
   * of its own but a recent probe found a peer that has one (a partition may
   * leave a node linked only to nodes that reach the leader).
   */
  relay(now: number): string | undefined {
    if (this.#relay === undefined || this.#role === "leader") return undefined;
    return now < this.relayUntil ? this.#relay.via : undefined;
  }

  /** When the relay found by the last probe goes stale (probes repeat at least this often). */
  get relayUntil(): number {
    const at = this.#relay?.at ?? -Infinity;
    return at + this.timing.electionMaxMs + this.timing.probeMs;
  }

  /**
   * Probes the network with a pre-vote round, unless one started within the
   * minimum election timeout (the election timer probes that often anyway):
   * the answers, granted or not, show which peers this node can reach.
   */
  probe(now: number): void {
    if (this.#role === "leader") return;
    if (now - this.#preVote.at >= this.timing.electionMinMs) this.#startPreVote(now);
  }

  /**
   * What the probes found: `majority` once a majority (this node included)
   * answered the latest round, `minority` when a round got too few answers
   * within `probeMs`; while the latest round is young and short of a
   * majority, the previous round's verdict (`unknown` before any).
   */
  reach(now: number): Reach {
    if (this.#cutOffAt > this.#preVote.at) return "minority";
    return this.#verdict(now) ?? this.#lastVerdict;
  }

  /** When the latest round's verdict is due, if it is not known yet (for the caller's timer). */
  probeDue(now: number): number {
    const due = this.#preVote.at + this.timing.probeMs;
    return due > now && this.#verdict(now) === undefined ? due : Infinity;
  }

  #lastVerdict: Reach = "unknown";
  /** When check-quorum last deposed this node (no majority had answered for an election timeout). */
  #cutOffAt = -Infinity;

  #verdict(now: number): Reach | undefined {
    const since = this.#preVote.at;
    if (since === -Infinity) return undefined;
    if (this.#preVote.answered.size + 1 >= this.#majority) return "majority";
    return now >= since + this.timing.probeMs ? "minority" : undefined;
  }

  // ------------------------------------------------------------ messages

  /** Handles a Raft message from `from` at `now`. */
  receive(from: string, m: RaftMessage<T>, now: number): void {
    if (!this.#peerSet.has(from)) return; // not a peer of this cluster
    // A later term exists: whatever this node was, it is a follower now. Not
    // so for a pre-vote (it only asks) or a vote request this node ignores.
    const asks = m.type === "raft_vote" && (m.pre || this.#ignoresVote(now));
    if (m.term > this.#term && !asks) {
      this.#stepDown(m.term, now, m.type === "raft_append" ? from : null);
    }
    switch (m.type) {
      case "raft_vote":
        return this.#onVote(from, m, now);
      case "raft_vote_ok":
        return this.#onVoteReply(from, m, now);
      case "raft_append":
        return this.#onAppend(from, m, now);
      case "raft_append_ok":
        return this.#onAppendReply(from, m, now);
    }
  }

  /**
   * A vote request is ignored, without even adopting its term, while this
   * node is the leader or heard from one within the minimum election
   * timeout: the leader's lease counts on it, and a node that merely lost
   * touch (and comes back with a higher term) must not depose a working leader.
   */
  #ignoresVote(now: number): boolean {
    return this.#role === "leader" || now - this.#heardLeaderAt < this.timing.electionMinMs;
  }

  #onVote(from: string, m: VoteRequest, now: number): void {
    const upToDate = this.log.isUpToDate(m.last_index, m.last_term);
    let granted = false;
    if (!this.#ignoresVote(now) && upToDate) {
      if (m.pre) {
        granted = m.term > this.#term;
      } else if (
        m.term === this.#term &&
        (this.#votedFor === null || this.#votedFor === from || this.#unsafe.voteTwice)
      ) {
        granted = true;
        this.#votedFor = from;
        this.#resetElectionTimer(now);
      }
    }
    const leader = this.leaderFresh(now) || this.#role === "leader" ? this.#leader : null;
    this.#send(from, {
      type: "raft_vote_ok",
      pre: m.pre,
      term: this.#term,
      granted,
      sent: m.sent,
      leader,
    });
  }

  #onVoteReply(from: string, m: VoteReply, now: number): void {
    if (m.pre && m.sent >= this.#preVote.at) {
      this.#preVote.answered.add(from);
      if (m.leader !== null && m.leader !== this.id) this.#relay = { via: from, at: now };
    }
    if (!m.granted) return;
    if (m.pre) {
      if (this.#role === "leader" || m.term >= this.#preVote.term) return;
      if (this.#preVote.term !== this.#term + 1) return; // a round of an older term
      this.#preVote.granted.add(from);
      if (this.#preVote.granted.size >= this.#majority) this.#startElection(now);
      return;
    }
    if (this.#role !== "candidate" || m.term !== this.#term) return;
    this.#votes.add(from);
    if (this.#votes.size >= this.#majority) this.#becomeLeader(now);
  }

  #onAppend(from: string, m: Append<T>, now: number): void {
    const reply = (ok: boolean, index: number) =>
      this.#send(from, { type: "raft_append_ok", term: this.#term, ok, index, sent: m.sent });
    if (m.term < this.#term) return reply(false, 0); // a deposed leader learns the new term
    if (this.#role !== "follower" || this.#leader !== from) {
      this.#stepDown(m.term, now, from); // a candidate of this term lost
    }
    this.#heardLeaderAt = now;
    if (m.listening) this.#listenedAt = now;
    this.#resetElectionTimer(now);
    if (this.log.termAt(m.prev_index) !== m.prev_term) {
      // Log Matching: the entry before the new ones must be the same as the
      // leader's, or the leader must back up. Hint: skip our whole term there.
      const hint = m.prev_index > this.log.lastIndex
        ? this.log.lastIndex
        : this.log.termStart(m.prev_index) - 1;
      return reply(false, Math.min(hint, m.prev_index - 1));
    }
    const last = this.log.merge(m.prev_index, m.entries);
    // Only what matches the leader (up to `last`) may be taken as committed.
    this.#commit = Math.max(this.#commit, Math.min(m.commit, last));
    reply(true, last);
  }

  #onAppendReply(from: string, m: AppendReply, now: number): void {
    // Only answers to this leadership's messages: an answer to an older one
    // (even one stamped with this term, by a follower that moved on and
    // refused it) promises nothing about this log, nor about votes.
    if (this.#role !== "leader" || m.term !== this.#term || m.sent < this.#leaderSince) return;
    this.#acked.set(from, Math.max(this.#acked.get(from) ?? -Infinity, m.sent));
    const unacked = this.#unacked.get(from) ?? [];
    while (unacked.length > 0 && unacked[0] <= m.sent) unacked.shift();
    this.#rtt += ((now - m.sent) - this.#rtt) / 8;
    if (m.ok) {
      const match = Math.max(this.#match.get(from) ?? 0, m.index);
      this.#match.set(from, match);
      this.#next.set(from, Math.max(this.#next.get(from) ?? 1, match + 1));
      this.#advanceCommit();
      // A follower that was sent less than it lacks (maxEntries) gets the rest.
      const next = this.#next.get(from)!;
      if (next === m.index + 1 && next <= this.log.lastIndex && this.#isEager(from)) {
        this.#sendAppend(from, now);
      }
      return;
    }
    if (m.sent < (this.#resetAt.get(from) ?? -Infinity)) return; // answers an older try
    const match = this.#match.get(from) ?? 0;
    this.#next.set(from, Math.max(match + 1, Math.min(this.#next.get(from)!, m.index + 1)));
    this.#resetAt.set(from, now);
    this.#sendAppend(from, now);
  }

  // ---------------------------------------------------------- elections

  #startPreVote(now: number): void {
    this.#lastVerdict = this.reach(now);
    this.#preVote = {
      term: this.#term + 1,
      granted: new Set([this.id]),
      answered: new Set(),
      at: now,
    };
    if (this.#preVote.granted.size >= this.#majority) return this.#startElection(now);
    for (const p of this.peers) this.#askVote(p, true, this.#term + 1, now);
  }

  #startElection(now: number): void {
    // This node votes for itself: it must not while a leader may count on it.
    if (now - this.#heardLeaderAt < this.timing.electionMinMs) return;
    this.#role = "candidate";
    this.#term++;
    this.#votedFor = this.id;
    this.#leader = null;
    this.#votes = new Set([this.id]);
    this.#resetElectionTimer(now);
    this.#changed();
    if (this.#votes.size >= this.#majority) return this.#becomeLeader(now);
    for (const p of this.peers) this.#askVote(p, false, this.#term, now);
  }

  #askVote(to: string, pre: boolean, term: number, now: number): void {
    this.#send(to, {
      type: "raft_vote",
      pre,
      term,
      last_index: this.log.lastIndex,
      last_term: this.log.lastTerm,
      sent: now,
    });
  }

  #becomeLeader(now: number): void {
    this.#role = "leader";
    this.#leader = this.id;
    this.#leaderSince = now;
    this.#electionAt = Infinity;
    for (const p of this.peers) {
      this.#next.set(p, this.log.lastIndex + 1);
      this.#match.set(p, 0);
      this.#acked.set(p, -Infinity);
      this.#lastSent.set(p, -Infinity);
      this.#resetAt.set(p, -Infinity);
      this.#unacked.set(p, []);
    }
    this.#changed();
    // The no-op: entries of earlier terms can only be committed along with
    // one of this term, and reads must wait for one (see canRead).
    this.log.append({ term: this.#term, data: null });
    this.#batchSince = Infinity;
    this.#advanceCommit();
    for (const p of this.peers) this.#sendAppend(p, now);
  }

  #stepDown(term: number, now: number, leader: string | null = null): void {
    if (this.#role === "leader") {
      // Refuse votes until this leader's own lease has surely run out.
      this.#heardLeaderAt = Math.max(this.#heardLeaderAt, this.#quorumAt(now));
      this.#batchSince = Infinity;
    }
    if (term > this.#term) {
      this.#term = term;
      this.#votedFor = null;
    }
    this.#role = "follower";
    this.#leader = leader;
    this.#resetElectionTimer(now);
    this.#changed();
  }

  #resetElectionTimer(now: number): void {
    const { electionMinMs: min, electionMaxMs: max } = this.timing;
    this.#electionAt = now + min + this.#random() * (max - min);
  }

  // -------------------------------------------------------- replication

  /** Sends new entries to the followers that should get them now. */
  #flush(now: number): void {
    this.#batchSince = Infinity;
    for (const p of this.peers) {
      if ((this.#next.get(p) ?? 1) <= this.log.lastIndex && this.#isEager(p)) {
        this.#sendAppend(p, now);
      }
    }
  }

  /**
   * Whether new entries go to `p` at once. With `eager: "quorum"` only the
   * followers a majority needs get them, those that answered most recently;
   * the others get them with the next heartbeat. Safe: commitment needs a
   * majority, not everyone.
   */
  #isEager(p: string): boolean {
    if (this.timing.eager === "all") return true;
    const need = this.#majority - 1;
    const rank = this.peers.filter((q) => {
      const a = this.#acked.get(q) ?? -Infinity, b = this.#acked.get(p) ?? -Infinity;
      return a > b || (a === b && q < p);
    }).length;
    return rank < need;
  }

  #sendAppend(to: string, now: number): void {
    const next = this.#next.get(to) ?? this.log.lastIndex + 1;
    const prev = next - 1;
    const entries = this.log.slice(
      next,
      Math.min(this.log.lastIndex, prev + this.timing.maxEntries),
    );
    const { staleMs, heartbeatMs } = this.timing;
    const listening = this.quorumResponsive(now) &&
      now < (this.#acked.get(to) ?? -Infinity) + Math.max(staleMs, 2 * heartbeatMs);
    this.#send(to, {
      type: "raft_append",
      term: this.#term,
      prev_index: prev,
      prev_term: this.log.termAt(prev),
      entries,
      commit: this.#commit,
      sent: now,
      listening,
    });
    // Pipelining: assume it arrives; a failure moves `next` back.
    this.#next.set(to, prev + entries.length + 1);
    this.#lastSent.set(to, now);
    const unacked = this.#unacked.get(to);
    if (unacked !== undefined) {
      unacked.push(now);
      if (unacked.length > 64) unacked.splice(1, 1); // only the oldest matters
    }
  }

  /**
   * Commits the highest index stored on a majority, if its entry is of the
   * current term. An older entry on a majority may still be overwritten by a
   * leader that never saw it (Figure 8 of the paper); once an entry of this
   * term sits above it on a majority, no such leader can be elected.
   */
  #advanceCommit(): void {
    for (let n = this.log.lastIndex; n > this.#commit; n--) {
      if (this.log.termAt(n) !== this.#term && !this.#unsafe.commitOldTerms) return;
      let count = 1;
      for (const p of this.peers) if ((this.#match.get(p) ?? 0) >= n) count++;
      if (count >= this.#majority) {
        this.#commit = n;
        return;
      }
    }
  }

  /**
   * The leader's clock when it sent the newest message that a majority
   * (itself included, at `now`) has acknowledged: the start of its lease.
   */
  #quorumAt(now: number): number {
    const times = [now, ...this.peers.map((p) => this.#acked.get(p) ?? -Infinity)]
      .sort((a, b) => b - a);
    return times[this.#majority - 1];
  }

  /**
   * The last time this leader knew a majority was with it: the votes that
   * elected it, or a later acknowledgement. (Votes give no lease: a voter
   * may vote again in the next term at once.)
   */
  #contactAt(now: number): number {
    return Math.max(this.#quorumAt(now), this.#leaderSince);
  }

  #send(to: string, body: RaftMessage<T>): void {
    this.outbox.push({ to, body });
  }

  #changed(): void {
    const last = this.changes.at(-1);
    const now = { role: this.#role, term: this.#term, leader: this.#leader };
    if (last?.role === now.role && last.term === now.term && last.leader === now.leader) return;
    this.changes.push(now);
  }
}

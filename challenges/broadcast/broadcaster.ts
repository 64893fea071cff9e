/**
 * Broadcast propagation as an I/O-free state machine: it is told about
 * client broadcasts, peer messages and the passing of time, and answers with
 * the messages to send. The node in `main.ts` only wires it to the network.
 *
 * Every value belongs to its *origin*, the node a client gave it to, which
 * numbers its values 1, 2, 3, … Each node keeps a matrix `seen[y][o]`: how
 * many of origin `o`'s values node `y` holds without a gap, as far as this
 * node knows (its own row is exact). Every message carries two slices of it:
 * the sender's own row (`have`), and the receiver's column (`yours`: how many
 * of the receiver's values each node holds). So acknowledgements ride on the
 * traffic there is anyway and cost no messages of their own while values
 * flow, and a node learns who holds its values even from nodes it never hears
 * from directly (through the hub).
 *
 * Delivery (see {@linkcode Profile}):
 * - `latency`: the origin sends a new value to every peer at once;
 * - `frugal`: the origin sends it to the hub (the first node), which sends
 *   each other node one batch of everything new every `roundMs`.
 *
 * Recovery, the same for both: the origin owns its values. A value some peer
 * has not confirmed `repairAfterMs` after it was acknowledged is resent by
 * the origin straight to that peer (at most every `repairEveryMs`), asking
 * for a direct answer, so neither a lost batch nor an unreachable hub loses
 * anything: once the network heals, every origin reaches every peer itself.
 * Sooner when there is evidence: a peer whose own row, arriving straight
 * from it, lacks a value acknowledged `evidenceMs` ago gets it at once (this
 * is what makes recovery quick right after a partition heals).
 * When there is nothing to send, confirmations still have to travel: a node
 * whose holdings changed and that has had no message to the hub carry the
 * news for `idleMs` sends it its row, and the hub passes confirmations on to
 * their origins after `relayMs` in the same way: about 50 messages once
 * traffic stops at 25 nodes, instead of one acknowledgement per pair.
 * @module
 */
import type { Profile, Tuning } from "./profile.ts";

/** One value on the wire: `[origin index, sequence number from 1, value]`. */
export type Entry = [origin: number, seq: number, value: number];

/** The body of every message between nodes. */
export interface GossipBody {
  /** Always `"gossip"`. */
  type: "gossip";
  /** Values for the receiver, if any. */
  values?: Entry[];
  /** The sender's row: `have[o]` = how many of `o`'s values it holds without a gap. */
  have: number[];
  /** The receiver's column: `yours[y]` = how many of the receiver's values `y` holds, as far as the sender knows. */
  yours: number[];
  /** The sender wants the receiver's matrix back at once (it is resending). */
  ack?: boolean;
  /** The sender's wall clock when it sent this (frugal: values for the hub). */
  at?: number;
  /** Maelstrom adds no other keys; the index signature makes this a body. */
  [key: string]: unknown;
}

/** What {@linkcode Broadcaster.receive} reads of a peer's message. */
export interface GossipIn {
  /** Values for the receiver. */
  values?: readonly (readonly [number, number, number])[];
  /** The sender's row. */
  have?: readonly number[];
  /** The receiver's column. */
  yours?: readonly number[];
  /** Whether the sender wants the receiver's matrix back at once. */
  ack?: boolean;
  /** The sender's wall clock when it sent this. */
  at?: number;
}

/** A message to send. */
export interface Outgoing {
  /** The peer's node id. */
  dest: string;
  /** The body. */
  body: GossipBody;
}

/** Options of {@linkcode Broadcaster}. */
export interface BroadcasterOptions {
  /** This node's id. */
  self: string;
  /** Every node's id, in Maelstrom's order (the same at every node). */
  nodeIds: readonly string[];
  /** How values travel. */
  profile: Profile;
  /** The timing knobs. */
  tuning: Tuning;
  /**
   * A wall clock (ms), e.g. `Date.now`. With it, values for the hub carry
   * their sending time, and the hub times its round from when a value
   * *should* have arrived, so a value that waited in a busy hub's input does
   * not also wait a full round. The hub compares each transit with the
   * quickest one seen from the same sender, so a constant offset between the
   * two clocks cancels out (and under Maelstrom all nodes read one machine's
   * clock); a clock that drifts or is stepped shifts the estimate by the
   * change in offset, and the correction is capped at half a round, so the
   * worst a bad clock does is start a round up to half a round early.
   */
  wall?: () => number;
}

/**
 * One node's view of the broadcast: the values it holds and what it knows
 * of everyone else's.
 *
 * @example
 * ```ts
 * import { Broadcaster } from "./broadcaster.ts";
 * import { TUNINGS } from "./profile.ts";
 * const b = new Broadcaster({
 *   self: "n1",
 *   nodeIds: ["n0", "n1"],
 *   profile: "latency",
 *   tuning: TUNINGS.latency,
 * });
 * const out = b.broadcast(7, 0);
 * console.assert(out.length === 1 && out[0].dest === "n0");
 * console.assert(b.read().includes(7));
 * ```
 */
export class Broadcaster {
  readonly #ids: readonly string[];
  readonly #me: number;
  readonly #hub: number;
  readonly #profile: Profile;
  readonly #tuning: Tuning;

  readonly #values = new Set<number>();
  readonly #list: number[] = [];
  /** Per origin: values held by sequence number (index seq − 1). */
  readonly #held: (number | undefined)[][];
  /** `seen[y][o]`; row `me` is exact. */
  readonly #seen: number[][];
  /** When each of this node's own values was acknowledged (index seq − 1). */
  readonly #born: number[] = [];

  /** Bumped whenever this node's own row grows. */
  #rowVersion = 0;
  /** Per origin: bumped whenever another node is known to hold more of its values. */
  readonly #colVersion: number[];
  /** Per peer: since when news for it has been waiting (Infinity: none). */
  readonly #waiting: number[];
  /** Per peer: the versions the last message to it carried. */
  readonly #sentRow: number[];
  readonly #sentCol: number[];
  /** Per peer: no resend before this time. */
  readonly #nextRepair: number[];
  /** Per peer: when this node last resent it values. */
  readonly #lastResend: number[];
  /** Hub in frugal mode: per peer, entries for its next batch. */
  readonly #outbox: Entry[][];
  /** Hub in frugal mode: when the oldest entry still in an outbox arrived (Infinity: none). */
  #pendingSince = Infinity;
  /** Per sender: the shortest transit seen (wall clock), the link's own latency plus any skew. */
  readonly #minTransit: number[];
  readonly #wall: (() => number) | undefined;

  /** @throws {RangeError} when `self` is not among `nodeIds` */
  constructor(options: BroadcasterOptions) {
    this.#ids = options.nodeIds;
    this.#me = options.nodeIds.indexOf(options.self);
    if (this.#me < 0) {
      throw new RangeError(`Cannot broadcast: "${options.self}" is not among the node ids`);
    }
    this.#hub = 0;
    this.#profile = options.profile;
    this.#tuning = options.tuning;
    const n = this.#ids.length;
    const zeros = () => new Array<number>(n).fill(0);
    this.#held = Array.from({ length: n }, () => []);
    this.#seen = Array.from({ length: n }, zeros);
    this.#colVersion = zeros();
    this.#waiting = new Array<number>(n).fill(Infinity);
    this.#sentRow = zeros();
    this.#sentCol = zeros();
    this.#nextRepair = zeros();
    this.#lastResend = new Array<number>(n).fill(-Infinity);
    this.#outbox = Array.from({ length: n }, () => []);
    this.#minTransit = new Array<number>(n).fill(Infinity);
    this.#wall = options.wall;
  }

  /** Whether this node sends batches (the hub of the frugal profile). */
  get batches(): boolean {
    return this.#profile === "frugal" && this.#me === this.#hub && this.#ids.length > 1;
  }

  /**
   * When {@linkcode Broadcaster.round} should run next: `roundMs` after the
   * oldest value waiting for a batch arrived; `undefined` while none waits.
   * (Rounds follow the values rather than a fixed beat, so no value waits
   * longer than `roundMs` at the hub, and fewer values mean fewer rounds.)
   */
  get roundDue(): number | undefined {
    return this.#pendingSince === Infinity ? undefined : this.#pendingSince + this.#tuning.roundMs;
  }

  /** Every value this node holds, in the order it learnt them. */
  read(): number[] {
    return this.#list.slice();
  }

  /** A copy of this node's matrix (for tests and logs). */
  seen(): number[][] {
    return this.#seen.map((row) => row.slice());
  }

  /**
   * A client broadcast `value` here: keep it (this node becomes its origin)
   * and start it on its way. A value already held is not sent again.
   *
   * @param value the value
   * @param now the time, in ms
   * @returns the messages to send
   */
  broadcast(value: number, now: number): Outgoing[] {
    if (this.#values.has(value)) return [];
    const me = this.#me;
    const seq = this.#seen[me][me] + 1;
    this.#born.push(now);
    this.#store(me, seq, value);
    this.#note(now);
    const entry: Entry = [me, seq, value];
    if (this.#ids.length === 1) return [];
    if (this.#profile === "latency") {
      return this.#peers().map((p) => this.#sent(p, this.#body(p, [entry])));
    }
    if (me === this.#hub) {
      for (const p of this.#peers()) this.#outbox[p].push(entry);
      this.#pendingSince = Math.min(this.#pendingSince, now);
      return [];
    }
    const body = this.#body(this.#hub, [entry]);
    if (this.#wall !== undefined) body.at = this.#wall();
    return [this.#sent(this.#hub, body)];
  }

  /**
   * A peer's gossip arrived: keep its values, learn its matrix, queue what
   * the hub forwards, and answer at once when the sender asked for it.
   *
   * @param src the sender's node id
   * @param body the message
   * @param now the time, in ms
   * @returns the messages to send
   */
  receive(src: string, body: GossipIn, now: number): Outgoing[] {
    const from = this.#ids.indexOf(src);
    if (from >= 0 && from !== this.#me && body.have !== undefined) this.#mergeRow(from, body.have);
    if (body.yours !== undefined) this.#mergeColumn(body.yours);
    const forward = this.batches;
    let arrived = now;
    if (forward && body.at !== undefined && this.#wall !== undefined && from >= 0) {
      // Time spent beyond the quickest transit from this sender was spent
      // waiting to be read here: count it as waiting for the round, up to
      // half a round (with latencies that vary, a slow link is not a reason
      // for rounds to come twice as often).
      const transit = this.#wall() - body.at;
      this.#minTransit[from] = Math.min(this.#minTransit[from], transit);
      const late = transit - this.#minTransit[from];
      arrived = now - Math.min(late, this.#tuning.roundMs / 2);
    }
    for (const entry of body.values ?? []) {
      const [origin, seq, value] = entry;
      if (!(origin >= 0 && origin < this.#ids.length && seq >= 1)) continue;
      if (this.#held[origin][seq - 1] !== undefined) continue;
      this.#store(origin, seq, value);
      if (forward) {
        for (const p of this.#peers()) {
          if (p !== origin && p !== from) this.#outbox[p].push([origin, seq, value]);
        }
        this.#pendingSince = Math.min(this.#pendingSince, arrived);
      }
    }
    this.#note(now);
    if (from < 0 || from === this.#me) return [];
    if (body.have !== undefined) {
      // The sender's own row, fresh: what it lacks of ours it never got.
      const has = this.#seen[from][this.#me];
      const t = this.#tuning;
      if (
        has < this.#born.length && now - this.#born[has] >= t.evidenceMs &&
        now - this.#lastResend[from] >= t.evidenceMs
      ) {
        return [this.#resend(from, now)];
      }
    }
    return body.ack ? [this.#sent(from, this.#body(from))] : [];
  }

  /**
   * The hub's batching round: each peer gets one message with the values it
   * is not yet known to hold. Does nothing on other nodes.
   *
   * @returns the messages to send
   */
  round(): Outgoing[] {
    if (!this.batches) return [];
    this.#pendingSince = Infinity;
    const out: Outgoing[] = [];
    for (const p of this.#peers()) {
      const row = this.#seen[p];
      const entries = this.#outbox[p].filter(([o, s]) => row[o] < s);
      this.#outbox[p] = [];
      if (entries.length === 0) continue;
      out.push(this.#sent(p, this.#body(p, entries)));
    }
    return out;
  }

  /**
   * Housekeeping: resends this node's values that a peer has not confirmed
   * in time, and sends confirmations that have been waiting for traffic
   * (to the hub, or from the hub to the values' origins).
   *
   * @param now the time, in ms
   * @returns the messages to send
   */
  tick(now: number): Outgoing[] {
    const out: Outgoing[] = [];
    const me = this.#me;
    const mine = this.#seen[me][me];
    const t = this.#tuning;
    for (const p of this.#peers()) {
      const has = this.#seen[p][me];
      if (has < mine && now - this.#born[has] >= t.repairAfterMs && now >= this.#nextRepair[p]) {
        out.push(this.#resend(p, now));
        continue;
      }
      if (now - this.#waiting[p] < (me === this.#hub ? t.relayMs : t.idleMs)) continue;
      out.push(this.#sent(p, this.#body(p)));
    }
    return out;
  }

  /** This node's values that `peer` is not known to hold, asking for an answer. */
  #resend(peer: number, now: number): Outgoing {
    const me = this.#me;
    const values: Entry[] = [];
    for (let s = this.#seen[peer][me] + 1; s <= this.#born.length; s++) {
      values.push([me, s, this.#held[me][s - 1]!]);
    }
    this.#nextRepair[peer] = now + this.#tuning.repairEveryMs;
    this.#lastResend[peer] = now;
    return this.#sent(peer, { ...this.#body(peer, values), ack: true });
  }

  /** Starts the idle clock of the peers that now have news waiting. */
  #note(now: number): void {
    if (this.#me !== this.#hub) {
      const hub = this.#hub;
      if (this.#sentRow[hub] !== this.#rowVersion && this.#waiting[hub] === Infinity) {
        this.#waiting[hub] = now;
      }
      return;
    }
    for (const p of this.#peers()) {
      if (this.#sentCol[p] !== this.#colVersion[p] && this.#waiting[p] === Infinity) {
        this.#waiting[p] = now;
      }
    }
  }

  #peers(): number[] {
    const peers: number[] = [];
    for (let i = 0; i < this.#ids.length; i++) if (i !== this.#me) peers.push(i);
    return peers;
  }

  #store(origin: number, seq: number, value: number): void {
    this.#held[origin][seq - 1] = value;
    if (!this.#values.has(value)) {
      this.#values.add(value);
      this.#list.push(value);
    }
    const row = this.#seen[this.#me];
    const held = this.#held[origin];
    if (row[origin] !== seq - 1) return;
    while (held[row[origin]] !== undefined) row[origin]++;
    this.#rowVersion++;
    if (origin !== this.#me) this.#colVersion[origin]++;
  }

  #mergeRow(y: number, have: readonly number[]): void {
    const ours = this.#seen[y];
    for (let o = 0; o < Math.min(ours.length, have.length); o++) {
      if (have[o] > ours[o]) {
        ours[o] = have[o];
        if (o !== y) this.#colVersion[o]++;
      }
    }
  }

  #mergeColumn(yours: readonly number[]): void {
    const me = this.#me;
    for (let y = 0; y < Math.min(this.#ids.length, yours.length); y++) {
      if (y !== me && yours[y] > this.#seen[y][me]) this.#seen[y][me] = yours[y];
    }
  }

  #body(peer: number, values?: Entry[]): GossipBody {
    const body: GossipBody = {
      type: "gossip",
      have: this.#seen[this.#me].slice(),
      yours: this.#seen.map((row) => row[peer]),
    };
    if (values !== undefined) body.values = values;
    return body;
  }

  #sent(peer: number, body: GossipBody): Outgoing {
    this.#waiting[peer] = Infinity;
    this.#sentRow[peer] = this.#rowVersion;
    this.#sentCol[peer] = this.#colVersion[peer];
    return { dest: this.#ids[peer], body };
  }
}

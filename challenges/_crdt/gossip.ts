/**
 * Delta gossip for state-based CRDTs whose state is a set of per-origin
 * parts, each changed only by its origin node and versioned by a number
 * that grows with every change (a per-node P/N total, a per-node log of
 * added elements).
 *
 * Every `interval` ms a node sends each peer at most one message, and only
 * when there is something to say:
 *
 * - its own part beyond what that peer acknowledged, when it changed since
 *   the last send to that peer or the last send went unacknowledged for
 *   `retransmit` ms (doubling, up to `maxRetransmit`, while the peer
 *   acknowledges nothing); a peer that acknowledged nothing for `retransmit`
 *   + `ackDelay` ms is taken as cut off and gets data only on those retransmissions;
 * - on anti-entropy rounds (every `antiEntropy` ms), also other origins'
 *   parts the peer still lacks though we had them a whole round ago (that
 *   is how updates cross a partition that cuts their origin off);
 * - otherwise, an acknowledgement, when the peer sent news and we owe it one
 *   for `ackDelay` ms (acks ride on data when there is any).
 *
 * Every message carries the sender's version vector (`have`), which is the
 * acknowledgement. Deltas always start from the peer's acknowledged
 * versions, so they never leave gaps.
 * @module
 */
import type { Node } from "../../mod.ts";
import { z } from "../../mod.ts";

/** Per-origin versions: origin node id → version (0 when absent). */
export type Versions = Record<string, number>;

/** A replicated state made of per-origin parts; see the module doc. */
export interface Replica<D> {
  /** The version of every origin's part held here. */
  versions(): Versions;
  /**
   * What a holder of `have` lacks of the origins `include` accepts, or
   * undefined when it lacks nothing of them.
   */
  delta(have: Versions, include: (origin: string) => boolean): D | undefined;
  /** Merges a delta; returns whether anything was new. */
  merge(delta: D): boolean;
}

/** Options of {@linkcode Gossip}. */
export interface GossipOptions {
  /** Milliseconds between gossip rounds. Default 200. */
  interval?: number;
  /** Milliseconds an acknowledgement may wait for data to ride on. Default 400. */
  ackDelay?: number;
  /** Milliseconds before unacknowledged data is sent again. Default 1000. */
  retransmit?: number;
  /** Longest retransmission interval to a silent peer (bounds convergence after a heal). Default 1500. */
  maxRetransmit?: number;
  /** Milliseconds between anti-entropy rounds. Default 1000. */
  antiEntropy?: number;
  /** The gossip message type. Default `"gossip"`. */
  type?: string;
}

interface Peer {
  /** What the peer said it has. */
  known: Versions;
  /** What we had when we last sent it data, per included origin. */
  sent: Versions;
  sentAt: number;
  rto: number;
  /** Since when we have sent it data without its acknowledging any, if we have. */
  waitingSince: number | undefined;
  /** Since when we owe it an acknowledgement, if we do. */
  oweSince: number | undefined;
}

const VersionsSchema = z.record(z.string(), z.int());

/**
 * Gossips a replica among all of a node's peers. Construct it before the
 * node runs; it registers the gossip handler and its timer.
 *
 * @example
 * ```ts ignore
 * import { Node } from "../../mod.ts";
 * import { PnCounter, PnDeltaSchema } from "../pn-counter/pn_counter.ts";
 * const node = new Node();
 * const counter = new PnCounter();
 * new Gossip(node, counter, PnDeltaSchema);
 * ```
 */
export class Gossip<D> {
  #node: Node;
  #replica: Replica<D>;
  #interval: number;
  #ackDelay: number;
  #retransmit: number;
  #maxRetransmit: number;
  #antiEntropy: number;
  #type: string;
  #peers = new Map<string, Peer>();
  /** Our versions at the previous anti-entropy round. */
  #settled: Versions = {};
  #nextAntiEntropy = 0;
  /** Messages sent, for tests and logs. */
  sent = 0;

  /**
   * Registers the gossip handler and the gossip timer on `node`.
   * @param node the node to gossip from (its peers are every other node)
   * @param replica the state to replicate
   * @param deltaSchema the wire schema of the replica's deltas
   * @param options timing
   */
  constructor(
    node: Node,
    replica: Replica<D>,
    deltaSchema: z.ZodMiniType<D>,
    options: GossipOptions = {},
  ) {
    this.#node = node;
    this.#replica = replica;
    this.#interval = options.interval ?? 200;
    this.#ackDelay = options.ackDelay ?? 400;
    this.#retransmit = options.retransmit ?? 1000;
    this.#maxRetransmit = options.maxRetransmit ?? 1500;
    this.#antiEntropy = options.antiEntropy ?? 1000;
    this.#type = options.type ?? "gossip";
    const Message = z.object({ have: VersionsSchema, delta: z.optional(deltaSchema) });
    node.handle(this.#type, Message, (req) => {
      this.receive(req.src, req.body.have, req.body.delta as D | undefined);
    });
    node.onInit(() => {
      this.#nextAntiEntropy = node.clock.now() + this.#antiEntropy;
    });
    node.every(this.#interval, () => this.tick());
  }

  #peer(id: string): Peer {
    let p = this.#peers.get(id);
    if (p === undefined) {
      p = {
        known: {},
        sent: {},
        sentAt: -Infinity,
        rto: this.#retransmit,
        waitingSince: undefined,
        oweSince: undefined,
      };
      this.#peers.set(id, p);
    }
    return p;
  }

  /** Handles a gossip message from `src`. */
  receive(src: string, have: Versions, delta: D | undefined): void {
    const p = this.#peer(src);
    const progress = Object.entries(have).some(([o, v]) =>
      v > (p.known[o] ?? 0) && (p.sent[o] ?? 0) > (p.known[o] ?? 0)
    );
    p.known = max(p.known, have);
    if (progress || Object.entries(p.sent).every(([o, v]) => (p.known[o] ?? 0) >= v)) {
      p.rto = this.#retransmit;
      p.waitingSince = undefined;
    }
    if (delta !== undefined) {
      this.#replica.merge(delta);
      p.oweSince ??= this.#node.clock.now();
    }
  }

  /** One gossip round (the node's timer calls it every `interval` ms). */
  tick(): void {
    const node = this.#node;
    const now = node.clock.now();
    const mine = this.#replica.versions();
    const antiEntropy = now >= this.#nextAntiEntropy;
    const settled = this.#settled;
    if (antiEntropy) {
      this.#nextAntiEntropy = now + this.#antiEntropy;
      this.#settled = mine;
    }
    for (const id of node.peers) {
      const p = this.#peer(id);
      const include = (o: string) =>
        o === node.id || (antiEntropy && (settled[o] ?? 0) > (p.known[o] ?? 0));
      const delta = this.#replica.delta(p.known, include);
      let send = false;
      if (delta !== undefined) {
        const news = Object.keys(mine).some((o) =>
          include(o) && mine[o] > Math.max(p.sent[o] ?? 0, p.known[o] ?? 0)
        );
        // A peer that has not acknowledged anything for a retransmission
        // interval is probably cut off: it gets data only when that expires.
        const suspect = p.waitingSince !== undefined &&
          now - p.waitingSince >= this.#retransmit + this.#ackDelay;
        const expired = now - p.sentAt >= p.rto;
        if ((news && !suspect) || expired) {
          if (!news || suspect) p.rto = Math.min(p.rto * 2, this.#maxRetransmit);
          for (const o of Object.keys(mine)) if (include(o)) p.sent[o] = mine[o];
          p.sentAt = now;
          p.waitingSince ??= now;
          send = true;
        }
      }
      if (send || (p.oweSince !== undefined && now - p.oweSince >= this.#ackDelay)) {
        node.send(
          id,
          send ? { type: this.#type, have: mine, delta } : { type: this.#type, have: mine },
        );
        p.oweSince = undefined;
        this.sent++;
      }
    }
  }
}

/** The larger of two version vectors, origin by origin. */
export function max(a: Versions, b: Versions): Versions {
  const out = { ...a };
  for (const [o, v] of Object.entries(b)) if (v > (out[o] ?? 0)) out[o] = v;
  return out;
}

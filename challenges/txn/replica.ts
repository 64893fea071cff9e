/**
 * A totally available, read-committed replica of a key/value register map,
 * free of I/O (the node in `main.ts` moves its messages).
 *
 * - A txn runs locally and at once: reads see the replica's state with the
 *   txn's own earlier writes on top; then the txn's **final** write per key
 *   is applied, all at once, stamped with a timestamp (Lamport counter,
 *   node index) higher than anything the replica has seen. Intermediate
 *   writes never leave the txn (no G1b); nothing is ever refused or
 *   aborted (no G1a, total availability).
 * - Each txn with writes becomes one log entry `{seq, ts, writes}`. Peers
 *   receive entries in `seq` order per origin, apply each entry's writes
 *   all at once (so no read sees part of a txn: no fractured reads, which
 *   read committed would allow anyway), and acknowledge the highest `seq`
 *   applied; unacknowledged entries are resent until acknowledged, so
 *   replicas converge once partitions heal.
 * - Every key is a last-writer-wins register ordered by the timestamp, a
 *   total order, so all replicas end with the same value per key whatever
 *   the order of delivery.
 * - No G0 or G1c: a txn that read another's write ran after that write was
 *   applied here, so its timestamp is higher (wr edges go up), and
 *   last-writer-wins orders each key's versions by timestamp (ww edges go
 *   up), so no cycle of ww and wr edges can close. rw edges may go down (a
 *   replica that lacks a newer write reads the older one), so G-single and
 *   G2 remain possible, as read committed allows.
 * @module
 */

/** A micro-op: `["r", k, v]` or `["w", k, v]`. */
export type MicroOp = [string, unknown, unknown];

/** A write's timestamp: `[lamport, node index]`, compared lexicographically. */
export type Timestamp = [number, number];

/** One txn's final writes, as replicated. */
export interface Entry {
  /** Position in the origin's log, 1, 2, 3, … */
  seq: number;
  /** The txn's timestamp. */
  ts: Timestamp;
  /** Final write per key, `[key, value]`. */
  writes: Array<[unknown, unknown]>;
}

interface Version {
  value: unknown;
  ts: Timestamp;
}

function newer(a: Timestamp, b: Timestamp): boolean {
  return a[0] !== b[0] ? a[0] > b[0] : a[1] > b[1];
}

/** A key as a map key: JSON text for anything but numbers and strings. */
function keyOf(k: unknown): unknown {
  return typeof k === "number" || typeof k === "string" ? k : JSON.stringify(k);
}

/** One node's replica (see the module doc). */
export class Replica {
  #state = new Map<unknown, Version>();
  #lamport = 0;
  #log: Entry[] = [];
  #nextSeq = 1;
  #acked = new Map<string, number>();
  #applied = new Map<string, number>();

  /**
   * @param index This node's position in the node list (breaks timestamp ties).
   * @param peers The other nodes.
   */
  constructor(readonly index: number, readonly peers: readonly string[]) {
    for (const p of peers) this.#acked.set(p, 0);
  }

  /**
   * Runs a txn: fills its reads, applies its final writes atomically and
   * logs them for the peers.
   * @param txn Micro-ops in order.
   * @returns The micro-ops with reads filled in (`null` for unwritten keys).
   * @example
   * ```ts
   * import { Replica } from "./replica.ts";
   * const r = new Replica(0, []);
   * r.execute([["w", 1, 5]]);
   * console.assert(r.execute([["r", 1, null]])[0][2] === 5);
   * ```
   */
  execute(txn: readonly MicroOp[]): MicroOp[] {
    const own = new Map<unknown, unknown>();
    const out: MicroOp[] = [];
    const writes: Array<[unknown, unknown]> = [];
    for (const [f, k, v] of txn) {
      const key = keyOf(k);
      if (f === "w") {
        own.set(key, v);
        out.push([f, k, v]);
      } else {
        out.push([f, k, own.has(key) ? own.get(key) : this.#state.get(key)?.value ?? null]);
      }
    }
    if (own.size === 0) return out;
    for (const [f, k, v] of txn) if (f === "w") writes.push([k, v]);
    // Keep only the last write of each key, in the order of those last writes.
    const last = new Map<unknown, [unknown, unknown]>();
    for (const w of writes) {
      last.delete(keyOf(w[0]));
      last.set(keyOf(w[0]), w);
    }
    const entry: Entry = {
      seq: this.#nextSeq++,
      ts: [++this.#lamport, this.index],
      writes: [...last.values()],
    };
    this.#apply(entry);
    if (this.peers.length > 0) this.#log.push(entry);
    return out;
  }

  #apply(entry: Entry): void {
    if (entry.ts[0] > this.#lamport) this.#lamport = entry.ts[0];
    for (const [k, v] of entry.writes) {
      const key = keyOf(k);
      const cur = this.#state.get(key);
      if (cur === undefined || newer(entry.ts, cur.ts)) {
        this.#state.set(key, { value: v, ts: entry.ts });
      }
    }
  }

  /**
   * Applies entries from `origin`, in `seq` order, skipping those already
   * applied and stopping at a gap.
   * @param origin The node whose log they come from.
   * @param entries Entries in any order.
   * @returns The highest `seq` of `origin` applied so far (to acknowledge).
   */
  receive(origin: string, entries: readonly Entry[]): number {
    let upto = this.#applied.get(origin) ?? 0;
    for (const e of [...entries].sort((a, b) => a.seq - b.seq)) {
      if (e.seq !== upto + 1) continue;
      this.#apply(e);
      upto = e.seq;
    }
    this.#applied.set(origin, upto);
    return upto;
  }

  /**
   * Records that `peer` applied our entries up to `upto`; entries every peer
   * has are dropped from the log.
   * @param peer The peer.
   * @param upto Its acknowledged `seq`.
   */
  ack(peer: string, upto: number): void {
    if (!this.#acked.has(peer) || upto <= this.#acked.get(peer)!) return;
    this.#acked.set(peer, upto);
    const min = Math.min(...this.#acked.values());
    let drop = 0;
    while (drop < this.#log.length && this.#log[drop].seq <= min) drop++;
    if (drop > 0) this.#log.splice(0, drop);
  }

  /**
   * The entries `peer` has not acknowledged yet, oldest first.
   * @param peer The peer.
   * @param max At most this many.
   * @returns Entries to send.
   */
  pending(peer: string, max: number): Entry[] {
    const acked = this.#acked.get(peer) ?? 0;
    const out: Entry[] = [];
    for (const e of this.#log) {
      if (e.seq <= acked) continue;
      out.push(e);
      if (out.length >= max) break;
    }
    return out;
  }

  /** Entries not yet acknowledged by every peer. */
  get backlog(): number {
    return this.#log.length;
  }

  /**
   * The current value of a key (`null` if never written).
   * @param k The key.
   * @returns Its value.
   */
  read(k: unknown): unknown {
    return this.#state.get(keyOf(k))?.value ?? null;
  }
}

/**
 * A reliable, ordered stream of events from one node to one peer, carried
 * in batches: every event is delivered to the peer's handler exactly once
 * and in order, however messages are dropped, as long as some get through.
 * No I/O: the caller sends what {@linkcode Link.flush} returns and feeds
 * what arrives to {@linkcode Link.receive}.
 *
 * Each batch carries the sequence number of its first event and a
 * cumulative acknowledgement of the peer's stream. Events stay queued until
 * acknowledged; when no acknowledgement progress is seen for `rto` ms, the
 * unacknowledged events are sent again.
 * @module
 */

/** An event: a JSON array whose first item names it. */
export type Event = unknown[];

/** What one batch carries. */
export interface Batch {
  /** Sequence number of `events[0]` (the first event of a stream is 1). */
  seq: number;
  events: Event[];
  /** Every event of the peer's stream up to this number was received. */
  ack: number;
}

/** Options of {@linkcode Link}. */
export interface LinkOptions {
  /** Resend unacknowledged events after this many ms without progress. Default 300. */
  rto?: number;
  /** Send an acknowledgement alone once it has waited this many ms. Default 30. */
  ackDelay?: number;
  /** Most events per batch. Default 5000. */
  max?: number;
}

/** One direction of a node pair, plus the acknowledgements of the other. */
export class Link {
  #out: Event[] = [];
  /** Sequence number of `#out[0]`. */
  #base = 1;
  /** Highest sequence number sent. */
  #sent = 0;
  /** When acknowledgements last made progress (or sending started). */
  #progressAt = 0;
  /** Next sequence number expected from the peer. */
  #next = 1;
  #owedSince: number | undefined;
  #rto: number;
  #ackDelay: number;
  #max: number;

  constructor(options: LinkOptions = {}) {
    this.#rto = options.rto ?? 300;
    this.#ackDelay = options.ackDelay ?? 30;
    this.#max = options.max ?? 5000;
  }

  /** Queues an event. */
  push(event: Event): void {
    this.#out.push(event);
  }

  /** Events queued and not yet sent (since the last resend). */
  get unsent(): number {
    return this.#base - 1 + this.#out.length - this.#sent;
  }

  /** The sequence number the next event from the peer must have. */
  get expected(): number {
    return this.#next;
  }

  /**
   * Asks for a batch even without events, as for an owed acknowledgement
   * (after `ackDelay`): for news carried by the batch itself.
   * @param now The time, ms.
   */
  touch(now: number): void {
    this.#owedSince ??= now;
  }

  /** Events queued and not yet acknowledged. */
  get unacked(): number {
    return this.#out.length;
  }

  /**
   * The batch to send now, if any: new events, a resend after `rto`, or an
   * acknowledgement that has waited `ackDelay`.
   * @param now The time, ms.
   * @returns The batch, or undefined when there is nothing to send.
   */
  flush(now: number): Batch | undefined {
    const acked = this.#base - 1;
    const top = acked + this.#out.length;
    if (this.#sent > acked && now - this.#progressAt >= this.#rto) {
      this.#sent = acked;
    }
    const n = Math.min(top - this.#sent, this.#max);
    const owed = this.#owedSince !== undefined && now - this.#owedSince >= this.#ackDelay;
    if (n <= 0 && !owed) return undefined;
    if (this.#sent === acked && n > 0) this.#progressAt = now;
    const from = this.#sent + 1;
    const events = this.#out.slice(from - this.#base, from - this.#base + Math.max(0, n));
    this.#sent += Math.max(0, n);
    this.#owedSince = undefined;
    return { seq: from, events, ack: this.#next - 1 };
  }

  /**
   * Takes in a batch from the peer.
   * @param batch The batch.
   * @param now The time, ms.
   * @returns The events not seen before, in stream order.
   */
  receive(batch: Batch, now: number): Event[] {
    const acked = this.#base - 1;
    if (batch.ack > acked) {
      const drop = Math.min(batch.ack - acked, this.#out.length);
      this.#out.splice(0, drop);
      this.#base += drop;
      this.#progressAt = now;
      this.#sent = Math.max(this.#sent, this.#base - 1);
    }
    const fresh: Event[] = [];
    for (let i = 0; i < batch.events.length; i++) {
      const seq = batch.seq + i;
      if (seq < this.#next) continue;
      if (seq > this.#next) break;
      fresh.push(batch.events[i]);
      this.#next++;
    }
    if (batch.events.length > 0) this.#owedSince ??= now;
    return fresh;
  }
}

/**
 * Exactly-once application of client commands: the state machine is wrapped
 * in a table of each client's last applied request and its result. The
 * table is part of the replicated state (every node builds it from the same
 * log), so a request that reaches the log twice — forwarded again to a new
 * leader after the old one had already appended it — takes effect once, and
 * its second copy answers with the first one's result.
 *
 * It relies on what Maelstrom's clients do: one request at a time, numbered
 * 1, 2, 3 … per client (`msg_id`). A request numbered at or below the
 * client's last applied one is a copy (or one the client gave up on).
 * @module
 */

/** A client request in the log: who asked (`client`, `seq`) and what. */
export interface Command<C> {
  client: string;
  seq: number;
  command: C;
}

/** What applying one logged command gave. */
export interface Applied<R> {
  /** The result to answer with; `undefined` for a request the client gave up on. */
  result: R | undefined;
  /** Whether the command ran now (false: a copy, answered from the table). */
  ran: boolean;
}

/**
 * A state machine's `apply`, made idempotent per client request.
 *
 * @example
 * ```ts
 * import { Sessions } from "./sessions.ts";
 * let x = 0;
 * const s = new Sessions((n: number) => x += n);
 * s.apply({ client: "c1", seq: 1, command: 5 });
 * const again = s.apply({ client: "c1", seq: 1, command: 5 });
 * console.assert(x === 5 && again.result === 5 && !again.ran);
 * ```
 */
export class Sessions<C, R> {
  #last = new Map<string, { seq: number; result: R }>();
  #apply: (command: C) => R;
  #dedupe: boolean;

  /**
   * @param apply the state machine's deterministic apply
   * @param options `dedupe: false` (test-only) applies every copy, to show what breaks
   */
  constructor(apply: (command: C) => R, options: { dedupe?: boolean } = {}) {
    this.#apply = apply;
    this.#dedupe = options.dedupe ?? true;
  }

  /** Applies `c` unless this client's request `c.seq` (or a later one) already was. */
  apply(c: Command<C>): Applied<R> {
    const last = this.#last.get(c.client);
    if (this.#dedupe && last !== undefined && c.seq <= last.seq) {
      return { result: c.seq === last.seq ? last.result : undefined, ran: false };
    }
    const result = this.#apply(c.command);
    this.#last.set(c.client, { seq: c.seq, result });
    return { result, ran: true };
  }
}

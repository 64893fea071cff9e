/**
 * lin-kv's state machine: integer registers by key, with read, write and
 * compare-and-set. Deterministic, free of I/O: Raft runs the same commands in
 * the same order on every node, and every node gets the same answers.
 * @module
 */
import { ErrorCode, type OutBody } from "../../mod.ts";
import type { StateMachine } from "../_raft/replica.ts";

/** A command that may change a register. */
export type KvCommand =
  | { f: "write"; key: number; value: number }
  | { f: "cas"; key: number; from: number; to: number };

/** A read of one register. */
export interface KvQuery {
  key: number;
}

/**
 * The registers. Answers are the reply bodies the client gets: `read_ok`,
 * `write_ok`, `cas_ok`, or a definite error (20: no such key, 22: `from`
 * does not match), which is an answer too: the cas happened, and changed nothing.
 *
 * @example
 * ```ts
 * import { KvStore } from "./store.ts";
 * const kv = new KvStore();
 * kv.apply({ f: "write", key: 1, value: 3 });
 * console.assert(kv.apply({ f: "cas", key: 1, from: 4, to: 5 }).code === 22);
 * console.assert(kv.query({ key: 1 }).value === 3);
 * ```
 */
export class KvStore implements StateMachine<KvCommand, KvQuery, OutBody> {
  #values = new Map<number, number>();

  /** Runs a write or a cas. */
  apply(c: KvCommand): OutBody {
    if (c.f === "write") {
      this.#values.set(c.key, c.value);
      return { type: "write_ok" };
    }
    const current = this.#values.get(c.key);
    if (current === undefined) return missing(c.key);
    if (current !== c.from) {
      return {
        type: "error",
        code: ErrorCode.PreconditionFailed,
        text: `current value ${current} is not ${c.from}`,
      };
    }
    this.#values.set(c.key, c.to);
    return { type: "cas_ok" };
  }

  /** Reads a register. */
  query(q: KvQuery): OutBody {
    const value = this.#values.get(q.key);
    return value === undefined ? missing(q.key) : { type: "read_ok", value };
  }
}

function missing(key: number): OutBody {
  return { type: "error", code: ErrorCode.KeyDoesNotExist, text: `key ${key} does not exist` };
}

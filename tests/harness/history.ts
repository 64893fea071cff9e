/**
 * The history of a run: what the bench's clients invoked and how each
 * operation completed, in the shape of Jepsen's history (one entry per
 * invocation and one per completion, in the order they happened).
 *
 * This file is the contract between the bench's engine (which records
 * histories), the checkers (pure functions of a history) and the report.
 * @module
 */

/** Jepsen's operation types. */
export type OpType = "invoke" | "ok" | "fail" | "info";

/** A client thread's process number, or the nemesis. */
export type Process = number | "nemesis";

/** One history entry. Keys mirror Jepsen's op map. */
export interface Op {
  /** Position in the history, 0-based, dense. */
  index: number;
  /** Nanoseconds since the main phase started (Jepsen's `:time`). */
  time: number;
  type: OpType;
  process: Process;
  /** The operation, e.g. `"broadcast"`, `"read"`, `"send"`, `"txn"`. */
  f: string;
  /** Invocation: the argument; completion: the result (shape per workload). */
  value: unknown;
  /**
   * On a non-ok completion: Maelstrom's error, `[name, text]` for an error
   * reply (e.g. `["temporarily-unavailable", "not leader"]`), the string
   * `"net-timeout"` for a client timeout, or `"indeterminate: <message>"`
   * for workloads that do not wrap errors.
   */
  error?: unknown;
  /** The Maelstrom error code of an error reply, when there was one. */
  code?: number;
  /** Set on final-phase reads that Maelstrom tags `:final? true`. */
  final?: boolean;
  /** Set on `:info` ops that ended with an exception (e.g. a malformed reply). */
  exception?: string;
}

/** A checker's verdict: Jepsen's `:valid?` (true, false or `:unknown`). */
export type Validity = true | false | "unknown";

/**
 * A checker's result. Keys use Maelstrom's result names without the leading
 * colon (`"valid?"`, `"stable-latencies"`, `"msgs-per-op"`, …) so that
 * `results.json` mirrors `results.edn`.
 */
export interface CheckResult {
  "valid?": Validity;
  [key: string]: unknown;
}

/** Jepsen's merge of validities: false beats unknown beats true. */
export function mergeValid(values: Iterable<Validity>): Validity {
  let out: Validity = true;
  for (const v of values) {
    if (v === false) return false;
    if (v === "unknown") out = "unknown";
  }
  return out;
}

/** The client ops of a history (no nemesis entries). */
export function clientOps(history: readonly Op[]): Op[] {
  return history.filter((op) => op.process !== "nemesis");
}

/**
 * Pairs each invocation with its completion (same process, next entry of
 * that process). An invocation without completion pairs with `undefined`.
 */
export function pairs(history: readonly Op[]): Array<[Op, Op | undefined]> {
  const open = new Map<Process, Op>();
  const out: Array<[Op, Op | undefined]> = [];
  const slot = new Map<Op, number>();
  for (const op of history) {
    if (op.type === "invoke") {
      open.set(op.process, op);
      slot.set(op, out.length);
      out.push([op, undefined]);
    } else {
      const inv = open.get(op.process);
      if (inv === undefined) continue;
      open.delete(op.process);
      out[slot.get(inv)!][1] = op;
    }
  }
  return out;
}

/** A message as the bench's network carries it. */
export interface Message {
  /** Global message id, 0, 1, 2, … in send order. */
  id: number;
  src: string;
  dest: string;
  body: Record<string, unknown>;
}

/**
 * One network journal event: a `send` for every message the network
 * accepted (even one a partition later drops), a `recv` for every delivery.
 */
export interface JournalEvent {
  type: "send" | "recv";
  /** Nanoseconds since the main phase started (negative during setup). */
  time: number;
  message: Message;
}

/**
 * Errors a bench client's RPC can end with, and Maelstrom's error codes
 * (https://github.com/jepsen-io/maelstrom/blob/main/doc/protocol.md#errors). The
 * engine turns them into `:fail` / `:info` completions; workload clients may
 * simply let them propagate.
 * @module
 */

/** Maelstrom's error codes: code → [name, definite]. */
export const ERROR_CODES: ReadonlyMap<number, readonly [string, boolean]> = new Map([
  [0, ["timeout", false]],
  [1, ["node-not-found", true]],
  [10, ["not-supported", true]],
  [11, ["temporarily-unavailable", true]],
  [12, ["malformed-request", true]],
  [13, ["crash", false]],
  [14, ["abort", true]],
  [20, ["key-does-not-exist", true]],
  [21, ["key-already-exists", true]],
  [22, ["precondition-failed", true]],
  [30, ["txn-conflict", true]],
]);

/** Name of an error code (`"unknown"` for codes Maelstrom does not know). */
export function errorName(code: number): string {
  return ERROR_CODES.get(code)?.[0] ?? "unknown";
}

/** Whether an error code is definite (the op certainly did not happen). */
export function isDefinite(code: number): boolean {
  return ERROR_CODES.get(code)?.[1] ?? false;
}

/** A node answered an RPC with an `error` body. */
export class RpcError extends Error {
  /** The error code. */
  readonly code: number;
  /** The error text, if any. */
  readonly text: string | undefined;
  /** The whole error body. */
  readonly body: Record<string, unknown>;

  /**
   * @param body The `error` reply body.
   * @param options Standard error options.
   */
  constructor(body: Record<string, unknown>, options?: ErrorOptions) {
    const code = typeof body.code === "number" ? body.code : -1;
    const text = typeof body.text === "string" ? body.text : undefined;
    super(`Error ${code} (${errorName(code)})${text === undefined ? "" : `: ${text}`}`, options);
    this.name = "RpcError";
    this.code = code;
    this.text = text;
    this.body = body;
  }

  /** Whether the code is definite. */
  get definite(): boolean {
    return isDefinite(this.code);
  }
}

/** No reply within the RPC's timeout. */
export class RpcTimeout extends Error {
  /**
   * @param timeoutMs The timeout that expired.
   * @param options Standard error options.
   */
  constructor(readonly timeoutMs: number, options?: ErrorOptions) {
    super(`Client read timeout after ${timeoutMs} ms`, options);
    this.name = "RpcTimeout";
  }
}

/** A non-error reply that does not match the RPC's reply schema. */
export class MalformedReply extends Error {
  /**
   * @param detail What is wrong, e.g. `unrecognized key "extra"`.
   * @param body The offending body.
   * @param options Standard error options.
   */
  constructor(detail: string, readonly body: unknown, options?: ErrorOptions) {
    super(`Malformed RPC response: ${detail}: ${JSON.stringify(body)}`, options);
    this.name = "MalformedReply";
  }
}

/** The run cannot go on (init failure, topology failure, crashed node): exit 255. */
export class TestCrashed extends Error {
  /**
   * @param message What went wrong.
   * @param options Standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "TestCrashed";
  }
}

/** A bad command-line argument: exit 254. */
export class UsageError extends Error {
  /**
   * @param message Names the option and the offending value.
   * @param options Standard error options.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

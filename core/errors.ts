/**
 * Maelstrom's error codes and the coded error that carries one.
 *
 * A handler that throws a {@linkcode CodedError} answers the request with that
 * error; any other exception becomes code 13 (crash), the always-safe
 * indefinite error.
 * @module
 */

/** Maelstrom's reserved error codes (0–999); codes ≥ 1000 are yours. */
export const ErrorCode = {
  /** The operation did not complete in time. Indefinite. */
  Timeout: 0,
  /** The request was addressed to a node that does not exist. Definite. */
  NodeNotFound: 1,
  /** The operation is not supported. Definite. */
  NotSupported: 10,
  /** The operation cannot be performed right now; it certainly did not happen. Definite. */
  TemporarilyUnavailable: 11,
  /** The request is malformed and could not have been processed. Definite. */
  MalformedRequest: 12,
  /** Generic indefinite failure: it may or may not have happened. */
  Crash: 13,
  /** Generic definite failure: it certainly did not happen. */
  Abort: 14,
  /** The key does not exist. Definite. */
  KeyDoesNotExist: 20,
  /** The key already exists. Definite. */
  KeyAlreadyExists: 21,
  /** A precondition (e.g. a CAS `from`) did not hold. Definite. */
  PreconditionFailed: 22,
  /** A transaction was aborted by a conflict. Definite. */
  TxnConflict: 30,
} as const;

/** One of Maelstrom's reserved error codes. */
export type ErrorCode = typeof ErrorCode[keyof typeof ErrorCode];

const NAMES: Record<number, string> = {
  0: "timeout",
  1: "node-not-found",
  10: "not-supported",
  11: "temporarily-unavailable",
  12: "malformed-request",
  13: "crash",
  14: "abort",
  20: "key-does-not-exist",
  21: "key-already-exists",
  22: "precondition-failed",
  30: "txn-conflict",
};

const DEFINITE = new Set<number>([1, 10, 11, 12, 14, 20, 21, 22, 30]);

/**
 * Whether an error code is definite: the operation certainly did not and
 * never will take effect. Unknown codes are indefinite, as in Maelstrom.
 *
 * @example
 * ```ts
 * import { isDefinite } from "./errors.ts";
 * console.assert(isDefinite(22) && !isDefinite(13) && !isDefinite(1000));
 * ```
 */
export function isDefinite(code: number): boolean {
  return DEFINITE.has(code);
}

/**
 * Maelstrom's name for an error code (`"temporarily-unavailable"`), or
 * `"unknown"` for a code it does not know.
 */
export function errorName(code: number): string {
  return NAMES[code] ?? "unknown";
}

/** Options of {@linkcode CodedError}. */
export interface CodedErrorOptions {
  /** What caused this error. */
  cause?: unknown;
  /** Extra fields sent along in the error body (Maelstrom keeps them). */
  extra?: Record<string, unknown>;
}

/**
 * An error with a Maelstrom error code. Thrown by a handler, it becomes the
 * error reply; {@linkcode Node.rpc} rejects with one when the other side
 * answers with an error (its code) or does not answer in time (code 0).
 *
 * @example
 * ```ts
 * import { CodedError, ErrorCode } from "./errors.ts";
 * const e = new CodedError(ErrorCode.KeyDoesNotExist, "key does not exist: \"x\"");
 * console.assert(e.definite && e.name === "CodedError");
 * ```
 */
export class CodedError extends Error {
  /** The Maelstrom error code. */
  readonly code: number;
  /** Extra fields of the error body. */
  readonly extra: Record<string, unknown>;

  /**
   * @param code a Maelstrom error code (see {@linkcode ErrorCode}) or one of yours (≥ 1000)
   * @param message the error's text, sent as the body's `text`
   */
  constructor(code: number, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "CodedError";
    this.code = code;
    this.extra = options.extra ?? {};
  }

  /** Whether the operation certainly did not take effect. */
  get definite(): boolean {
    return isDefinite(this.code);
  }

  /** The `error` body for this error, without `in_reply_to`. */
  toBody(): { type: "error"; code: number; text: string } {
    return { ...this.extra, type: "error", code: this.code, text: this.message };
  }
}

/**
 * Turns anything thrown into a {@linkcode CodedError}: coded errors pass
 * through, anything else becomes code 13 (crash) with its message and itself
 * as the cause.
 */
export function toCodedError(error: unknown): CodedError {
  if (error instanceof CodedError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CodedError(ErrorCode.Crash, message || "crash", { cause: error });
}

/**
 * Retrying an operation only when another attempt is safe.
 *
 * A failure is one of two kinds (Maelstrom's protocol, "Errors":
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/protocol.md#errors):
 *
 * - **definite**: the operation certainly did not happen and never will.
 *   Most definite errors are answers (20: no such key, 22: the CAS `from`
 *   did not match) and asking again gets the same answer; but 11
 *   (temporarily unavailable) says "not now", so a later attempt may work,
 *   and it cannot run the operation twice.
 * - **indefinite** (0 timeout, 13 crash, any unknown code): the operation
 *   may have happened, may never happen, or may happen later. Another
 *   attempt may make it happen **twice**. That is harmless only for an
 *   idempotent operation: one whose second execution, with anything else
 *   happening in between, leaves every observer seeing what one execution
 *   would (adding to a grow-only set; a write to a key no one else writes).
 *   A blind write to a shared key is not idempotent in this sense: a
 *   retry that lands after someone else's write brings the old value back,
 *   and a linearizability checker sees a value reappear.
 *
 * So by default {@linkcode retry} retries error 11 only, and retries
 * indefinite failures only when told the operation is `idempotent`.
 * @module
 */
import { type Clock, systemClock } from "./clock.ts";
import { CodedError, ErrorCode } from "./errors.ts";

/** Options of {@linkcode retry}. */
export interface RetryOptions {
  /** At most this many attempts in all. Default: unlimited. */
  attempts?: number;
  /** Milliseconds before the second attempt. Default 50. */
  delay?: number;
  /** Each delay is the previous one times this. Default 2. */
  factor?: number;
  /** The longest delay. Default 1000. */
  maxDelay?: number;
  /**
   * Whether running the operation twice is as good as running it once, to
   * every observer and whatever happens in between (see the module doc).
   * Only then are indefinite failures (timeouts, crashes) retried, since
   * the failed attempt may have taken effect. Default false.
   */
  idempotent?: boolean;
  /**
   * Whether a failure is worth another attempt; replaces the default test,
   * {@linkcode isRetrySafe} with `idempotent`.
   */
  retryable?: (error: unknown) => boolean;
  /** The clock to wait on (a node's, so tests control it). Default: the system clock. */
  clock?: Clock;
  /** Stop retrying once this returns true (e.g. the node is shutting down). */
  stopped?: () => boolean;
}

/** Whether a failure is a coded error that is not definite: the operation may have happened. */
export function isIndefinite(error: unknown): boolean {
  return error instanceof CodedError && !error.definite;
}

/**
 * The default test of {@linkcode retry}: error 11 (certainly not done, may
 * work later) always; an indefinite coded error only when the operation is
 * idempotent. Other definite errors are answers, and anything that is not a
 * {@linkcode CodedError} is a bug: neither is retried.
 *
 * @example
 * ```ts
 * import { isRetrySafe } from "./retry.ts";
 * import { CodedError } from "./errors.ts";
 * console.assert(isRetrySafe(new CodedError(11, "no leader")));
 * console.assert(!isRetrySafe(new CodedError(0, "timed out")));
 * console.assert(isRetrySafe(new CodedError(0, "timed out"), true));
 * console.assert(!isRetrySafe(new CodedError(22, "from mismatch"), true));
 * ```
 */
export function isRetrySafe(error: unknown, idempotent = false): boolean {
  if (!(error instanceof CodedError)) return false;
  if (error.code === ErrorCode.TemporarilyUnavailable) return true;
  return idempotent && !error.definite;
}

/**
 * Calls `fn` until it succeeds, a failure is not retryable, or the attempts
 * run out; waits with exponential back-off between attempts.
 *
 * @returns what `fn` returned
 * @throws the last failure
 *
 * @example
 * ```ts
 * import { retry } from "./retry.ts";
 * import { CodedError } from "./errors.ts";
 * let calls = 0;
 * // Adding to a grow-only set twice is the same as adding once: idempotent.
 * const v = await retry(() => {
 *   if (++calls < 3) throw new CodedError(0, "timed out");
 *   return Promise.resolve("added");
 * }, { delay: 1, idempotent: true });
 * console.assert(v === "added" && calls === 3);
 * ```
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? Infinity;
  const idempotent = options.idempotent ?? false;
  const retryable = options.retryable ?? ((e: unknown) => isRetrySafe(e, idempotent));
  const clock = options.clock ?? systemClock;
  let delay = options.delay ?? 50;
  for (let attempt = 1;; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !retryable(error) || options.stopped?.()) throw error;
    }
    let timer: unknown;
    try {
      await new Promise<void>((resolve) => timer = clock.setTimeout(resolve, delay));
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
    }
    delay = Math.min(delay * (options.factor ?? 2), options.maxDelay ?? 1000);
  }
}

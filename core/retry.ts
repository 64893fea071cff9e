/**
 * Retrying operations whose failures are indefinite (timeouts, crashes).
 * @module
 */
import { type Clock, systemClock } from "./clock.ts";
import { CodedError } from "./errors.ts";

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
  /** Whether a failure is worth another attempt. Default: indefinite coded errors only. */
  retryable?: (error: unknown) => boolean;
  /** The clock to wait on (a node's, so tests control it). Default: the system clock. */
  clock?: Clock;
  /** Stop retrying once this returns true (e.g. the node is shutting down). */
  stopped?: () => boolean;
}

/** The default test of {@linkcode retry}: a coded error that is not definite. */
export function isIndefinite(error: unknown): boolean {
  return error instanceof CodedError && !error.definite;
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
 * const v = await retry(() => {
 *   if (++calls < 3) throw new CodedError(0, "timed out");
 *   return Promise.resolve("done");
 * }, { delay: 1 });
 * console.assert(v === "done" && calls === 3);
 * ```
 */
export async function retry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? Infinity;
  const retryable = options.retryable ?? isIndefinite;
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

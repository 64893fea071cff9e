/**
 * maelstrom-ts: write Maelstrom nodes in TypeScript.
 *
 * A {@linkcode Node} reads Maelstrom's newline-delimited JSON from stdin,
 * answers `init` itself, validates each body with the zod schema you give
 * its handler, turns thrown errors into Maelstrom error replies, and offers
 * `send`, `rpc` with timeouts, periodic tasks, and clients for Maelstrom's
 * services ({@linkcode KV}, {@linkcode TSO}). Malformed input is logged to
 * stderr and skipped; only protocol lines reach stdout.
 *
 * @example
 * ```ts
 * import { Node, z } from "./mod.ts";
 *
 * const node = new Node();
 * node.handle("echo", z.object({ echo: z.unknown() }), (req) => ({
 *   type: "echo_ok",
 *   echo: req.body.echo,
 * }));
 * if (import.meta.main) await node.run();
 * ```
 * @module
 */
export * as z from "./core/schema.ts";
export {
  DEFAULT_RPC_TIMEOUT,
  type Handler,
  Node,
  type NodeOptions,
  type Request,
  type RpcOptions,
  type RunOptions,
} from "./core/node.ts";
export {
  CodedError,
  type CodedErrorOptions,
  ErrorCode,
  errorName,
  isDefinite,
  toCodedError,
} from "./core/errors.ts";
export type { Body, Message, OutBody } from "./core/message.ts";
export { type CasOptions, KV, type KVOptions, type KVService, TSO } from "./core/kv.ts";
export { isIndefinite, isRetrySafe, retry, type RetryOptions } from "./core/retry.ts";
export { type Clock, FakeClock, systemClock } from "./core/clock.ts";
export { Logger, type LogLevel } from "./core/log.ts";
export { LineSplitter } from "./core/lines.ts";
export { type Knob, parseProfileArgs, type ProfileArgs, wholeNumber } from "./core/args.ts";

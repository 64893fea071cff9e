/**
 * THE interface every bench workload implements (echo, broadcast, kafka,
 * txn-rw-register, lin-kv, …), and what the engine gives it.
 *
 * A workload is made from the run's options by a {@link WorkloadFactory}
 * registered in `workloads/mod.ts`. The engine then:
 *
 * 1. calls `setup(conn)` once per node, concurrently, through that node's
 *    setup client (broadcast sends `topology`); a throw aborts the run;
 * 2. runs `generator()` for the main phase, wrapped by the engine in
 *    `timeLimit(--time-limit, stagger(1/--rate, …))` — so emit ops as fast
 *    as you like, the engine paces them (ops with a later `time` of their
 *    own, e.g. kafka's `:crash` schedule, keep it);
 * 3. for each op, on the op's worker thread, calls `invoke(op)` on the
 *    thread's {@link WorkloadClient} (made by `client(conn)`) and records
 *    the returned {@link Completion};
 * 4. after the main phase (and heal + `--recovery` s), runs
 *    `finalGenerator()` if present, *not* rate-limited;
 * 5. checks the history with `check(history)` (the `:workload` result).
 *
 * Error mapping (`with-errors` in Maelstrom's `src/maelstrom/client.clj`)
 * is the engine's job: a client may let
 * {@link RpcError} / {@link RpcTimeout} / {@link MalformedReply} propagate
 * out of `invoke`, and the engine records `:fail` or `:info` according to
 * `wrapErrors` and `idempotent`. After any `:info` the thread's process
 * number grows by `--concurrency` and, if `reusableClient` is false, the
 * client is closed and a new one (new `cN` id, fresh `client(conn)` state)
 * is opened before the thread's next op.
 *
 * Generators are thread-aware, stateful and react to completions: see
 * `generator.ts` (`fromFn`, `eachThread`, `any`, `phases`, `timeLimit`,
 * `gapped`, …). Special ops are just ops with their own `f` (e.g. kafka's
 * `"crash"`, for which the client returns `{type: "info"}` without an RPC).
 * @module
 */

import type { z } from "zod";
import type { CheckResult, Op } from "./history.ts";
import type { Generator } from "./generator.ts";
import type { TestOptions } from "./options.ts";
import type { Random } from "./random.ts";

export type { CheckResult, Op } from "./history.ts";
export type { GenContext, Generator, GenEvent, GenOp, Proposal } from "./generator.ts";
export { MalformedReply, RpcError, RpcTimeout } from "./errors.ts";

/**
 * The fields of a successful reply besides `type`, `in_reply_to` and
 * `msg_id`, as zod schemas, e.g. `{ value: z.int() }`. The engine checks the
 * reply against the closed object `{type: "<request type>_ok", …fields,
 * in_reply_to: int, msg_id?: int}` (extra keys rejected, like Maelstrom).
 */
export type ReplyFields = Record<string, z.ZodType>;

/** Per-request options of {@link Connection.rpc}. */
export interface RpcOptions {
  /** Timeout in ms; default: the workload's `rpcTimeoutMs`, else 5000. */
  timeoutMs?: number;
}

/**
 * A Maelstrom client connection to one node: one client id, synchronous
 * (at most one request outstanding), `msg_id`s 1, 2, 3 … per client.
 */
export interface Connection {
  /** This client's id, e.g. `"c7"`. */
  readonly id: string;
  /** The node it talks to. */
  readonly node: string;
  /**
   * Sends `body` (plus `msg_id`) to the node and waits for the reply whose
   * `in_reply_to` matches; other messages reaching the client are dropped.
   * @param body The request; must have `type`.
   * @param reply The reply's fields (see {@link ReplyFields}).
   * @param options Timeout.
   * @returns The reply body (all keys, including `type` and `in_reply_to`).
   * @throws {RpcError} on an `error` reply.
   * @throws {RpcTimeout} when no reply came in time.
   * @throws {MalformedReply} when the reply does not match `reply`.
   */
  rpc(
    body: { type: string } & Record<string, unknown>,
    reply: ReplyFields,
    options?: RpcOptions,
  ): Promise<Record<string, unknown>>;
}

/** How an operation ended, as the client reports it. */
export interface Completion {
  type: "ok" | "fail" | "info";
  /** The completion's `:value`; absent keeps the invocation's value. */
  value?: unknown;
  /** Error description for `:fail` / `:info` (see `Op.error`). */
  error?: unknown;
  /** Maelstrom error code, if the op ended with an error reply. */
  code?: number;
  /** Exception text for an `:info` caused by an exception. */
  exception?: string;
}

/** The per-client half of a workload: turns invocations into RPCs. */
export interface WorkloadClient {
  /**
   * Runs one operation. May throw the errors of {@link Connection.rpc};
   * the engine maps them (see the module doc).
   * @param op The invocation history entry (`f`, `value`, `process`, …).
   * @returns The completion.
   */
  invoke(op: Op): Promise<Completion>;
}

/** What a workload gets besides the options. */
export interface WorkloadContext {
  /** The run's options (nodes, concurrency, key count, …). */
  readonly options: TestOptions;
  /** A random source for the workload's own draws. */
  readonly random: Random;
}

/** A workload (see the module doc for the life cycle). */
export interface Workload {
  /** Maelstrom's name, e.g. `"broadcast"`; also the store directory. */
  readonly name: string;
  /** Whether one client serves a thread for the whole run (lin-kv, unique-ids, txn). */
  readonly reusableClient: boolean;
  /**
   * Whether errors are mapped to `:fail`/`:info` by code (true for most);
   * false for g-set, g-counter, pn-counter: every error or timeout becomes
   * `:info` with `error: "indeterminate: <message>"`.
   */
  readonly wrapErrors: boolean;
  /** `:f`s that become `:fail` on any error or timeout (e.g. broadcast `read`). */
  readonly idempotent: ReadonlySet<string>;
  /** Default RPC timeout, ms (lin-kv: `max(10 × latency, 1000)`); default 5000. */
  readonly rpcTimeoutMs?: number;
  /** Per-node setup through the node's setup client (5 s timeout); throw to abort. */
  setup?(conn: Connection): Promise<void>;
  /** The main-phase generator (the engine adds the stagger and time limit). */
  generator(): Generator;
  /** The final-phase generator, run after heal and the recovery sleep. */
  finalGenerator?(): Generator;
  /** A fresh client for a newly opened connection. */
  client(conn: Connection): WorkloadClient;
  /** The workload checker (the `"workload"` key of the results). */
  check(history: readonly Op[]): CheckResult | Promise<CheckResult>;
}

/** Makes a workload for a run. */
export type WorkloadFactory = (ctx: WorkloadContext) => Workload;

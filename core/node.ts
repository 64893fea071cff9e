/**
 * The node: reads Maelstrom's messages, dispatches them to handlers, sends
 * replies, messages and RPCs, runs timers, and answers `init` itself.
 * @module
 */
import type * as z from "zod/v4/core";
import { type Clock, systemClock, type TimerId } from "./clock.ts";
import { CodedError, ErrorCode, toCodedError } from "./errors.ts";
import { LineSplitter } from "./lines.ts";
import { defaultLogLevel, Logger, type LogLevel, type LogSink } from "./log.ts";
import {
  type Body,
  checkEnvelope,
  describeIssue,
  ErrorBody,
  InitBody,
  type Message,
  type OutBody,
} from "./message.ts";
import { type ByteWriter, Output } from "./output.ts";
import { safeParse } from "zod/v4/core";

/** An incoming request as a handler sees it. */
export interface Request<B = Body> {
  /** Who sent it: a client (`c…`), a peer node or a service. */
  readonly src: string;
  /** This node's id. */
  readonly dest: string;
  /** The body, as parsed by the handler's schema (plus `msg_id` when there was one). */
  readonly body: B & { type: string; msg_id?: number };
  /** The message as received. */
  readonly message: Message;
  /** Whether the sender expects a reply (the request had a `msg_id`). */
  readonly expectsReply: boolean;
  /**
   * Replies to the request (at most once; later replies are dropped with a
   * warning). Without a `msg_id` on the request nothing is sent.
   */
  reply(body: OutBody): void;
}

/**
 * A handler: returns the reply body, or nothing and replies later with
 * `req.reply`. Throwing a {@linkcode CodedError} answers with that error;
 * any other exception answers with code 13.
 */
export type Handler<B = Body> = (
  req: Request<B>,
) => OutBody | void | undefined | Promise<OutBody | void | undefined>;

/** Options of {@linkcode Node}. */
export interface NodeOptions {
  /** Where protocol lines go. Default: stdout. */
  output?: ByteWriter;
  /** Time and timers. Default: the system clock. */
  clock?: Clock;
  /** The node's command-line arguments. Default: `Deno.args`. */
  args?: readonly string[];
  /** Log level. Default: `--log-level=…` in args, else `MAELSTROM_LOG` if readable, else info. */
  logLevel?: LogLevel;
  /** Where log lines go. Default: stderr. */
  logSink?: LogSink;
}

/** Options of {@linkcode Node.rpc}. */
export interface RpcOptions {
  /** Milliseconds to wait for the reply before rejecting with code 0. Default 1000. */
  timeout?: number;
}

/** Options of {@linkcode Node.run}. */
export interface RunOptions {
  /** The input stream. Default: `Deno.stdin.readable`. */
  input?: ReadableStream<Uint8Array>;
  /** Exit the process with status 0 once input ends and output is flushed. Default true. */
  exit?: boolean;
}

interface Registered {
  schema: z.$ZodType | undefined;
  handler: Handler<unknown>;
}

interface Pending {
  dest: string;
  resolve(body: Body): void;
  reject(error: CodedError): void;
}

/**
 * Output bytes waiting for stdout beyond which the node stops reading stdin:
 * 256 KB keeps a 64 KB pipe full, and a slow reader costs the node less
 * memory than with 1 MB (peak 47–49 MB against 47–50 in the echo bench).
 */
const MAX_BACKLOG = 1 << 18;

/** Size of the one buffer stdin is read into, again and again. */
const READ_BUFFER = 64 * 1024;

/**
 * The chunks of `input`. A byte stream (like `Deno.stdin.readable`) is read
 * into one reused buffer, so reading allocates nothing per chunk: each chunk is
 * only valid until the next is asked for.
 */
async function* readChunks(input: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = input.getReader({ mode: "byob" });
  } catch {
    yield* input;
    return;
  }
  let buffer = new ArrayBuffer(READ_BUFFER);
  try {
    while (true) {
      const { value, done } = await reader.read(new Uint8Array(buffer));
      if (done) return;
      yield value;
      buffer = value.buffer as ArrayBuffer;
    }
  } finally {
    reader.releaseLock();
  }
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** Default RPC timeout, in milliseconds. */
export const DEFAULT_RPC_TIMEOUT = 1000;

/**
 * A Maelstrom node.
 *
 * @example
 * ```ts
 * import { Node, z } from "../mod.ts";
 *
 * const node = new Node();
 * node.handle("echo", z.object({ echo: z.unknown() }), (req) => ({
 *   type: "echo_ok",
 *   echo: req.body.echo,
 * }));
 * // await node.run(); // reads stdin until it ends
 * ```
 */
export class Node {
  /** The node's logger (stderr). */
  readonly log: Logger;
  /** The node's command-line arguments, without the ones core consumes (`--log-level=`). */
  readonly args: readonly string[];
  /** The clock the node's timers use. */
  readonly clock: Clock;

  #id = "";
  #nodeIds: readonly string[] = [];
  #peers: readonly string[] = [];
  #handlers = new Map<string, Registered>();
  #initHooks: Array<(node: Node) => void | Promise<void>> = [];
  #pending = new Map<number, Pending>();
  #nextMsgId = 0;
  #output: Output;
  #timers = new Set<TimerId>();
  #stoppers = new Set<() => void>();
  #early: Message[] = [];
  #initialized = false;
  #closed = false;
  #splitter: LineSplitter;

  constructor(options: NodeOptions = {}) {
    const args = options.args ?? Deno.args;
    this.args = args.filter((a) => !a.startsWith("--log-level="));
    this.clock = options.clock ?? systemClock;
    this.log = new Logger({
      level: options.logLevel ?? defaultLogLevel(args),
      sink: options.logSink,
    });
    this.#output = new Output(
      options.output ?? Deno.stdout,
      (e) => this.log.error("cannot write to stdout:", e),
    );
    this.#splitter = new LineSplitter({
      line: (text) => this.receiveLine(text),
      invalid: (n) => this.log.warn(`Cannot parse line: not UTF-8 (${n} bytes); skipped`),
    });
  }

  /** This node's id (`n0`); empty before `init`. */
  get id(): string {
    return this.#id;
  }

  /** Every node's id, in Maelstrom's order, this one included; empty before `init`. */
  get nodeIds(): readonly string[] {
    return this.#nodeIds;
  }

  /** Every other node's id. */
  get peers(): readonly string[] {
    return this.#peers;
  }

  /** Whether `init` has been answered. */
  get initialized(): boolean {
    return this.#initialized;
  }

  /**
   * Registers the handler of a message type. With a zod schema the body is
   * validated first: a body that does not fit is answered with error 12
   * naming the field, and the handler sees the parsed, typed body.
   *
   * @param type the body `type` to handle, e.g. `"echo"`
   * @param schema the body's schema (a zod object of the fields besides `type`)
   * @param handler the handler
   * @returns this node, for chaining
   */
  handle<S extends z.$ZodType>(type: string, schema: S, handler: Handler<z.output<S>>): this;
  /** Registers a handler that takes the body unvalidated. */
  handle(type: string, handler: Handler<Body>): this;
  handle(type: string, a: z.$ZodType | Handler<Body>, b?: Handler<never>): this {
    if (type === "init") throw new Error(`Cannot handle "init": use onInit() instead`);
    const registered: Registered = typeof a === "function"
      ? { schema: undefined, handler: a as Handler<unknown> }
      : { schema: a, handler: b as Handler<unknown> };
    this.#handlers.set(type, registered);
    return this;
  }

  /**
   * Runs `hook` when `init` arrives, after the node's ids are set and before
   * `init_ok` is sent (an async hook is awaited).
   */
  onInit(hook: (node: Node) => void | Promise<void>): this {
    this.#initHooks.push(hook);
    return this;
  }

  /** Sends a message; no reply is expected or awaited. */
  send(dest: string, body: OutBody): void {
    if (this.#closed) return;
    let line: string;
    try {
      line = JSON.stringify({ src: this.#id, dest, body });
    } catch (error) {
      this.log.error(`Cannot send to "${dest}": body is not JSON:`, error);
      return;
    }
    this.#output.push(line);
  }

  /**
   * Sends a request and resolves with the reply's body. Rejects with a
   * {@linkcode CodedError}: the reply's code when the answer is an `error`,
   * code 0 when no reply came within `timeout` ms. No entry or timer
   * outlives the call.
   *
   * @param dest a node id or a service (`"lin-kv"`)
   * @param body the request body; `msg_id` is assigned
   * @returns the reply's body
   * @throws {CodedError} on an error reply or a timeout
   */
  async rpc(dest: string, body: OutBody, options: RpcOptions = {}): Promise<Body> {
    const timeout = options.timeout ?? DEFAULT_RPC_TIMEOUT;
    const msgId = ++this.#nextMsgId;
    const { promise, resolve, reject } = Promise.withResolvers<Body>();
    this.#pending.set(msgId, { dest, resolve, reject });
    const timer = this.clock.setTimeout(() => {
      reject(
        new CodedError(
          ErrorCode.Timeout,
          `rpc ${body.type} to ${dest} timed out after ${timeout} ms`,
        ),
      );
    }, timeout);
    try {
      if (this.#closed) throw new CodedError(ErrorCode.Timeout, "node is shut down");
      this.send(dest, { ...body, msg_id: msgId });
      return await promise;
    } finally {
      this.clock.clearTimeout(timer);
      this.#pending.delete(msgId);
    }
  }

  /** The number of RPCs awaiting a reply. */
  get pendingRpcs(): number {
    return this.#pending.size;
  }

  /**
   * Calls `task` every `ms` milliseconds, starting `ms` after `init` (or now,
   * if already initialised); a run never overlaps the previous one. Stops at
   * shutdown or when the returned function is called.
   */
  every(ms: number, task: () => void | Promise<void>): () => void {
    let stopped = false;
    let timer: TimerId | undefined;
    const schedule = () => {
      if (stopped || this.#closed) return;
      timer = this.#timer(async () => {
        timer = undefined;
        try {
          await task();
        } catch (error) {
          this.log.error("periodic task failed:", error);
        } finally {
          schedule();
        }
      }, ms);
    };
    const stop = () => {
      stopped = true;
      if (timer !== undefined) this.#clear(timer);
      this.#stoppers.delete(stop);
    };
    this.#stoppers.add(stop);
    if (this.#initialized) schedule();
    else this.onInit(() => schedule());
    return stop;
  }

  /** Calls `task` once after `ms` milliseconds; returns a cancel function. */
  after(ms: number, task: () => void | Promise<void>): () => void {
    const timer = this.#timer(async () => {
      try {
        await task();
      } catch (error) {
        this.log.error("timer task failed:", error);
      }
    }, ms);
    return () => this.#clear(timer);
  }

  /** Resolves after `ms` milliseconds on the node's clock. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.#timer(resolve, ms));
  }

  #timer(fn: () => void, ms: number): TimerId {
    const id = this.clock.setTimeout(() => {
      this.#timers.delete(id);
      fn();
    }, ms);
    this.#timers.add(id);
    return id;
  }

  #clear(id: TimerId): void {
    this.clock.clearTimeout(id);
    this.#timers.delete(id);
  }

  /**
   * Reads newline-delimited JSON messages until the input ends, then stops
   * timers, flushes output and (by default) exits with status 0. Exceptions
   * and unhandled rejections are logged, never fatal.
   */
  async run(options: RunOptions = {}): Promise<void> {
    const guard = (event: Event) => {
      event.preventDefault();
      const reason = "reason" in event ? event.reason : (event as ErrorEvent).error;
      this.log.error("uncaught:", reason);
    };
    globalThis.addEventListener("unhandledrejection", guard);
    globalThis.addEventListener("error", guard);
    const input = options.input ?? Deno.stdin.readable;
    try {
      for await (const chunk of readChunks(input)) {
        this.#splitter.push(chunk);
        // Back-pressure: read no more while stdout lags far behind.
        if (this.#output.backlog > MAX_BACKLOG) await this.#output.flush();
      }
      this.#splitter.end();
    } catch (error) {
      this.log.error("cannot read stdin:", error);
    }
    // Flush what is queued, but never hang on a stdout nobody reads.
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      await Promise.race([
        this.close(),
        new Promise<void>((resolve) => timer = setTimeout(resolve, 900)),
      ]);
    } finally {
      clearTimeout(timer);
    }
    if (options.exit ?? true) Deno.exit(0);
    globalThis.removeEventListener("unhandledrejection", guard);
    globalThis.removeEventListener("error", guard);
  }

  /** Feeds one input line, as `run` does for each line of stdin. */
  receiveLine(text: string): void {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === "")) return;
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (error) {
      this.log.warn(`Cannot parse line: not JSON: ${preview(text)}`, error);
      return;
    }
    const problem = checkEnvelope(raw);
    if (problem !== undefined) {
      this.log.warn(`Cannot parse message: ${problem}: ${preview(text)}`);
      return;
    }
    this.receive(raw as Message);
  }

  /** Dispatches one message: a reply to a pending RPC, `init`, or a handler's request. */
  receive(message: Message): void {
    const body = message.body;
    if (body.in_reply_to !== undefined && this.#settle(message)) return;
    if (body.type === "init") {
      void this.#init(message);
      return;
    }
    if (!this.#initialized) {
      this.#early.push(message);
      return;
    }
    this.#dispatch(message);
  }

  /** Stops timers, fails pending RPCs and flushes output. Idempotent. */
  async close(): Promise<void> {
    if (!this.#closed) {
      for (const stop of [...this.#stoppers]) stop();
      for (const id of this.#timers) this.clock.clearTimeout(id);
      this.#timers.clear();
      for (const p of this.#pending.values()) {
        p.reject(new CodedError(ErrorCode.Timeout, "node is shutting down"));
      }
      // Let handlers that were answering finish their replies, then stop.
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      this.#closed = true;
    }
    await this.#output.flush();
  }

  #settle(message: Message): boolean {
    const body = message.body;
    const pending = this.#pending.get(body.in_reply_to!);
    if (pending === undefined || pending.dest !== message.src) {
      if (body.type !== undefined && this.#handlers.has(body.type)) return false;
      this.log.debug(`Dropping reply to an unknown or expired rpc: ${preview(message)}`);
      return true;
    }
    this.#pending.delete(body.in_reply_to!);
    if (body.type === "error") {
      const e = ErrorBody.safeParse(body);
      const code = e.success ? e.data.code : ErrorCode.Crash;
      const text = e.success ? e.data.text ?? "" : "malformed error reply";
      const { type: _t, code: _c, text: _x, in_reply_to: _i, msg_id: _m, ...extra } = body;
      pending.reject(new CodedError(code, text, { extra }));
    } else {
      pending.resolve(body);
    }
    return true;
  }

  async #init(message: Message): Promise<void> {
    const parsed = InitBody.safeParse(message.body);
    const req = new IncomingRequest(this, message, message.body);
    if (!parsed.success) {
      req.reply(
        new CodedError(
          ErrorCode.MalformedRequest,
          `Malformed "init" request: ${describeIssue(parsed.error, message.body)}`,
        ).toBody(),
      );
      return;
    }
    if (this.#initialized) {
      this.log.warn("init received again; keeping", this.#id);
      req.reply({ type: "init_ok" });
      return;
    }
    this.#id = parsed.data.node_id;
    this.#nodeIds = parsed.data.node_ids;
    this.#peers = this.#nodeIds.filter((id) => id !== this.#id);
    this.log.prefix = `${this.#id} `;
    for (const hook of this.#initHooks) {
      try {
        await hook(this);
      } catch (error) {
        this.log.error("init hook failed:", error);
      }
    }
    this.#initialized = true;
    req.reply({ type: "init_ok" });
    const early = this.#early;
    this.#early = [];
    for (const m of early) this.#dispatch(m);
  }

  #dispatch(message: Message): void {
    const type = message.body.type;
    if (type === undefined) {
      this.#fail(
        message,
        new CodedError(ErrorCode.MalformedRequest, `Malformed request: "body.type" is missing`),
      );
      return;
    }
    const registered = this.#handlers.get(type);
    if (registered === undefined) {
      this.#fail(
        message,
        new CodedError(ErrorCode.NotSupported, `Not supported: message type "${type}"`),
      );
      return;
    }
    let body = message.body as Record<string, unknown>;
    if (registered.schema !== undefined) {
      const parsed = safeParse(registered.schema, body);
      if (!parsed.success) {
        this.#fail(
          message,
          new CodedError(
            ErrorCode.MalformedRequest,
            `Malformed "${type}" request: ${describeIssue(parsed.error, body)}`,
          ),
        );
        return;
      }
      const data = parsed.data as Record<string, unknown>;
      if (data !== body && typeof data === "object" && data !== null) {
        data.type = type;
        if (message.body.msg_id !== undefined) data.msg_id = message.body.msg_id;
      }
      body = data;
    }
    const req = new IncomingRequest(this, message, body);
    try {
      const result = registered.handler(req as unknown as Request<unknown>);
      if (result === undefined || result === null) return;
      if (result instanceof Promise) {
        result.then(
          (reply) => {
            if (reply !== undefined && reply !== null) req.reply(reply);
          },
          (error) => this.#fail(message, error, req),
        );
      } else {
        req.reply(result);
      }
    } catch (error) {
      this.#fail(message, error, req);
    }
  }

  #fail(message: Message, error: unknown, req?: IncomingRequest): void {
    const coded = toCodedError(error);
    const type = message.body.type;
    // A thrown CodedError is an answer the handler chose (13 included: "it
    // may have happened"); anything else is a bug worth an error line.
    if (error instanceof CodedError) {
      this.log.debug(`answering "${type}" with error ${coded.code}:`, coded.message);
    } else {
      this.log.error(`handler of "${type}" threw:`, error);
    }
    if (req !== undefined) req.reply(coded.toBody());
    else this.replyTo(message, coded.toBody());
  }

  /**
   * Sends `body` as the reply to `message` (adding `in_reply_to`), unless the
   * message had no `msg_id`. Handlers normally use `req.reply` or return the
   * body instead, which also guards against replying twice.
   */
  replyTo(message: Message, body: OutBody): void {
    const msgId = message.body.msg_id;
    if (msgId === undefined || this.#closed) return;
    // The hot path of every node: one JSON.stringify of the envelope, with
    // in_reply_to spliced in before its closing braces rather than copying
    // the body. The id goes through JSON.stringify, not a template: V8 caches
    // number-to-string results, so every id would outlive its reply and be
    // promoted to the old generation (2.5 MB per 100 000 replies).
    let json: string;
    try {
      json = JSON.stringify({ src: this.#id, dest: message.src, body });
    } catch (error) {
      this.log.error(`Cannot reply to "${message.src}": body is not JSON:`, error);
      this.#replyCrash(message, `reply body is not JSON: ${(error as Error)?.message}`);
      return;
    }
    const end = json.length - 2; // the body's "}" and the envelope's "}"
    if (
      typeof body === "object" && body !== null && !("in_reply_to" in body) &&
      typeof (body as { toJSON?: unknown }).toJSON !== "function" &&
      json.charCodeAt(end) === CLOSE_BRACE && json.charCodeAt(end - 1) !== OPEN_BRACE
    ) {
      this.#output.push(json.slice(0, end) + ',"in_reply_to":' + JSON.stringify(msgId) + "}}");
      return;
    }
    // Anything else (an empty body, one that has in_reply_to already or a
    // toJSON method, or that is not an object): go by its JSON.
    const value: unknown = JSON.parse(json).body;
    if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      this.send(message.src, { ...(value as OutBody), in_reply_to: msgId });
    } else {
      this.log.error(`Reply to "${message.src}" is not a JSON object:`, json);
      this.#replyCrash(message, "reply body is not a JSON object");
    }
  }

  #replyCrash(message: Message, text: string): void {
    this.replyTo(message, new CodedError(ErrorCode.Crash, text).toBody());
  }
}

/** The request object handlers receive. */
class IncomingRequest {
  readonly message: Message;
  readonly body: Record<string, unknown>;
  #node: Node;
  #replied = false;

  constructor(node: Node, message: Message, body: Record<string, unknown>) {
    this.#node = node;
    this.message = message;
    this.body = body;
  }

  get src(): string {
    return this.message.src;
  }

  get dest(): string {
    return this.message.dest;
  }

  get expectsReply(): boolean {
    return this.message.body.msg_id !== undefined;
  }

  reply(body: OutBody): void {
    if (this.message.body.msg_id === undefined) return;
    if (this.#replied) {
      this.#node.log.warn(
        `Dropping a second reply to ${this.message.src} msg_id ${this.message.body.msg_id}:`,
        body,
      );
      return;
    }
    this.#replied = true;
    this.#node.replyTo(this.message, body);
  }
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}… (${text.length} chars)` : text;
}

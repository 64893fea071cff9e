/**
 * Maelstrom's synchronous client (`src/maelstrom/client.clj` in
 * https://github.com/jepsen-io/maelstrom): a network endpoint `cN`
 * that sends one request at a time with `msg_id` 1, 2, 3 …, waits on its own
 * queue for the reply whose `in_reply_to` matches (dropping anything else),
 * throws on `error` replies, timeouts and replies that do not match the
 * RPC's closed reply schema.
 * @module
 */

import { z } from "zod";
import { MalformedReply, RpcError, RpcTimeout } from "./errors.ts";
import type { Network } from "./network.ts";
import type { Connection, ReplyFields, RpcOptions } from "./workload.ts";

/**
 * Maelstrom's default client timeout, ms (`default-timeout` in
 * `src/maelstrom/client.clj`): every workload's requests and broadcast's
 * `topology` wait this long whatever `--latency` is; only lin-kv sets its
 * own (see `workloads/lin_kv.ts`), and `init` waits 10 s.
 */
export const DEFAULT_TIMEOUT_MS = 5000;

/** Allocates client ids `c0`, `c1`, … from one counter, never reused. */
export class ClientIds {
  #next = 0;
  /** The next id. */
  next(): string {
    return `c${this.#next++}`;
  }
}

const schemas = new WeakMap<ReplyFields, Map<string, z.ZodType>>();

function replySchema(type: string, fields: ReplyFields): z.ZodType {
  let byType = schemas.get(fields);
  if (byType === undefined) schemas.set(fields, byType = new Map());
  let schema = byType.get(type);
  if (schema === undefined) {
    schema = z.strictObject({
      ...fields,
      type: z.literal(`${type}_ok`),
      in_reply_to: z.int(),
      msg_id: z.int().optional(),
    });
    byType.set(type, schema);
  }
  return schema;
}

interface Waiting {
  msgId: number;
  resolve: (body: Record<string, unknown>) => void;
  reject: (error: Error) => void;
}

/** A client connection (see {@link Connection}). */
export class Client implements Connection {
  readonly id: string;
  readonly node: string;
  #net: Network;
  #nextMsgId = 1;
  #waiting: Waiting | undefined;
  #timeoutMs: number;

  /**
   * Opens a client: registers its endpoint on the network.
   * @param net The network.
   * @param id Its id (from {@link ClientIds}).
   * @param node The node it talks to.
   * @param timeoutMs Default RPC timeout.
   */
  constructor(net: Network, id: string, node: string, timeoutMs = DEFAULT_TIMEOUT_MS) {
    this.#net = net;
    this.id = id;
    this.node = node;
    this.#timeoutMs = timeoutMs;
    // A pull endpoint: like Maelstrom's recv!, the client reads its queue
    // only while it waits, so late replies are received (and dropped)
    // during its next request, and never once it is closed.
    net.register(id, (messages) => {
      for (const m of messages) {
        const w = this.#waiting;
        if (w !== undefined && m.body?.in_reply_to === w.msgId) {
          this.#waiting = undefined;
          net.hold(id);
          w.resolve(m.body);
        }
      }
    }, { pull: true });
  }

  /**
   * Sends a request and waits for its reply (see {@link Connection.rpc}).
   * @param body The request.
   * @param reply The reply's fields.
   * @param options Timeout.
   * @returns The reply body.
   */
  async rpc(
    body: { type: string } & Record<string, unknown>,
    reply: ReplyFields,
    options: RpcOptions = {},
  ): Promise<Record<string, unknown>> {
    const res = await this.send(body, options.timeoutMs);
    if (res.type === "error") throw new RpcError(res);
    const parsed = replySchema(body.type, reply).safeParse(res);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) =>
        i.path.length === 0 ? i.message : `${i.path.join(".")}: ${i.message}`
      ).join("; ");
      throw new MalformedReply(detail, res);
    }
    return res;
  }

  /**
   * Sends a request and waits for any reply to it (no schema check).
   * @param body The request (`msg_id` is added).
   * @param timeoutMs Timeout; default the client's.
   * @returns The reply body.
   * @throws {RpcTimeout} when no reply came in time.
   */
  send(
    body: Record<string, unknown>,
    timeoutMs = this.#timeoutMs,
  ): Promise<Record<string, unknown>> {
    if (this.#waiting !== undefined) {
      throw new Error(`Client ${this.id} cannot send more than one message at a time`);
    }
    const msgId = this.#nextMsgId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        this.#net.hold(this.id);
        reject(new RpcTimeout(timeoutMs));
      }, timeoutMs);
      this.#waiting = {
        msgId,
        resolve: (b) => {
          clearTimeout(timer);
          resolve(b);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      try {
        this.#net.send(this.id, this.node, { ...body, msg_id: msgId });
        this.#net.release(this.id);
      } catch (error) {
        clearTimeout(timer);
        this.#waiting = undefined;
        reject(error);
      }
    });
  }

  /**
   * Closes the client: deregisters it (later replies to it are invalid). A
   * request still waiting fails at once (a test that stops early, because a
   * node died, does not wait out its timeouts).
   */
  close(): void {
    const w = this.#waiting;
    this.#waiting = undefined;
    w?.reject(new Error(`Client ${this.id} closed while waiting for a reply`));
    this.#net.unregister(this.id);
  }
}

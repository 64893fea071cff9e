/**
 * Clients for Maelstrom's services: the key-value stores `lin-kv`, `seq-kv`
 * and `lww-kv`, and the timestamp oracle `lin-tso`.
 * @module
 */
import * as z from "./schema.ts";
import { CodedError, ErrorCode } from "./errors.ts";
import type { Node } from "./node.ts";

/** The names of Maelstrom's key-value services. */
export type KVService = "lin-kv" | "seq-kv" | "lww-kv";

/** Options of {@linkcode KV}. */
export interface KVOptions {
  /** Milliseconds to wait for each reply. Default 1000. */
  timeout?: number;
}

/** Options of {@linkcode KV.cas}. */
export interface CasOptions {
  /** Create the key with `to` when it does not exist (lin-kv, seq-kv; lww-kv ignores it). */
  createIfNotExists?: boolean;
}

const ReadOk = z.object({ type: z.literal("read_ok"), value: z.unknown() });
const TsOk = z.object({ type: z.literal("ts_ok"), ts: z.int() });

/**
 * A client of one key-value service. Keys and values are any JSON; errors
 * reject as {@linkcode CodedError}: 20 key does not exist, 22 precondition
 * failed, 0 timeout.
 *
 * @example
 * ```ts ignore
 * import { KV, Node } from "../mod.ts";
 * const node = new Node();
 * const kv = new KV(node, "seq-kv");
 * await kv.cas("counter", 0, 1, { createIfNotExists: true });
 * const n = await kv.readOr("counter", 0);
 * ```
 */
export class KV {
  /** The service's id. */
  readonly service: KVService;
  #node: Node;
  #timeout: number | undefined;

  constructor(node: Node, service: KVService, options: KVOptions = {}) {
    this.#node = node;
    this.service = service;
    this.#timeout = options.timeout;
  }

  /**
   * Reads a key.
   * @throws {CodedError} code 20 when the key does not exist
   */
  async read<T = unknown>(key: unknown): Promise<T> {
    const body = await this.#node.rpc(this.service, { type: "read", key }, {
      timeout: this.#timeout,
    });
    const parsed = ReadOk.safeParse(body);
    if (!parsed.success) {
      throw new CodedError(
        ErrorCode.Crash,
        `Malformed reply from ${this.service}: ${JSON.stringify(body)}`,
      );
    }
    return parsed.data.value as T;
  }

  /** Reads a key, or returns `fallback` when it does not exist. */
  async readOr<T>(key: unknown, fallback: T): Promise<T> {
    try {
      return await this.read<T>(key);
    } catch (error) {
      if (error instanceof CodedError && error.code === ErrorCode.KeyDoesNotExist) return fallback;
      throw error;
    }
  }

  /** Writes a key; always succeeds unless the service cannot be reached. */
  async write(key: unknown, value: unknown): Promise<void> {
    await this.#node.rpc(this.service, { type: "write", key, value }, { timeout: this.#timeout });
  }

  /**
   * Sets `key` to `to` if it holds `from`.
   * @throws {CodedError} code 22 when it does not hold `from`, 20 when it is missing
   */
  async cas(key: unknown, from: unknown, to: unknown, options: CasOptions = {}): Promise<void> {
    const body: Record<string, unknown> & { type: string } = { type: "cas", key, from, to };
    if (options.createIfNotExists) body.create_if_not_exists = true;
    await this.#node.rpc(this.service, body, { timeout: this.#timeout });
  }
}

/**
 * A client of `lin-tso`, the linearizable timestamp oracle (0, 1, 2, …).
 *
 * @example
 * ```ts ignore
 * import { Node, TSO } from "../mod.ts";
 * const ts = await new TSO(new Node()).ts();
 * ```
 */
export class TSO {
  #node: Node;
  #timeout: number | undefined;

  constructor(node: Node, options: KVOptions = {}) {
    this.#node = node;
    this.#timeout = options.timeout;
  }

  /** The next timestamp. */
  async ts(): Promise<number> {
    const body = await this.#node.rpc("lin-tso", { type: "ts" }, { timeout: this.#timeout });
    const parsed = TsOk.safeParse(body);
    if (!parsed.success) {
      throw new CodedError(
        ErrorCode.Crash,
        `Malformed reply from lin-tso: ${JSON.stringify(body)}`,
      );
    }
    return parsed.data.ts;
  }
}

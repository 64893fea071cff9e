/**
 * The persistent key-value state behind lin-kv, seq-kv and lww-kv
 * (Maelstrom's `PersistentKV`): `read`, `write`, `cas` with
 * `create_if_not_exists`. Every call returns a new state or the same one.
 * @module
 */

import { canonical, jsonEqual, prStr } from "./json.ts";

/** An immutable KV state: canonical key → value. */
export type KvState = ReadonlyMap<string, unknown>;

/** The result of applying one request. */
export interface KvResult {
  /** The new state (the same object when nothing changed). */
  state: KvState;
  /** The reply body, without `in_reply_to`. */
  reply: Record<string, unknown>;
}

/** Thrown for a request type the service does not know (no reply is sent). */
export class UnknownRequest extends Error {
  /**
   * @param type The request's type.
   */
  constructor(type: unknown) {
    super(`Unknown request type: ${JSON.stringify(type)}`);
    this.name = "UnknownRequest";
  }
}

const missing = { type: "error", code: 20, text: "key does not exist" };

/** Options of {@link applyKv}. */
export interface ApplyKvOptions {
  /** Honour `create_if_not_exists` (lin-kv, seq-kv; not lww-kv). */
  createIfNotExists?: boolean;
  /** Print `from` with `pr-str` in the 22 text (lin/seq-kv; lww-kv prints it raw). */
  quoteFrom?: boolean;
}

/**
 * Applies one KV request to a state.
 * @param state The state.
 * @param body The request body.
 * @param options Variant switches.
 * @returns The new state and the reply.
 * @throws {UnknownRequest} for another `type`.
 */
export function applyKv(
  state: KvState,
  body: Record<string, unknown>,
  options: ApplyKvOptions = {},
): KvResult {
  const { createIfNotExists = true, quoteFrom = true } = options;
  const k = canonical(body.key);
  const set = (v: unknown): KvState => {
    if (state.has(k) && jsonEqual(state.get(k), v)) return state;
    return new Map(state).set(k, v ?? null);
  };
  switch (body.type) {
    case "read":
      return {
        state,
        reply: state.has(k) ? { type: "read_ok", value: state.get(k) } : { ...missing },
      };
    case "write":
      return { state: set(body.value), reply: { type: "write_ok" } };
    case "cas":
      if (state.has(k)) {
        const current = state.get(k);
        if (jsonEqual(body.from ?? null, current)) {
          return { state: set(body.to), reply: { type: "cas_ok" } };
        }
        const from = quoteFrom ? prStr(body.from) : String(body.from ?? "");
        return {
          state,
          reply: {
            type: "error",
            code: 22,
            text: `current value ${prStr(current)} is not ${from}`,
          },
        };
      }
      if (createIfNotExists && body.create_if_not_exists) {
        return { state: set(body.to), reply: { type: "cas_ok" } };
      }
      return { state, reply: { ...missing } };
    default:
      throw new UnknownRequest(body.type);
  }
}

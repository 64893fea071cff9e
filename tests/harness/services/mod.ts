/**
 * Maelstrom's built-in services as network endpoints: `lin-kv`, `seq-kv`,
 * `lww-kv`, `lin-tso`. Each processes its queue one message at a time
 * (the network's delivery loop) and replies `{…result, in_reply_to:
 * <request msg_id or null>}`; an unknown request type gets no reply.
 * @module
 */

import type { Network } from "../network.ts";
import type { Random } from "../random.ts";
import { linKv } from "./lin_kv.ts";
import { linTso } from "./lin_tso.ts";
import { lwwKv } from "./lww_kv.ts";
import { seqKv } from "./seq_kv.ts";
import type { Service } from "./service.ts";

export type { Service } from "./service.ts";

/** Ids of the built-in services. */
export const SERVICE_IDS = ["lin-kv", "seq-kv", "lww-kv", "lin-tso"] as const;

/** Options of {@link startServices}. */
export interface StartServicesOptions {
  /** Called when a request gets no reply (unknown type or an exception). */
  onError?: (service: string, body: unknown, error: unknown) => void;
}

/**
 * Makes the four services.
 * @param random Random source for seq-kv and lww-kv.
 * @returns Service id → service.
 */
export function defaultServices(random: Random): Map<string, Service> {
  return new Map<string, Service>([
    ["lww-kv", lwwKv(random.fork())],
    ["seq-kv", seqKv(random.fork())],
    ["lin-kv", linKv()],
    ["lin-tso", linTso()],
  ]);
}

/**
 * Registers services on the network.
 * @param net The network.
 * @param services Service id → service.
 * @param options Error hook.
 */
export function startServices(
  net: Network,
  services: ReadonlyMap<string, Service>,
  options: StartServicesOptions = {},
): void {
  for (const [id, service] of services) {
    net.register(id, (messages) => {
      for (const m of messages) {
        const body = m.body;
        let reply: Record<string, unknown> | undefined;
        try {
          reply = service.handle(m.src, body);
        } catch (error) {
          options.onError?.(id, body, error);
          continue;
        }
        if (reply === undefined) continue;
        try {
          net.send(id, m.src, { ...reply, in_reply_to: body?.msg_id ?? null });
        } catch (error) {
          options.onError?.(id, body, error);
        }
      }
    }, { service: true });
  }
}

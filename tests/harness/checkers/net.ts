/**
 * Maelstrom's `:net` checker: message statistics from the network journal.
 * @module
 */

import type { CheckResult, JournalEvent, Message, Op } from "../history.ts";
import { float32 } from "./_util.ts";

/** Counts over one subset of journal events. */
export interface NetCounts {
  /** Send events. */
  "send-count": number;
  /** Recv (delivery) events. */
  "recv-count": number;
  /** Distinct message ids among the subset's events. */
  "msg-count": number;
  /** `msg-count` per client invocation (`all` and `servers` only, when there were ops). */
  "msgs-per-op"?: number;
}

/** Whether a message involves a client: its `src` or `dest` starts with `c`. */
export function involvesClient(message: Pick<Message, "src" | "dest">): boolean {
  return message.src.startsWith("c") || message.dest.startsWith("c");
}

class Tally {
  sends = 0;
  recvs = 0;
  ids = new Set<number>();
  add(event: JournalEvent): void {
    if (event.type === "send") this.sends++;
    else this.recvs++;
    this.ids.add(event.message.id);
  }
  counts(): NetCounts {
    return { "send-count": this.sends, "recv-count": this.recvs, "msg-count": this.ids.size };
  }
}

/**
 * Computes Maelstrom's message statistics over the journal: for `all`
 * events, those that involve a client (`clients`) and the rest (`servers`:
 * node↔node and node↔service), the send and recv event counts and the number
 * of distinct messages. With `ops` the number of client invocations in the
 * history (final-phase ops and failed ops included), `all` and `servers` also
 * get `msgs-per-op = msg-count / ops` as a 32-bit float; without ops no
 * `msgs-per-op` keys. `init` and `topology` traffic counts too.
 *
 * @param journal Every send and recv event of the run.
 * @param history The run's history.
 * @returns `{all, clients, servers, valid?: true}`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { net } from "./net.ts";
 * const message = { id: 0, src: "n0", dest: "n1", body: { type: "gossip" } };
 * const r = net([
 *   { type: "send", time: 0, message },
 *   { type: "recv", time: 1, message },
 * ], [{ index: 0, time: 0, type: "invoke", process: 0, f: "read", value: null }]);
 * assert.deepEqual(r["servers"], { "send-count": 1, "recv-count": 1, "msg-count": 1, "msgs-per-op": 1 });
 * ```
 */
export function net(journal: readonly JournalEvent[], history: readonly Op[]): CheckResult {
  const all = new Tally(), clients = new Tally(), servers = new Tally();
  for (const event of journal) {
    all.add(event);
    (involvesClient(event.message) ? clients : servers).add(event);
  }
  const ops = history.filter((op) => op.type === "invoke" && op.process !== "nemesis").length;
  const out = { all: all.counts(), clients: clients.counts(), servers: servers.counts() };
  if (ops > 0) {
    out.all["msgs-per-op"] = float32(out.all["msg-count"] / ops);
    out.servers["msgs-per-op"] = float32(out.servers["msg-count"] / ops);
  }
  return { ...out, "valid?": true };
}

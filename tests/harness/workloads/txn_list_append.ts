/**
 * Maelstrom's `txn-list-append` workload (see
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/workloads.md#workload-txn-list-append
 * and `src/maelstrom/workload/txn_list_append.clj`):
 * one RPC, `txn`, carrying a list of micro-ops `["r", k, null]` /
 * `["append", k, v]`; the reply echoes them with each read filled in with
 * the whole list it saw (a JSON array, or `null` for a missing key).
 *
 * - **Generator** (Elle's `append-txns`): txn-rw-register's
 *   {@linkcode wrTxns} with every write `["w", k, v]` turned into
 *   `["append", k, v]`, so each (key, element) is appended at most once.
 * - **Client** (reusable): `txn` → the reply's `txn` as the completion value;
 *   the reply must be `{type: "txn_ok", txn: [...]}` with every micro-op
 *   `["r", k, array | null]` or `["append", k, v]`, nothing else. Errors are
 *   mapped by the engine: definite codes → `:fail`, else `:info`.
 * - **Checker**: {@linkcode txnListAppend} (Elle's `list-append`, no
 *   Maelstrom wrapper) under `--consistency-models`.
 * - **Convergence** (`--check-convergence`, ours, not Maelstrom's): as for
 *   txn-rw-register, a final phase in which one thread per node reads every
 *   key ever appended to; every node must return the same list per key.
 * @module
 */

import { z } from "zod";
import { txnListAppend as checkTxn } from "../checkers/txn/list_append.ts";
import type { Random } from "../random.ts";
import type { WorkloadFactory } from "../workload.ts";
import { type MicroOp, txnWorkload, wrTxns, type WrTxnsOptions } from "./txn_rw_register.ts";

const MOP = z.union([
  z.tuple([z.literal("r"), z.unknown(), z.array(z.unknown()).nullable()]),
  z.tuple([z.literal("append"), z.unknown(), z.unknown()]),
]);
const REPLY = { txn: z.array(MOP) };

/**
 * Elle's `append-txns` stream: {@linkcode wrTxns} with appends for writes.
 * @param random The random source.
 * @param options Key pool, txn length, appends per key.
 * @returns `next()` (a fresh txn each call) and `written` (every key appended to so far).
 * @example Appends, never writes
 * ```ts
 * import { appendTxns } from "./txn_list_append.ts";
 * import { Random } from "../random.ts";
 * const { next } = appendTxns(new Random(1));
 * for (let i = 0; i < 100; i++) {
 *   if (next().some(([f]) => f !== "r" && f !== "append")) throw new Error("not an append");
 * }
 * ```
 */
export function appendTxns(
  random: Random,
  options: WrTxnsOptions = {},
): { next: () => MicroOp[]; written: Set<number> } {
  const stream = wrTxns(random, options);
  return {
    next: () => stream.next().map(([f, k, v]): MicroOp => [f === "w" ? "append" : f, k, v]),
    written: stream.written,
  };
}

/** Makes the txn-list-append workload. */
export const txnListAppend: WorkloadFactory = txnWorkload({
  name: "txn-list-append",
  stream: appendTxns,
  reply: REPLY,
  check: checkTxn,
});

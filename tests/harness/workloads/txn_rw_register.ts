/**
 * Maelstrom's `txn-rw-register` workload (see
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/workloads.md#workload-txn-rw-register
 * and `src/maelstrom/workload/txn_rw_register.clj`):
 * one RPC, `txn`, carrying a list of micro-ops `["r", k, null]` /
 * `["w", k, v]`; the reply echoes them with reads filled in.
 *
 * - **Generator** (Elle's `wr-txns`): length uniform in 1 …
 *   `--max-txn-length` (4); each micro-op a read or a write, 50/50, of a key
 *   drawn from `--key-count` (10) active keys with an exponential bias (pool
 *   position j is 2^j times as likely as position 0); write values per key
 *   1, 2, …, `--max-writes-per-key` (16), after which the key is retired and
 *   replaced by max(pool)+1. Every (key, value) is written at most once.
 * - **Client** (reusable): `txn` → the reply's `txn` as the completion value.
 *   Errors are mapped by the engine: definite codes → `:fail`, else `:info`.
 * - **Checker**: {@link txnRwRegister} under `--consistency-models`.
 * - **Convergence** (`--check-convergence`, ours, not Maelstrom's): a final
 *   phase (after heal and `--recovery` s) in which one thread per node reads
 *   every key ever written with one read-only txn (tagged `final`); every
 *   node must return the same value for every key. Maelstrom itself would
 *   pass a node that never replicates.
 * @module
 */

import { z } from "zod";
import { txnRwRegister as checkTxn } from "../checkers/txn/rw_register.ts";
import { eachThread, fromFn, type Generator, onThreads } from "../generator.ts";
import { type CheckResult, mergeValid, type Op } from "../history.ts";
import type { Random } from "../random.ts";
import type { ReplyFields, WorkloadFactory } from "../workload.ts";

/** A micro-op as sent and recorded. */
export type MicroOp = [string, unknown, unknown];

const MOP = z.union([
  z.tuple([z.literal("r"), z.unknown(), z.unknown()]),
  z.tuple([z.literal("w"), z.unknown(), z.unknown()]),
]);
const REPLY = { txn: z.array(MOP) };

/** Options of {@linkcode wrTxns}. */
export interface WrTxnsOptions {
  /** Active keys (default 10). */
  keyCount?: number;
  /** Longest txn (default 4); the shortest is 1. */
  maxTxnLength?: number;
  /** Values per key before it is retired (default 16). */
  maxWritesPerKey?: number;
}

/**
 * Elle's `wr-txns` stream: a function returning the next txn.
 * @param random The random source.
 * @param options Key pool, txn length, writes per key.
 * @returns `next()` (a fresh txn each call) and `written` (every key written so far).
 * @example Txns of one to four micro-ops
 * ```ts
 * import { wrTxns } from "./txn_rw_register.ts";
 * import { Random } from "../random.ts";
 * const { next } = wrTxns(new Random(1));
 * const txn = next();
 * if (txn.length < 1 || txn.length > 4) throw new Error("bad length");
 * ```
 */
export function wrTxns(
  random: Random,
  options: WrTxnsOptions = {},
): { next: () => MicroOp[]; written: Set<number> } {
  const keyCount = options.keyCount ?? 10;
  const maxLength = options.maxTxnLength ?? 4;
  const maxWrites = options.maxWritesPerKey ?? 16;
  const active = Array.from({ length: keyCount }, (_, i) => i);
  const nextValue = new Map<number, number>();
  const written = new Set<number>();
  // Pool position j is 2^j times as likely as position 0 (Elle's exponential key-dist).
  const scale = (2 ** keyCount - 1) * 2;
  const randIndex = () =>
    Math.min(keyCount - 1, Math.max(0, Math.floor(Math.log2(random.next() * scale + 2) - 1)));
  const next = () => {
    const length = 1 + Math.floor(random.next() * maxLength);
    const txn: MicroOp[] = [];
    while (txn.length < length) {
      const write = random.next() < 0.5;
      const i = randIndex();
      const k = active[i];
      if (!write) {
        txn.push(["r", k, null]);
        continue;
      }
      const v = nextValue.get(k) ?? 1;
      if (v > maxWrites) {
        active[i] = Math.max(...active) + 1;
        continue;
      }
      nextValue.set(k, v + 1);
      written.add(k);
      txn.push(["w", k, v]);
    }
    return txn;
  };
  return { next, written };
}

/** Options of the convergence check. */
export interface ConvergenceResult extends CheckResult {
  /** Keys read on every node. */
  "key-count": number;
  /** Nodes whose final read returned ok. */
  nodes: string[];
  /** Nodes without an ok final read. */
  missing: string[];
  /** Number of keys on which nodes disagree. */
  "divergent-count": number;
  /** Up to 16 disagreeing keys with each node's value. */
  divergent: Array<{ key: unknown; values: Record<string, unknown> }>;
}

/**
 * Checks that the final read-only txns (one per node) agree on every key.
 * @param history The run's history.
 * @param nodes Node ids; a process's node is `nodes[(process mod concurrency) mod N]`.
 * @param concurrency Worker threads of the run.
 * @returns The convergence result.
 */
export function checkConvergence(
  history: readonly Op[],
  nodes: readonly string[],
  concurrency: number,
): ConvergenceResult {
  const byNode = new Map<string, Map<unknown, unknown>>();
  let keys = 0;
  for (const op of history) {
    if (!op.final || op.f !== "txn" || typeof op.process !== "number") continue;
    if (op.type === "invoke") keys = Math.max(keys, (op.value as unknown[]).length);
    if (op.type !== "ok" || !Array.isArray(op.value)) continue;
    const node = nodes[(op.process % concurrency) % nodes.length];
    const values = new Map<unknown, unknown>();
    for (const m of op.value as MicroOp[]) if (m[0] === "r") values.set(m[1], m[2]);
    byNode.set(node, values);
  }
  const missing = nodes.filter((n) => !byNode.has(n));
  const divergent: ConvergenceResult["divergent"] = [];
  let divergentCount = 0;
  const allKeys = new Set<unknown>();
  for (const vs of byNode.values()) for (const k of vs.keys()) allKeys.add(k);
  for (const k of allKeys) {
    const values: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [n, vs] of byNode) {
      values[n] = vs.get(k) ?? null;
      seen.add(JSON.stringify(values[n]));
    }
    if (seen.size > 1) {
      divergentCount++;
      if (divergent.length < 16) divergent.push({ key: k, values });
    }
  }
  return {
    "valid?": missing.length === 0 && divergentCount === 0,
    "key-count": keys,
    nodes: [...byNode.keys()].sort(),
    missing,
    "divergent-count": divergentCount,
    divergent,
  };
}

/**
 * The generator of the convergence phase: one thread per node (threads
 * 0 … N−1) runs one read-only txn, tagged `final`, of every key written so
 * far (read when the op is made).
 * @param written The keys written (a live set, e.g. {@linkcode wrTxns}'s `written`).
 * @param nodeCount Number of nodes.
 * @returns The generator.
 */
export function convergenceReads(written: ReadonlySet<number>, nodeCount: number): Generator {
  return onThreads(
    (t) => t < nodeCount,
    eachThread(() => {
      let done = false;
      return fromFn(() => {
        if (done) return undefined;
        done = true;
        const keys = [...written].sort((a, b) => a - b);
        return { f: "txn", value: keys.map((k) => ["r", k, null]), final: true };
      });
    }),
  );
}

/** What the two txn workloads (rw-register, list-append) differ in. */
export interface TxnFlavour {
  /** Maelstrom's workload name. */
  name: string;
  /** The txn stream: `next()` and every key written so far. */
  stream: (
    random: Random,
    options: WrTxnsOptions,
  ) => { next: () => MicroOp[]; written: Set<number> };
  /** The `txn_ok` reply's fields. */
  reply: ReplyFields;
  /** The checker, as Maelstrom runs it. */
  check: (history: readonly Op[], options: { consistencyModels?: string[] }) => CheckResult;
}

/**
 * Makes a txn workload: one reusable client sending `txn`, the stream as the
 * generator, the flavour's checker, and the opt-in convergence phase.
 * @param flavour What the workload's micro-ops and checker are.
 * @returns The workload factory.
 */
export function txnWorkload(flavour: TxnFlavour): WorkloadFactory {
  return ({ options, random }) => {
    const stream = flavour.stream(random, {
      keyCount: options.keyCount,
      maxTxnLength: options.maxTxnLength,
      maxWritesPerKey: options.maxWritesPerKey,
    });
    const convergence = options.checkConvergence === true;
    const finalGenerator = () => convergenceReads(stream.written, options.nodes.length);
    return {
      name: flavour.name,
      reusableClient: true,
      wrapErrors: true,
      idempotent: new Set(),
      generator: () => fromFn(() => ({ f: "txn", value: stream.next() })),
      ...(convergence ? { finalGenerator } : {}),
      client: (conn) => ({
        async invoke(op) {
          const reply = await conn.rpc({ type: "txn", txn: op.value as MicroOp[] }, flavour.reply);
          return { type: "ok", value: reply.txn };
        },
      }),
      check(history) {
        const res = flavour.check(history, { consistencyModels: options.consistencyModels });
        if (!convergence) return res;
        const conv = checkConvergence(history, options.nodes, options.concurrency);
        return { ...res, "valid?": mergeValid([res["valid?"], conv["valid?"]]), convergence: conv };
      },
    };
  };
}

/** Makes the txn-rw-register workload. */
export const txnRwRegister: WorkloadFactory = txnWorkload({
  name: "txn-rw-register",
  stream: wrTxns,
  reply: REPLY,
  check: checkTxn,
});

/**
 * Maelstrom's `lin-kv` workload (see
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/workloads.md#workload-lin-kv
 * and `src/maelstrom/workload/lin_kv.clj`): a linearizable
 * key-value store of integer keys, with `read`, `write` and `cas`.
 *
 * - **Client** (reusable): `read` → `[k, value]`; `write` and `cas` → ok.
 *   Replies are checked against closed schemas (`read_ok` must carry
 *   `value`, any JSON; `write_ok` and `cas_ok` nothing else). The RPC
 *   timeout is `max(10 × --latency, 1000)` ms. Errors are mapped by the
 *   engine: `read` is idempotent (any error or timeout → `:fail`); `write`
 *   and `cas` → `:fail` on a definite code, else `:info`.
 * - **Generator** (Jepsen's linearizable-register over
 *   `independent/concurrent-generator`): the client threads, sorted, form
 *   groups of 2N (N = node count); each group works on one key at a time,
 *   keys 0, 1, 2 … handed out in order. In a group the first N threads only
 *   `read`; the others `write` (⅓) or `cas` (⅔), values uniform in 0–4, cas
 *   `from` and `to` drawn independently. A group leaves its key for the next
 *   unused one as soon as more than 20 distinct processes have belonged to
 *   it while on that key (each `:info` gives its thread a new process).
 *   `--concurrency` must be a positive multiple of 2N: otherwise the run
 *   crashes when the generator starts (exit 255), with Jepsen's assertion
 *   text. No final phase.
 * - **Checker**: {@link linearizableKv}, per key against a CAS register
 *   starting at `null`.
 * @module
 */

import { z } from "zod";
import { linearizableKv } from "../checkers/linearizable.ts";
import { TestCrashed } from "../errors.ts";
import {
  fromFn,
  type GenContext,
  type Generator,
  type GenOp,
  mix,
  reserve,
  scoped,
} from "../generator.ts";
import type { Random } from "../random.ts";
import type { WorkloadFactory } from "../workload.ts";

const REPLIES = {
  // Maelstrom's schema is `:value s/Any`: required, any JSON (null included).
  read: { value: z.unknown() },
  write: {},
  cas: {},
};

/** Options of {@link linearizableRegisterGenerator}. */
export interface RegisterGeneratorOptions {
  /** Number of server nodes, N: groups have 2N threads, N of them readers. */
  nodeCount: number;
  /** Distinct processes a group may use on one key (default 20). */
  processLimit?: number;
}

/** One thread group: its threads, its key and that key's generator. */
interface Group {
  threads: number[];
  key: number;
  gen: Generator;
  /** Processes that belonged to the group while it worked on `key`. */
  procs: Set<number>;
}

/**
 * The assertion of Jepsen's `concurrent-generator`, as Maelstrom reports it.
 * @param threads The number of client threads.
 * @param size The group size (2N).
 * @returns The message, or `undefined` when `threads` is a positive multiple of `size`.
 */
export function concurrencyError(threads: number, size: number): string | undefined {
  if (threads < size) {
    return `Assert failed: With ${threads} worker threads, this ` +
      `jepsen.concurrent/concurrent-generator cannot run a key with ${size} threads ` +
      `concurrently. Consider raising your test's :concurrency to at least ${size}.`;
  }
  if (threads % size !== 0) {
    const groups = Math.floor(threads / size);
    return `Assert failed: This jepsen.independent/concurrent-generator has ${threads} ` +
      `threads to work with, but can only use ${groups * size} of those threads to run ` +
      `${groups} concurrent keys with ${size} threads apiece. Consider raising or lowering ` +
      `the test's :concurrency to a multiple of ${size}.`;
  }
  return undefined;
}

/**
 * Jepsen's linearizable-register generator over independent keys (see the
 * module doc). Ops have `value` `[key, null]` (read), `[key, v]` (write) or
 * `[key, [from, to]]` (cas), and are bound to a thread of their group.
 * @param random Draws of values (the choice among groups uses the context's).
 * @param options Node count and process limit.
 * @returns The generator; it never runs out of keys.
 * @throws {TestCrashed} at its first op when the client threads are not a
 * positive multiple of 2N, or when 2N exceeds the process limit (Maelstrom
 * would loop forever there).
 * @example Six threads, three nodes: one group, threads 0–2 read
 * ```ts
 * import { linearizableRegisterGenerator } from "./lin_kv.ts";
 * import { Random } from "../random.ts";
 * import type { GenContext } from "../generator.ts";
 * import assert from "node:assert";
 * const gen = linearizableRegisterGenerator(new Random(1), { nodeCount: 3 });
 * const threads = [0, 1, 2, 3, 4, 5];
 * const ctx = {
 *   time: 0, threads, free: [1], concurrency: 6, nodes: ["n0", "n1", "n2"],
 *   nodeOf: (t: number) => `n${t % 3}`, processOf: (t: number) => t,
 *   random: new Random(2),
 * } as GenContext;
 * const op = gen.op(ctx);
 * assert.ok(op !== undefined && op !== "pending");
 * assert.deepEqual([op.f, op.value, op.thread], ["read", [0, null], 1]);
 * ```
 */
export function linearizableRegisterGenerator(
  random: Random,
  options: RegisterGeneratorOptions,
): Generator {
  const n = options.nodeCount;
  const size = 2 * n;
  const limit = options.processLimit ?? 20;
  const value = () => random.int(0, 5);
  const keyGen = (k: number): Generator =>
    reserve(
      n,
      fromFn(() => ({ f: "read", value: [k, null] })),
      mix([
        fromFn(() => ({ f: "write", value: [k, value()] })),
        fromFn(() => ({ f: "cas", value: [k, [value(), value()]] })),
        fromFn(() => ({ f: "cas", value: [k, [value(), value()]] })),
      ]),
    );
  let groups: Group[] | undefined;
  let nextKey = 0;
  let chosen: { op: GenOp; group: Group } | undefined;
  const groupOf = (thread: number) => groups?.find((g) => g.threads.includes(thread));
  const processes = (g: Group, ctx: GenContext) => g.threads.map((t) => ctx.processOf(t));

  const start = (ctx: GenContext): Group[] => {
    const threads = [...ctx.threads].sort((a, b) => a - b);
    const error = concurrencyError(threads.length, size);
    if (error !== undefined) throw new TestCrashed(error);
    if (size > limit) {
      throw new TestCrashed(
        `Cannot run lin-kv with ${n} nodes: a key's group of ${size} threads exceeds the ` +
          `limit of ${limit} processes per key (Maelstrom would hang)`,
      );
    }
    const out: Group[] = [];
    for (let i = 0; i < threads.length; i += size) {
      const key = nextKey++;
      out.push({ threads: threads.slice(i, i + size), key, gen: keyGen(key), procs: new Set() });
    }
    return out;
  };

  /** The group's next op, moving it to a new key when its key is done. */
  const propose = (g: Group, ctx: GenContext): GenOp | "pending" => {
    const sub = scoped(ctx, g.threads);
    for (;;) {
      const p = g.gen.op(sub);
      if (p === "pending") return p;
      if (p !== undefined) {
        const procs = new Set([...g.procs, ...processes(g, ctx)]);
        if (procs.size <= limit) return p;
      }
      // Exhausted, or too many processes: the group takes the next key.
      g.key = nextKey++;
      g.gen = keyGen(g.key);
      g.procs = new Set();
    }
  };

  return {
    op(ctx) {
      groups ??= start(ctx);
      const candidates: Array<{ op: GenOp; group: Group }> = [];
      for (const g of groups) {
        if (!g.threads.some((t) => ctx.free.includes(t))) continue;
        const p = propose(g, ctx);
        if (p !== "pending") candidates.push({ op: p, group: g });
      }
      if (candidates.length === 0) return "pending";
      // Every candidate is for now: a uniformly random one (Jepsen weighs
      // ties by group size, and groups are equal), kept while it stands.
      if (chosen === undefined || !candidates.some((c) => c.op === chosen!.op)) {
        chosen = ctx.random.pick(candidates);
      }
      return chosen.op;
    },
    update(event, ctx) {
      if (groups === undefined) return;
      if (event.type === "skip") {
        for (const g of groups) g.gen.update?.(event, scoped(ctx, g.threads));
        return;
      }
      chosen = undefined;
      const g = groupOf(event.thread);
      if (g === undefined) return;
      if (event.type === "invoke") { for (const p of processes(g, ctx)) g.procs.add(p); }
      g.gen.update?.(event, scoped(ctx, g.threads));
    },
  };
}

/** Makes the lin-kv workload. */
export const linKv: WorkloadFactory = ({ options, random }) => ({
  name: "lin-kv",
  reusableClient: true,
  wrapErrors: true,
  idempotent: new Set(["read"]),
  // Maelstrom's lin-kv client (src/maelstrom/workload/lin_kv.clj) waits
  // max(10 × mean latency, 1 s), whatever the distribution: a node that
  // needs a few service round trips per op still answers in time at high
  // latency. Every other workload waits a fixed 5 s.
  rpcTimeoutMs: Math.max(10 * options.latency, 1000),
  generator: () => linearizableRegisterGenerator(random, { nodeCount: options.nodes.length }),
  client: (conn) => ({
    async invoke(op) {
      const [key, v] = op.value as [number, unknown];
      switch (op.f) {
        case "read": {
          const reply = await conn.rpc({ type: "read", key }, REPLIES.read);
          return { type: "ok", value: [key, reply.value] };
        }
        case "write":
          await conn.rpc({ type: "write", key, value: v }, REPLIES.write);
          return { type: "ok" };
        case "cas": {
          const [from, to] = v as [unknown, unknown];
          await conn.rpc({ type: "cas", key, from, to }, REPLIES.cas);
          return { type: "ok" };
        }
        default:
          throw new Error(`Unknown lin-kv operation: "${op.f}"`);
      }
    },
  }),
  check: (history) => linearizableKv(history),
});

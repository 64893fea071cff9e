/**
 * Maelstrom's `kafka` workload (see
 * https://github.com/jepsen-io/maelstrom/blob/main/doc/workloads.md#workload-kafka
 * and `src/maelstrom/workload/kafka.clj`): append-only logs per
 * string key, with `send`, `poll`, `commit_offsets` and
 * `list_committed_offsets`.
 *
 * - **Client** (not reusable): keeps `next: key → offset`. A `poll` asks for
 *   the whole map, advances it past what came back and, if anything came
 *   back, commits the highest offset per key *in the same op*. An `assign`
 *   fetches committed offsets (or, for the final phase's assign, tagged
 *   `final`, seeks every key to 0). A `crash` is `:info` without an RPC, so
 *   the thread gets a new process and a fresh client.
 * - **Generator** (Jepsen's kafka workload with `txn? false`, assign only,
 *   crashing clients, over Elle's list-append stream of length-1 txns):
 *   sends and polls 50/50 over `--key-count` (10) active keys chosen with an
 *   exponential bias toward later pool positions; values 1 … 16
 *   (`--max-writes-per-key`) per key, then the key is replaced by a new one;
 *   1/64 of ops become an `assign` of the op's key, a third of those (when
 *   some acknowledged offsets have not been polled) plus every such key;
 *   `crash` ops at a mean interval of 30/concurrency s.
 * - **Final phase** (10 s cap, or the bench's `--recovery` if shorter):
 *   per thread, `crash`, `assign` of every key
 *   seen from offset 0, then polls 0–0.4 s apart until this thread has
 *   polled each key up to the highest offset any ok send or poll reported.
 * - **Checker**: {@link checkKafka}.
 * @module
 */

import { z } from "zod";
import { checkKafka } from "../checkers/kafka.ts";
import {
  any,
  eachThread,
  fromFn,
  type Generator,
  type GenOp,
  once,
  repeat,
  seq,
  stagger,
  timeLimit,
} from "../generator.ts";
import type { Op } from "../history.ts";
import type { Random } from "../random.ts";
import type {
  Connection,
  Workload,
  WorkloadClient,
  WorkloadContext,
  WorkloadFactory,
} from "../workload.ts";

/** Keys → highest offset, as Jepsen's `op->max-offsets` computes it. */
export type Offsets = Map<string, number>;

const OFFSET_MSG = z.tuple([z.int(), z.unknown()]).refine(
  (p) => p.length === 2,
  "expected 2 items",
);
const REPLIES = {
  send: { offset: z.int() },
  poll: { msgs: z.record(z.string(), z.array(OFFSET_MSG)) },
  commit_offsets: {},
  list_committed_offsets: { offsets: z.record(z.string(), z.int()) },
};

/**
 * The kafka client of one connection.
 */
export class KafkaClient implements WorkloadClient {
  /** The offset to poll next, per assigned key. */
  next: Map<string, number> = new Map();
  #conn: Connection;

  /** @param conn The connection to its node. */
  constructor(conn: Connection) {
    this.#conn = conn;
  }

  /**
   * Runs a `send`, `poll`, `assign` or `crash` op.
   * @param op The invocation.
   * @returns The completion; RPC errors propagate for the engine to map.
   */
  async invoke(op: Op): Promise<{ type: "ok" | "info"; value?: unknown }> {
    switch (op.f) {
      case "crash":
        return { type: "info" };
      case "assign": {
        const keys = (op.value as unknown[]).map(String);
        if (op.final === true) {
          this.next = new Map(keys.map((k) => [k, 0]));
        } else {
          const r = await this.#conn.rpc(
            { type: "list_committed_offsets", keys },
            REPLIES.list_committed_offsets,
          );
          const committed = r.offsets as Record<string, number>;
          this.next = new Map(keys.map((k) => [k, this.next.get(k) ?? committed[k] ?? 0]));
        }
        return { type: "ok" };
      }
      case "send": {
        const [[, key, msg]] = op.value as [[string, string, unknown]];
        const r = await this.#conn.rpc({ type: "send", key, msg }, REPLIES.send);
        return { type: "ok", value: [["send", key, [r.offset, msg]]] };
      }
      case "poll": {
        const r = await this.#conn.rpc(
          { type: "poll", offsets: Object.fromEntries(this.next) },
          REPLIES.poll,
        );
        const msgs = r.msgs as Record<string, Array<[number, unknown]>>;
        const commit: Record<string, number> = {};
        for (const [k, pairs] of Object.entries(msgs)) {
          const top = pairs.reduce((m, [o]) => Math.max(m, o), -1);
          this.next.set(k, Math.max(this.next.get(k) ?? -Infinity, top + 1));
          if (pairs.length > 0) commit[k] = Math.max(0, top);
        }
        if (Object.keys(commit).length > 0) {
          await this.#conn.rpc({ type: "commit_offsets", offsets: commit }, REPLIES.commit_offsets);
        }
        return { type: "ok", value: [["poll", msgs]] };
      }
      default:
        throw new Error(`Unknown kafka operation: "${op.f}"`);
    }
  }
}

/**
 * Highest offsets per key of an ok/info send or poll (Jepsen
 * `op->max-offsets`; a key polled as an empty list gives -1).
 * @param op A completion.
 * @returns Key → highest offset.
 */
export function maxOffsets(op: Op): Offsets {
  const out: Offsets = new Map();
  if ((op.type !== "ok" && op.type !== "info") || !Array.isArray(op.value)) return out;
  const put = (k: string, o: number) => out.set(k, Math.max(out.get(k) ?? -Infinity, o));
  for (const m of op.value) {
    if (!Array.isArray(m)) continue;
    if (
      m[0] === "poll" && (op.f === "poll" || op.f === "txn") && m[1] !== null &&
      typeof m[1] === "object"
    ) {
      for (const [k, pairs] of Object.entries(m[1] as Record<string, unknown>)) {
        let top = -1;
        for (const p of Array.isArray(pairs) ? pairs : []) {
          if (Array.isArray(p) && typeof p[0] === "number") top = Math.max(top, p[0]);
        }
        put(k, top);
      }
    } else if (m[0] === "send" && (op.f === "send" || op.f === "txn")) {
      if (Array.isArray(m[2]) && typeof m[2][0] === "number") put(String(m[1]), m[2][0]);
    }
  }
  return out;
}

/** Options of {@link kafkaGenerators}. */
export interface KafkaGeneratorOptions {
  /** Active keys (default 10). */
  keyCount?: number;
  /** Values per key before it is replaced (default 16). */
  maxWritesPerKey?: number;
  /** Client threads (for the crash interval). */
  concurrency: number;
  /** Mean seconds between crashes of one client (default 30). */
  crashInterval?: number;
  /** Probability that an op becomes an assign (default 1/64). */
  assignP?: number;
  /** Cap of the final phase, seconds (default 10). */
  finalLimit?: number;
}

/**
 * The main and final generators of a kafka run, sharing what the main phase
 * learned (the highest offset seen per key).
 * @param random The workload's random source.
 * @param options Key pool, writes per key, concurrency.
 * @returns `{main, final, offsets}`; `final()` makes the final-phase generator.
 */
export function kafkaGenerators(
  random: Random,
  options: KafkaGeneratorOptions,
): { main: Generator; final: () => Generator; offsets: Offsets } {
  const keyCount = options.keyCount ?? 10;
  const maxWrites = options.maxWritesPerKey ?? 16;
  const assignP = options.assignP ?? 1 / 64;
  const active = Array.from({ length: keyCount }, (_, i) => i);
  const nextValue = new Map<number, number>();
  // Elle's exponential key choice: pool position j is 2^j times as likely as 0.
  const scale = (2 ** keyCount - 1) * 2;
  const randKey = () => {
    const i = Math.floor(Math.log2(random.next() * scale + 2) - 1);
    return active[Math.min(keyCount - 1, Math.max(0, i))];
  };
  const keysOf = new WeakMap<GenOp, string[]>();
  const txns = fromFn(() => {
    for (;;) {
      const write = random.next() < 0.5;
      const k = randKey();
      let op: GenOp;
      if (write) {
        const v = nextValue.get(k) ?? 1;
        if (v > maxWrites) {
          active[active.indexOf(k)] = Math.max(...active) + 1;
          continue;
        }
        nextValue.set(k, v + 1);
        op = { f: "send", value: [["send", String(k), v]] };
      } else {
        op = { f: "poll", value: [["poll"]] };
      }
      keysOf.set(op, [String(k)]);
      return op;
    }
  });

  // Highest offsets any ok op reported (Jepsen `track-key-offsets`), and
  // sent-but-unpolled offsets (Jepsen `poll-unseen`).
  const offsets: Offsets = new Map();
  let sent: Offsets = new Map();
  let polled: Offsets = new Map();
  const mergeMax = (into: Offsets, from: Offsets) => {
    for (const [k, o] of from) into.set(k, Math.max(into.get(k) ?? -Infinity, o));
  };

  let proposal: GenOp | undefined;
  const main: Generator = {
    op(ctx) {
      if (proposal !== undefined) return proposal;
      const p = txns.op(ctx);
      if (p === undefined || p === "pending") return p;
      if (random.next() < assignP) {
        let keys = keysOf.get(p) ?? [];
        if (random.next() < 1 / 3 && sent.size > 0) keys = [...new Set([...keys, ...sent.keys()])];
        proposal = { f: "assign", value: keys };
      } else {
        proposal = p;
      }
      return proposal;
    },
    update(event, ctx) {
      if (event.type === "complete") {
        txns.update?.(event, ctx);
        const op = event.op;
        if (op.type !== "ok") return;
        const seen = maxOffsets(op);
        mergeMax(offsets, seen);
        const sends = op.f === "send" ? seen : new Map<string, number>();
        const polls = op.f === "poll" ? seen : new Map<string, number>();
        mergeMax(sent, sends);
        mergeMax(polled, polls);
        const [s2, p2] = [new Map(sent), new Map(polled)];
        for (const k of new Set([...sent.keys(), ...polled.keys()])) {
          if (!((polled.get(k) ?? -1) < (sent.get(k) ?? -1))) s2.delete(k), p2.delete(k);
        }
        [sent, polled] = [s2, p2];
      } else if (event.source === proposal) {
        // An assign stands in for the op it was drawn with: that op stays.
        if (proposal.f !== "assign") txns.update?.(event, ctx);
        proposal = undefined;
      }
    },
  };

  // Crashes at uniform gaps in [0, 2 × interval/concurrency) (Jepsen
  // `stagger`, which only follows its own ops).
  const crashGap = (options.crashInterval ?? 30) / options.concurrency;
  let nextCrash: number | undefined;
  let crash: GenOp | undefined;
  const crashes: Generator = {
    op: (ctx) => crash ??= { f: "crash", time: nextCrash ?? ctx.time },
    update(event) {
      if (event.type === "complete" || event.source !== crash) return;
      const at = event.type === "invoke" ? event.op.time : crash.time!;
      nextCrash = at + Math.floor(random.uniform(0, 2 * crashGap) * 1e9);
      crash = undefined;
    },
  };

  const final = () => {
    let targets: Offsets | undefined;
    const snapshot = () => targets ??= new Map(offsets);
    return timeLimit(
      options.finalLimit ?? 10,
      eachThread(() => {
        let mine: Offsets | undefined;
        let assigned = false;
        const inner = seq(
          once({ f: "crash" }),
          fromFn(() => {
            if (assigned) return undefined;
            assigned = true;
            const keys = [...snapshot().keys()].sort((a, b) => Number(a) - Number(b));
            return { f: "assign", value: keys, final: true };
          }),
          stagger(1 / 5, repeat({ f: "poll", value: [["poll"]] })),
        );
        return {
          op(ctx) {
            mine ??= new Map(snapshot());
            return mine.size === 0 ? undefined : inner.op(ctx);
          },
          update(event, ctx) {
            if (event.type === "complete" && event.op.type === "ok" && event.op.f === "poll") {
              for (const [k, o] of maxOffsets(event.op)) {
                if (mine!.has(k) && mine!.get(k)! <= o) mine!.delete(k);
              }
            }
            inner.update?.(event, ctx);
          },
        };
      }),
    );
  };

  return { main: any(crashes, main), final, offsets };
}

/**
 * Makes the kafka workload.
 * @param ctx The run's options and random source.
 * @returns The workload.
 */
export const kafka: WorkloadFactory = (ctx: WorkloadContext): Workload => {
  const gens = kafkaGenerators(ctx.random, {
    keyCount: ctx.options.keyCount,
    maxWritesPerKey: ctx.options.maxWritesPerKey,
    concurrency: ctx.options.concurrency,
    // Maelstrom: 10 s (its recovery sleep is always 10 s too); a shortened
    // bench `--recovery` shortens this cap alike.
    finalLimit: Math.min(10, ctx.options.recovery),
  });
  return {
    name: "kafka",
    reusableClient: false,
    wrapErrors: true,
    idempotent: new Set(["assign"]),
    generator: () => gens.main,
    finalGenerator: gens.final,
    client: (conn) => new KafkaClient(conn),
    check: (history) => checkKafka(history),
  };
};

/**
 * Runs a generator on the worker threads (Jepsen's interpreter, harness.md
 * §5): thread `t` talks to node `t mod N`, one op at a time; each op is
 * recorded as an invocation and a completion; errors are mapped to `:fail` /
 * `:info` (protocol.md §5); after an `:info` the thread's process grows by
 * the concurrency and a non-reusable client is re-opened before its next op.
 * @module
 */

import { errorName, MalformedReply, RpcError, RpcTimeout } from "./errors.ts";
import type { GenContext, Generator, GenEvent, GenOp } from "./generator.ts";
import { timeOf } from "./generator.ts";
import type { Op } from "./history.ts";
import type { Random } from "./random.ts";
import type { Recorder } from "./recorder.ts";
import type { Completion, Connection, Workload, WorkloadClient } from "./workload.ts";

/** Opens and closes the bench's client connections. */
export interface Connections {
  open(node: string): Connection & { close(): void };
}

interface Worker {
  thread: number;
  process: number;
  node: string;
  busy: boolean;
  conn?: Connection & { close(): void };
  client?: WorkloadClient;
  /** The process the client was opened for. */
  clientProcess?: number;
}

/** Options of {@link Interpreter}. */
export interface InterpreterOptions {
  workload: Workload;
  nodes: readonly string[];
  concurrency: number;
  recorder: Recorder;
  connections: Connections;
  random: Random;
}

/**
 * Maps an exception thrown by a client's `invoke` to a completion
 * (Maelstrom's `with-errors`, or an `indeterminate` exception when the
 * workload does not wrap errors).
 * @param error What was thrown.
 * @param f The op's `:f`.
 * @param workload Its error policy.
 * @returns The completion.
 */
export function completionForError(error: unknown, f: string, workload: Workload): Completion {
  const idempotent = workload.idempotent.has(f);
  if (workload.wrapErrors && error instanceof RpcTimeout) {
    return { type: idempotent ? "fail" : "info", error: "net-timeout" };
  }
  if (workload.wrapErrors && error instanceof RpcError) {
    return {
      type: error.definite || idempotent ? "fail" : "info",
      error: [errorName(error.code), error.text ?? null],
      code: error.code,
    };
  }
  const e = error instanceof Error ? error : new Error(String(error));
  const out: Completion = {
    type: "info",
    error: `indeterminate: ${e.message}`,
    exception: `${e.name}: ${e.message}`,
  };
  if (error instanceof RpcError) out.code = error.code;
  if (error instanceof MalformedReply) out.exception = `${e.name}: ${e.message}`;
  return out;
}

/** Runs generators on worker threads; reusable across phases. */
export class Interpreter {
  #o: InterpreterOptions;
  #workers: Worker[];
  #events: GenEvent[] = [];
  #wake: (() => void) | undefined;
  #inflight = 0;
  /** Number of ops invoked so far. */
  invoked = 0;

  /** @param options Workload, threads, recorder and connections. */
  constructor(options: InterpreterOptions) {
    this.#o = options;
    this.#workers = Array.from({ length: options.concurrency }, (_, t) => ({
      thread: t,
      process: t,
      node: options.nodes[t % options.nodes.length],
      busy: false,
    }));
  }

  #context(): GenContext {
    const { nodes, concurrency, random, recorder } = this.#o;
    const workers = this.#workers;
    const threads = workers.map((w) => w.thread);
    return {
      time: recorder.time(),
      threads,
      free: workers.filter((w) => !w.busy).map((w) => w.thread),
      concurrency,
      nodes,
      nodeOf: (t) => workers[t].node,
      processOf: (t) => workers[t].process,
      random,
    };
  }

  #sleep(ms?: number): Promise<void> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      this.#wake = done;
      if (ms !== undefined) timer = setTimeout(done, Math.max(0, ms));
    });
  }

  #notify(event: GenEvent): void {
    this.#events.push(event);
    this.#wake?.();
  }

  /**
   * Runs a generator until it is exhausted and every op it started completed.
   * @param gen The generator.
   */
  async run(gen: Generator): Promise<void> {
    for (;;) {
      while (this.#events.length > 0) gen.update?.(this.#events.shift()!, this.#context());
      const ctx = this.#context();
      if (ctx.free.length === 0) {
        await this.#sleep();
        continue;
      }
      const p = gen.op(ctx);
      if (p === undefined) {
        if (this.#inflight === 0) return;
        await this.#sleep();
        continue;
      }
      if (p === "pending") {
        await this.#sleep(this.#inflight === 0 ? 10 : undefined);
        continue;
      }
      const at = timeOf(p, ctx);
      if (at > ctx.time) {
        await this.#sleep((at - ctx.time) / 1e6);
        continue;
      }
      const thread = p.thread ?? ctx.random.pick(ctx.free);
      const worker = this.#workers[thread];
      if (worker === undefined || worker.busy) {
        await this.#sleep();
        continue;
      }
      this.#start(gen, worker, p, ctx);
    }
  }

  #start(gen: Generator, worker: Worker, source: GenOp, ctx: GenContext): void {
    const { workload, recorder, connections } = this.#o;
    if (
      worker.client === undefined ||
      (!workload.reusableClient && worker.clientProcess !== worker.process)
    ) {
      worker.conn?.close();
      worker.conn = connections.open(worker.node);
      worker.client = workload.client(worker.conn);
      worker.clientProcess = worker.process;
    }
    const client = worker.client;
    worker.busy = true;
    this.#inflight++;
    this.invoked++;
    const entry: Omit<Op, "index" | "time"> = {
      type: "invoke",
      process: worker.process,
      f: source.f,
      value: source.value ?? null,
    };
    if (source.final) entry.final = true;
    const invocation = recorder.append(entry);
    gen.update?.({ type: "invoke", thread: worker.thread, source, op: invocation }, ctx);
    const finish = (c: Completion) => {
      const done: Omit<Op, "index" | "time"> = {
        type: c.type,
        process: invocation.process,
        f: invocation.f,
        value: c.value === undefined ? invocation.value : c.value,
      };
      if (invocation.final) done.final = true;
      if (c.error !== undefined) done.error = c.error;
      if (c.code !== undefined) done.code = c.code;
      if (c.exception !== undefined) done.exception = c.exception;
      const op = recorder.append(done);
      if (op.type === "info") worker.process += this.#o.concurrency;
      worker.busy = false;
      this.#inflight--;
      this.#notify({ type: "complete", thread: worker.thread, invocation, op });
    };
    let promise: Promise<Completion>;
    try {
      promise = client.invoke(invocation);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(finish, (error) => finish(completionForError(error, invocation.f, workload)));
  }

  /** Closes every worker's client. */
  close(): void {
    for (const w of this.#workers) {
      w.conn?.close();
      w.conn = undefined;
      w.client = undefined;
    }
  }
}

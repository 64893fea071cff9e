/**
 * Runs a generator on the worker threads (Jepsen's
 * `jepsen.generator.interpreter`, https://github.com/jepsen-io/jepsen):
 * thread `t` talks to node `t mod N`, one op at a time; each op is recorded
 * as an invocation and a completion; errors are mapped to `:fail` / `:info`
 * (`with-errors` in Maelstrom's `src/maelstrom/client.clj`); after an
 * `:info` the thread's process grows by the concurrency and a non-reusable
 * client is re-opened before its next op.
 *
 * Like Jepsen's, the context holds one more thread than the clients: the
 * nemesis's, numbered `concurrency` (wrap client generators in `clients`,
 * nemesis generators in `nemesis`). An op without a bound thread goes to
 * the rotation's next free thread (`someFreeThread`), and every invocation —
 * client, nemesis, `sleep` or `log` — advances the rotation by one, mod
 * `concurrency + 1`.
 * @module
 */

import { errorName, MalformedReply, RpcError, RpcTimeout } from "./errors.ts";
import type { GenContext, Generator, GenEvent, GenOp } from "./generator.ts";
import { someFreeThread, timeOf } from "./generator.ts";
import type { Op, Process } from "./history.ts";
import type { Random } from "./random.ts";
import type { Recorder } from "./recorder.ts";
import type { Completion, Connection, Workload, WorkloadClient } from "./workload.ts";

/** Opens and closes the bench's client connections. */
export interface Connections {
  open(node: string): Connection & { close(): void };
}

/** Executes nemesis ops (the ops run on the nemesis's thread). */
export interface NemesisExecutor {
  /**
   * Runs one op.
   * @param f The op's `:f`, e.g. `"start-partition"`.
   * @param value The invocation's `:value`.
   * @returns The completion's `:value`.
   */
  invoke(f: string, value: unknown): unknown;
}

interface Worker {
  thread: number;
  process: Process;
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
  /** Runs the ops of the nemesis's thread; without it they are an error. */
  nemesis?: NemesisExecutor;
  /** Where `log` ops go. */
  log?: (line: string) => void;
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
  #stopped = false;
  /** Timers of running `sleep` ops (cleared by {@link stop}). */
  #sleeps = new Set<ReturnType<typeof setTimeout>>();
  /** Jepsen's next-thread-index. */
  #nextThread = 0;
  /** Number of client ops invoked so far. */
  invoked = 0;

  /** @param options Workload, threads, recorder and connections. */
  constructor(options: InterpreterOptions) {
    this.#o = options;
    const c = options.concurrency;
    this.#workers = Array.from({ length: c + 1 }, (_, t) => ({
      thread: t,
      process: t < c ? t : "nemesis",
      node: t < c ? options.nodes[t % options.nodes.length] : "",
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
      processOf: (t) => {
        const p = workers[t].process;
        return typeof p === "number" ? p : -1;
      },
      random,
      nextThread: this.#nextThread,
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
   * @param gen The generator (client generators wrapped in `clients`).
   */
  async run(gen: Generator): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
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
      const thread = p.thread ?? someFreeThread(ctx);
      const worker = thread === undefined ? undefined : this.#workers[thread];
      if (worker === undefined || worker.busy) {
        await this.#sleep();
        continue;
      }
      worker.busy = true;
      this.#inflight++;
      this.#nextThread = (this.#nextThread + 1) % this.#workers.length;
      if (p.kind !== undefined) this.#special(gen, worker, p);
      else if (worker.thread === this.#o.concurrency) this.#nemesisOp(gen, worker, p);
      else this.#start(gen, worker, p);
    }
  }

  #done(worker: Worker, invocation: Op, op: Op): void {
    worker.busy = false;
    this.#inflight--;
    this.#notify({ type: "complete", thread: worker.thread, invocation, op });
  }

  /** A `sleep` or `log` op: occupies its thread, never recorded. */
  #special(gen: Generator, worker: Worker, source: GenOp): void {
    const time = this.#o.recorder.time();
    const invocation: Op = {
      index: -1,
      time,
      type: "invoke",
      process: worker.process,
      f: source.f,
      value: source.value ?? null,
    };
    gen.update?.(
      { type: "invoke", thread: worker.thread, source, op: invocation },
      this.#context(),
    );
    const finish = () =>
      this.#done(worker, invocation, { ...invocation, time: this.#o.recorder.time() });
    if (source.kind === "sleep") {
      const timer = setTimeout(() => {
        this.#sleeps.delete(timer);
        finish();
      }, Number(source.value) * 1000);
      this.#sleeps.add(timer);
    } else {
      this.#o.log?.(String(source.value));
      queueMicrotask(finish);
    }
  }

  /** A nemesis op: `:info` invocation and completion of process `nemesis`. */
  #nemesisOp(gen: Generator, worker: Worker, source: GenOp): void {
    const { recorder, nemesis } = this.#o;
    const invocation = recorder.append({
      type: "info",
      process: "nemesis",
      f: source.f,
      value: source.value ?? null,
    });
    gen.update?.(
      { type: "invoke", thread: worker.thread, source, op: invocation },
      this.#context(),
    );
    queueMicrotask(() => {
      if (nemesis === undefined) throw new Error(`No nemesis to run ${source.f}`);
      const value = nemesis.invoke(source.f, source.value ?? null);
      const op = recorder.append({ type: "info", process: "nemesis", f: source.f, value });
      this.#done(worker, invocation, op);
    });
  }

  #start(gen: Generator, worker: Worker, source: GenOp): void {
    const { workload, recorder, connections } = this.#o;
    if (
      worker.client === undefined ||
      (!workload.reusableClient && worker.clientProcess !== worker.process)
    ) {
      worker.conn?.close();
      worker.conn = connections.open(worker.node);
      worker.client = workload.client(worker.conn);
      worker.clientProcess = worker.process as number;
    }
    const client = worker.client;
    this.invoked++;
    const entry: Omit<Op, "index" | "time"> = {
      type: "invoke",
      process: worker.process,
      f: source.f,
      value: source.value ?? null,
    };
    if (source.final) entry.final = true;
    const invocation = recorder.append(entry);
    gen.update?.(
      { type: "invoke", thread: worker.thread, source, op: invocation },
      this.#context(),
    );
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
      if (op.type === "info") worker.process = (worker.process as number) + this.#o.concurrency;
      this.#done(worker, invocation, op);
    };
    let promise: Promise<Completion>;
    try {
      promise = client.invoke(invocation);
    } catch (error) {
      promise = Promise.reject(error);
    }
    promise.then(finish, (error) => finish(completionForError(error, invocation.f, workload)));
  }

  /**
   * Stops the run at once (a node died): `run()` returns without starting
   * another op, and `sleep` ops end. Ops in flight end when their clients
   * are closed.
   */
  stop(): void {
    this.#stopped = true;
    for (const timer of this.#sleeps) clearTimeout(timer);
    this.#sleeps.clear();
    this.#wake?.();
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

/**
 * The set-up phase of a test, as Jepsen's DB and client setup: check the
 * options, make the run directory, the network and its services
 * ({@link prepare}); start every node and `init` it ({@link startNodes});
 * then start the relative clock and run the workload's per-node setup
 * ({@link setUpClients}).
 * @module
 */

import process from "node:process";
import { join } from "node:path";
import { Client, ClientIds } from "../client.ts";
import { TestCrashed, UsageError } from "../errors.ts";
import { parseTransit, type TransitModel } from "../network.ts";
import type { TestOptions } from "../options.ts";
import { boostPriority, NodeProcess } from "../process.ts";
import { Random } from "../random.ts";
import { Recorder } from "../recorder.ts";
import { defaultServices, startServices } from "../services/mod.ts";
import { createRunDir } from "../store.ts";
import { loadWorkload } from "../workloads/mod.ts";
import { nodeCommand } from "./bin.ts";
import { type Log, LoggedNetwork, makeLog } from "./log.ts";
import type { Bench } from "./types.ts";
import type { LogLine } from "../store/jepsen_log.ts";

/** The bench process's CPU seconds so far (user + system). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Checks the options and makes what a run needs before any node starts:
 * the workload, the run directory, the network with its services.
 * @param options The run's options (`bin` required).
 * @returns The live test, with no node started yet.
 * @throws {UsageError} for an unknown workload or a missing `bin`.
 * @throws {TestCrashed} for a `bin` that cannot run, or a latency
 * distribution that Maelstrom cannot draw from (mean 0).
 */
export async function prepare(options: TestOptions): Promise<Bench> {
  const start = { wallMs: performance.now(), cpuSeconds: cpuSeconds() };
  const printed = makeLog(options);
  // Every line is also kept, with its time, for jepsen.log.
  const logLines: LogLine[] = [];
  const log: Log = (line, logger) => {
    logLines.push({ wallMs: Date.now(), line, logger });
    printed(line, logger);
  };
  const factory = await loadWorkload(options.workload);
  if (factory === undefined) throw new UsageError(`Unknown workload: "${options.workload}"`);
  if (options.bin === "") throw new UsageError("Missing required option: --bin");
  if (options.latencyDist !== "constant" && options.latency === 0) {
    // Maelstrom dies at start-up on it (uniform: an empty range; exponential:
    // a division by zero), exit 255.
    throw new TestCrashed(
      `--latency-dist ${options.latencyDist} needs a --latency above 0 (Maelstrom dies on it too)`,
    );
  }
  const command = await nodeCommand(options.bin);
  const transit = transitFromEnv();
  const random = new Random(options.seed);
  const workload = factory({ options, random: random.fork() });
  const dir = await createRunDir(options.storeDir, workload.name);
  const boost = await boostPriority(10);
  const net = new LoggedNetwork({
    latency: { mean: options.latency, dist: options.latencyDist },
    random: random.fork(),
    logSend: options.logNetSend,
    logRecv: options.logNetRecv,
    log,
    transit,
  });
  startServices(net, defaultServices(random.fork()), {
    onError: (service, body, error) =>
      log(`WARN [${service}] Error in service worker! ${JSON.stringify(body)}: ${error}`),
  });
  let died!: (reason: string) => void;
  const nodeDied = new Promise<string>((resolve) => died = resolve);
  const bench: Bench = {
    options,
    workload,
    command,
    dir,
    random,
    net,
    ids: new ClientIds(),
    boost,
    procs: new Map(),
    outputErrors: [],
    setupClients: [],
    wall: { setup: 0, main: 0, final: 0, analysis: 0, total: 0 },
    start,
    recorder: new Recorder(net.now()),
    phase: { name: "setup", startMs: start.wallMs },
    nodeDied,
    died,
    log,
    logLines,
    stopProgress: () => {},
  };
  if (options.progress ?? Deno.stderr.isTerminal()) showProgress(bench);
  return bench;
}

/** Rewrites one status line on stderr four times a second until `stopProgress()`. */
function showProgress(bench: Bench): void {
  const enc = new TextEncoder();
  const timer = setInterval(() => {
    const { name, startMs } = bench.phase;
    const s = ((performance.now() - startMs) / 1000).toFixed(1);
    const limit = name === "main" ? `/${bench.options.timeLimit}` : "";
    const text = `\r\x1b[K${bench.workload.name} ${name} ${s}${limit} s · ops ${
      bench.interpreter?.invoked ?? 0
    } · events ${bench.net.journalSize}`;
    Deno.stderr.writeSync(enc.encode(text));
  }, 250);
  bench.stopProgress = () => {
    clearInterval(timer);
    Deno.stderr.writeSync(enc.encode("\r\x1b[K"));
    bench.stopProgress = () => {};
  };
}

/**
 * Starts every node concurrently, as Maelstrom's DB setup: register it on
 * the network, spawn it, send `init` and wait up to 10 s for `init_ok`.
 * @param bench The live test.
 * @throws {TestCrashed} when a node cannot start or does not answer `init`.
 */
export async function startNodes(bench: Bench): Promise<void> {
  await Promise.all(bench.options.nodes.map((node) => startNode(bench, node)));
}

async function startNode(bench: Bench, node: string): Promise<void> {
  const { net, options } = bench;
  let resolveProc!: (p: NodeProcess) => void;
  const spawned: { proc?: NodeProcess } = {};
  const procReady = new Promise<NodeProcess>((r) => resolveProc = r);
  net.register(
    node,
    (messages) =>
      spawned.proc !== undefined
        ? spawned.proc.write(messages)
        : procReady.then((p) => p.write(messages)),
  );
  let proc: NodeProcess;
  try {
    const { command, prefix, suffix, env } = bench.command;
    proc = await NodeProcess.spawn({
      id: node,
      bin: command,
      args: [...prefix, ...options.args, ...suffix],
      env,
      niceIncrement: bench.boost === "nice" ? 10 : undefined,
      logFile: join(bench.dir, "node-logs", `${node}.log`),
      echoStderr: options.logStderr ? (line) => bench.log(`[${node} stderr] ${line}`) : undefined,
      onMessage: (env) => void net.send(env.src, env.dest, env.body),
      onOutputError: (error, line) => {
        bench.outputErrors.push({ node, line, error: error.message });
        console.error(
          `WARN [${node} stdout] Error! ${error.message}\n` +
            `  offending line: ${JSON.stringify(line.slice(0, 500))}\n` +
            `  Like Maelstrom, the bench now ignores everything ${node} writes to stdout.`,
        );
      },
    });
  } catch (error) {
    throw new TestCrashed(`Cannot start node ${node}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  bench.procs.set(node, proc);
  spawned.proc = proc;
  resolveProc(proc);
  // As Maelstrom, a node that exits crashes the test; unlike it, the run
  // stops at once (Maelstrom notices at teardown, or after init's 10 s).
  // With --leave-db-running Maelstrom never notices, nor do we.
  const exited = proc.exited.then((c) => `Node ${node} crashed with exit status ${c.code}`);
  if (!options.leaveDbRunning) exited.then(bench.died);
  const init = new Client(net, bench.ids.next(), node, 10_000);
  try {
    const reply = await Promise.race([
      init.send({ type: "init", node_id: node, node_ids: options.nodes }),
      exited.then((reason) => Promise.reject(new TestCrashed(`${reason} before init_ok`))),
    ]);
    if (reply.type !== "init_ok") {
      throw new TestCrashed(
        `Expected an init_ok message from ${node}, but got ${JSON.stringify(reply)}`,
      );
    }
  } catch (error) {
    if (error instanceof TestCrashed) throw error;
    throw new TestCrashed(`Node ${node} did not respond to init within 10 s`, { cause: error });
  } finally {
    init.close();
  }
}

/**
 * Starts the relative clock (history time 0), opens one setup client per
 * node and runs the workload's setup through each (broadcast sends
 * `topology`), then heals the network, as Jepsen's client and nemesis setup.
 * @param bench The live test.
 * @throws {TestCrashed} when a node's setup fails.
 */
export async function setUpClients(bench: Bench): Promise<void> {
  const { net, workload } = bench;
  bench.recorder = new Recorder(net.now());
  for (const node of bench.options.nodes) {
    bench.setupClients.push(new Client(net, bench.ids.next(), node, 5000));
  }
  if (workload.setup !== undefined) {
    await Promise.all(bench.setupClients.map(async (c) => {
      try {
        await workload.setup!(c);
      } catch (error) {
        throw new TestCrashed(`Setup of ${c.node} failed: ${(error as Error).message}`, {
          cause: error,
        });
      }
    }));
  }
  net.heal();
  bench.wall.setup = (performance.now() - bench.start.wallMs) / 1000;
}

/** The pipe model, or the measuring knob `MAELSTROM_TS_TRANSIT` (see `parseTransit`). */
function transitFromEnv(): Readonly<TransitModel> | null {
  try {
    return parseTransit(Deno.env.get("MAELSTROM_TS_TRANSIT"));
  } catch (e) {
    throw new UsageError((e as Error).message, { cause: e });
  }
}

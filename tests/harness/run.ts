/**
 * One bench run, start to verdict (harness.md §1): services and nodes,
 * `init`, workload setup, the main phase (nemesis ∥ staggered, time-limited
 * client ops), the final phase (heal, recovery sleep, final generator),
 * teardown with crash detection, checkers, store and verdict.
 * @module
 */

import process from "node:process";
import { join } from "node:path";
import { availability } from "./checkers/availability.ts";
import { composeAsync } from "./checkers/compose.ts";
import { exceptions } from "./checkers/exceptions.ts";
import { latency, perf } from "./checkers/latency.ts";
import { net as netChecker } from "./checkers/net.ts";
import { stats } from "./checkers/stats.ts";
import { Client, ClientIds } from "./client.ts";
import { TestCrashed, UsageError } from "./errors.ts";
import {
  any,
  clients,
  logOp,
  nemesis as nemesisGen,
  phases,
  sleepOp,
  stagger,
  timeLimit,
} from "./generator.ts";
import type { CheckResult, JournalEvent, Op, Validity } from "./history.ts";
import { Interpreter } from "./interpreter.ts";
import { partitionFinalGenerator, partitionGenerator, PartitionNemesis } from "./nemesis.ts";
import { type DeliveryStats, Network } from "./network.ts";
import type { TestOptions } from "./options.ts";
import { boostPriority, NodeProcess, restorePriority } from "./process.ts";
import { Random } from "./random.ts";
import { Recorder } from "./recorder.ts";
import { writeReport } from "./report/mod.ts";
import { summary, verdictLine } from "./report/summary.ts";
import { defaultServices, startServices } from "./services/mod.ts";
import { createRunDir, writeHistory, writeJournal, writeJson } from "./store.ts";
import type { Workload } from "./workload.ts";
import { loadWorkload } from "./workloads/mod.ts";

/** A line a node wrote to stdout that stopped the reading of its stdout. */
export interface OutputError {
  node: string;
  line: string;
  error: string;
}

/** A node that exited before teardown. */
export interface CrashReport {
  node: string;
  code: number;
  signal: string | null;
  stderr: string[];
}

/** The bench's own figures for a run. */
export interface BenchStats {
  seed: number;
  /** Delivery figures of the main and final phases. */
  delivery: DeliveryStats;
  /** Bench CPU time over the run, seconds, and as a fraction of one core. */
  cpu: { seconds: number; share: number };
  /** CPU seconds used by the node processes (from /proc, when available). */
  nodeCpuSeconds?: number;
  /** Wall time of the phases, seconds. */
  wall: { setup: number; main: number; final: number; analysis: number; total: number };
  ops: number;
  messages: number;
}

/** The outcome of {@link runTest}. */
export interface RunResult {
  /** 0 valid, 1 invalid, 2 unknown, 255 crashed. */
  exitCode: number;
  valid: Validity | "crashed";
  /** The composed results (absent when the test crashed). */
  results?: CheckResult;
  /** The run's store directory. */
  dir?: string;
  history: Op[];
  journal: JournalEvent[];
  bench?: BenchStats;
  outputErrors: OutputError[];
  crashes: CrashReport[];
  /** Why the test crashed, if it did. */
  error?: string;
}

function exitCodeOf(valid: Validity): number {
  return valid === true ? 0 : valid === false ? 1 : 2;
}

/** Reads a process's CPU seconds (utime + stime) from /proc. */
function procCpuSeconds(pid: number): number {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Runs one test.
 * @param options The run's options (see `options.ts`; `bin` required).
 * @returns The verdict, history, journal and figures. Never throws for a
 * failing node: a crashed test comes back with `exitCode` 255.
 * @throws {UsageError} for an unknown workload or missing `bin`.
 */
export async function runTest(options: TestOptions): Promise<RunResult> {
  const t0 = performance.now();
  const cpu0 = cpuSeconds();
  const log = (line: string) => {
    if (!options.quiet) console.error(line);
  };
  const factory = await loadWorkload(options.workload);
  if (factory === undefined) throw new UsageError(`Unknown workload: "${options.workload}"`);
  if (options.bin === "") throw new UsageError("Missing required option: --bin");
  let bin: string;
  try {
    bin = await Deno.realPath(options.bin);
  } catch (error) {
    throw new UsageError(`Cannot find --bin: "${options.bin}"`, { cause: error });
  }
  const random = new Random(options.seed);
  const workload: Workload = factory({ options, random: random.fork() });
  const dir = await createRunDir(options.storeDir, workload.name);
  const nodes = options.nodes;
  const boost = await boostPriority(10);

  const net = new Network({
    latency: { mean: options.latency, dist: options.latencyDist },
    random: random.fork(),
  });
  startServices(net, defaultServices(random.fork()), {
    onError: (service, body, error) =>
      log(`WARN [${service}] Error in service worker! ${JSON.stringify(body)}: ${error}`),
  });
  const ids = new ClientIds();
  const procs = new Map<string, NodeProcess>();
  const outputErrors: OutputError[] = [];
  const crashes: CrashReport[] = [];
  let recorder = new Recorder(net.now());
  let interpreter: Interpreter | undefined;
  const setupClients: Client[] = [];
  let crashError: string | undefined;
  const wall = { setup: 0, main: 0, final: 0, analysis: 0, total: 0 };
  let progress: ReturnType<typeof setInterval> | undefined;
  let phase = "setup";
  let phaseStart = performance.now();

  if (options.progress ?? Deno.stderr.isTerminal()) {
    const enc = new TextEncoder();
    progress = setInterval(() => {
      const s = ((performance.now() - phaseStart) / 1000).toFixed(1);
      const limit = phase === "main" ? `/${options.timeLimit}` : "";
      const text = `\r\x1b[K${workload.name} ${phase} ${s}${limit} s · ops ${
        interpreter?.invoked ?? 0
      } · events ${net.journalSize}`;
      Deno.stderr.writeSync(enc.encode(text));
    }, 250);
  }

  try {
    // DB setup: all nodes concurrently (register, spawn, init, close).
    await Promise.all(nodes.map(async (node) => {
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
        proc = await NodeProcess.spawn({
          id: node,
          bin,
          args: options.args,
          niceIncrement: boost === "nice" ? 10 : undefined,
          logFile: join(dir, "node-logs", `${node}.log`),
          echoStderr: options.logStderr ? (line) => log(`[${node} stderr] ${line}`) : undefined,
          onMessage: (env) => void net.send(env.src, env.dest, env.body),
          onOutputError: (error, line) => {
            outputErrors.push({ node, line, error: error.message });
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
      procs.set(node, proc);
      spawned.proc = proc;
      resolveProc(proc);
      const init = new Client(net, ids.next(), node, 10_000);
      try {
        const reply = await init.send({ type: "init", node_id: node, node_ids: nodes });
        if (reply.type !== "init_ok") {
          throw new TestCrashed(
            `Expected an init_ok message from ${node}, but got ${JSON.stringify(reply)}`,
          );
        }
      } catch (error) {
        if (error instanceof TestCrashed) throw error;
        throw new TestCrashed(`Node ${node} did not respond to init within 10 s`, {
          cause: error,
        });
      } finally {
        init.close();
      }
    }));

    // Relative clock, client setup.
    recorder = new Recorder(net.now());
    for (const node of nodes) setupClients.push(new Client(net, ids.next(), node, 5000));
    if (workload.setup !== undefined) {
      await Promise.all(setupClients.map(async (c) => {
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
    wall.setup = (performance.now() - t0) / 1000;

    // Main phase.
    phase = "main";
    phaseStart = performance.now();
    const timeout = workload.rpcTimeoutMs ?? 5000;
    interpreter = new Interpreter({
      workload,
      nodes,
      concurrency: options.concurrency,
      recorder,
      random: random.fork(),
      connections: { open: (node) => new Client(net, ids.next(), node, timeout) },
      nemesis: new PartitionNemesis(nodes, random.fork(), {
        partition: (g) => net.partition(g),
        heal: () => net.heal(),
      }),
      log,
    });
    net.resetStats();
    // Maelstrom's generator (core.clj): time-limit(T, any(nemesis,
    // clients(stagger(1/rate, workload)))) — the limit counts from the first
    // op, and the phase ends as soon as the soonest available op (a client's,
    // or the nemesis's while every client is busy) would start after it.
    const partitions = options.nemesis.includes("partition");
    const main = timeLimit(
      options.timeLimit,
      any(
        ...(partitions ? [nemesisGen(partitionGenerator(options.nemesisInterval))] : []),
        clients(
          options.rate > 0
            ? stagger(1 / options.rate, workload.generator())
            : sleepOp(options.timeLimit),
        ),
      ),
    );
    await interpreter.run(main);
    wall.main = (performance.now() - phaseStart) / 1000;

    // Final phase: phases(heal, log, sleep 10, clients(final)), each step
    // once every thread (the nemesis's included) is idle.
    if (workload.finalGenerator !== undefined) {
      phase = "final";
      phaseStart = performance.now();
      await interpreter.run(phases(
        ...(partitions ? [nemesisGen(partitionFinalGenerator())] : []),
        logOp("Waiting for recovery..."),
        sleepOp(options.recovery),
        clients(workload.finalGenerator()),
      ));
      wall.final = (performance.now() - phaseStart) / 1000;
    }
  } catch (error) {
    if (!(error instanceof TestCrashed)) throw error;
    crashError = error.message;
  } finally {
    clearInterval(progress);
    if (progress !== undefined) Deno.stderr.writeSync(new TextEncoder().encode("\r\x1b[K"));
    interpreter?.close();
    for (const c of setupClients) c.close();
    net.heal();
  }

  // Teardown: note crashes, then SIGKILL every node.
  let nodeCpu = 0;
  for (const [node, proc] of procs) {
    nodeCpu += procCpuSeconds(proc.pid);
    const crash = proc.crash;
    if (crash !== undefined) {
      crashes.push({ node, code: crash.code, signal: crash.signal, stderr: proc.stderrTail });
    }
  }
  await Promise.all([...procs.values()].map((p) => p.kill()));
  // A node may have died just before the kill; its status settles during kill().
  for (const [node, proc] of procs) {
    if (proc.crash !== undefined && !crashes.some((c) => c.node === node)) {
      crashes.push({
        node,
        code: proc.crash.code,
        signal: proc.crash.signal,
        stderr: proc.stderrTail,
      });
    }
  }
  net.close();
  if (boost === "realtime") await restorePriority();

  const history = recorder.ops;
  const journal = net.journal(recorder.originMs);
  const cpu = cpuSeconds() - cpu0;
  const elapsed = (performance.now() - t0) / 1000;
  const bench: BenchStats = {
    seed: options.seed,
    delivery: net.stats(),
    cpu: { seconds: cpu, share: cpu / elapsed },
    nodeCpuSeconds: nodeCpu,
    wall,
    ops: history.filter((op) => op.type === "invoke" && op.process !== "nemesis").length,
    messages: journal.filter((e) => e.type === "send").length,
  };
  await writeHistory(dir, history);
  await writeJournal(dir, journal);

  for (const c of crashes) {
    crashError ??= `Node ${c.node} crashed with exit status ${c.code}`;
    console.error(
      `Node ${c.node} crashed with exit status ${c.code}${
        c.signal ? ` (signal ${c.signal})` : ""
      }. Last stderr lines:\n${c.stderr.map((l) => `  ${l}`).join("\n")}`,
    );
  }
  if (crashError !== undefined) {
    bench.wall.total = (performance.now() - t0) / 1000;
    await writeJson(dir, "bench.json", bench);
    console.error(`Test crashed: ${crashError}`);
    return {
      exitCode: 255,
      valid: "crashed",
      dir,
      history,
      journal,
      bench,
      outputErrors,
      crashes,
      error: crashError,
    };
  }

  // Analysis.
  const a0 = performance.now();
  const results = await composeAsync({
    perf: perf(),
    timeline: { "valid?": true },
    exceptions: () => exceptions(history),
    stats: () => stats(history),
    availability: () => availability(history, options.availability),
    net: () => netChecker(journal, history),
    workload: () => workload.check(history),
    latency: () => latency(history),
  });
  const valid = results["valid?"];
  bench.wall.analysis = (performance.now() - a0) / 1000;
  bench.wall.total = (performance.now() - t0) / 1000;
  await writeJson(dir, "results.json", results);
  await writeJson(dir, "bench.json", bench);
  try {
    await writeReport(dir, {
      test: { ...options },
      results,
      history,
      journal,
      bench,
    });
  } catch (error) {
    log(`WARN report.html not written: ${(error as Error).message}`);
  }
  if (!options.quiet) {
    if (outputErrors.length > 0) {
      console.log(`\nNodes whose stdout was cut off by a bad line (protocol.md §1.1):`);
      for (const e of outputErrors) console.log(`  ${e.node}: ${e.error}`);
    }
    console.log(summary(results, options, { verdict: false }));
    const d = bench.delivery.lateness;
    console.log(
      `bench: seed ${options.seed}, ${bench.ops} ops, ${bench.messages} messages, ` +
        `delivery lateness p50 ${d.p50.toFixed(2)} / p99 ${d.p99.toFixed(2)} / max ${
          d.max.toFixed(2)
        } ms, cpu ${(bench.cpu.share * 100).toFixed(0)}% of a core, store ${dir}`,
    );
    console.log(verdictLine(valid));
  }
  return {
    exitCode: exitCodeOf(valid),
    valid,
    results,
    dir,
    history,
    journal,
    bench,
    outputErrors,
    crashes,
  };
}

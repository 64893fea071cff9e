/**
 * The recover/teardown phase of a test, as Jepsen's DB teardown: close the
 * clients, heal, note every node that exited on its own (a crash: the test
 * crashes, exit 255, as in Maelstrom), SIGKILL the rest, and hand over what
 * the run recorded.
 * @module
 */

import { type NodeProcess, restorePriority } from "../process.ts";
import { cpuSeconds } from "./setup.ts";
import type { Bench, BenchStats, CrashReport, Recording } from "./types.ts";

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

/** Nodes a `--leave-db-running` test left running, until the next test starts. */
const leftRunning: NodeProcess[] = [];

/**
 * Kills the nodes a `--leave-db-running` test left running, as Jepsen's
 * next DB setup tears the last one down.
 */
export async function killLeftRunning(): Promise<void> {
  await Promise.all(leftRunning.splice(0).map((p) => p.kill()));
}

/**
 * Stops a run at once (a node died): the interpreter starts no more ops and
 * every client gives up its request. Idempotent.
 * @param bench The live test.
 */
export function stopRun(bench: Bench): void {
  bench.interpreter?.stop();
  bench.interpreter?.close();
  for (const c of bench.setupClients) c.close();
}

/**
 * Ends a test, whatever state it is in: safe after a failed set-up.
 * @param bench The live test.
 * @param error Why the run stopped early, if it did.
 * @returns The history, journal, bench figures, crashes and the error that
 * makes the test crashed (the given one, else the first node crash).
 */
export async function tearDown(bench: Bench, error?: string): Promise<Recording> {
  const { net, procs } = bench;
  bench.stopProgress();
  stopRun(bench);
  net.heal();

  const crashes: CrashReport[] = [];
  let nodeCpu = 0;
  for (const [node, proc] of procs) {
    nodeCpu += procCpuSeconds(proc.pid);
    const crash = proc.crash;
    if (crash !== undefined) {
      crashes.push({ node, code: crash.code, signal: crash.signal, stderr: proc.stderrTail });
    }
  }
  if (bench.options.leaveDbRunning) {
    // As Jepsen skips the DB teardown, where Maelstrom notices dead nodes.
    leftRunning.push(...procs.values());
    procs.clear();
    crashes.length = 0;
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
  if (bench.boost === "realtime") await restorePriority();

  const history = bench.recorder.ops;
  const journal = net.journal(bench.recorder.originMs);
  const cpu = cpuSeconds() - bench.start.cpuSeconds;
  const elapsed = (performance.now() - bench.start.wallMs) / 1000;
  const stats: BenchStats = {
    seed: bench.options.seed,
    originWallMs: performance.timeOrigin + bench.recorder.originMs,
    delivery: net.stats(),
    cpu: { seconds: cpu, share: cpu / elapsed },
    nodeCpuSeconds: nodeCpu,
    wall: bench.wall,
    ops: history.filter((op) => op.type === "invoke" && op.process !== "nemesis").length,
    messages: journal.filter((e) => e.type === "send").length,
  };
  for (const c of crashes) error ??= `Node ${c.node} crashed with exit status ${c.code}`;
  return {
    history,
    journal,
    bench: stats,
    outputErrors: bench.outputErrors,
    crashes,
    log: bench.logLines,
    ...(error === undefined ? {} : { error }),
  };
}

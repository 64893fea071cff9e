/**
 * The run phase of a test, as Jepsen's `run-case!`: the main phase
 * (nemesis ∥ staggered client ops, time-limited) and, for workloads with a
 * final generator, the final phase (heal, recovery sleep, final reads). The
 * history accumulates in `bench.recorder`, the journal in `bench.net`.
 * @module
 */

import { Client } from "../client.ts";
import {
  any,
  clients,
  logOp,
  nemesis as nemesisGen,
  phases,
  sleepOp,
  stagger,
  timeLimit,
  withRandom,
} from "../generator.ts";
import { Interpreter } from "../interpreter.ts";
import { partitionFinalGenerator, partitionGenerator, PartitionNemesis } from "../nemesis.ts";
import type { Bench } from "./types.ts";

/**
 * Runs the main and final phases of a test whose nodes are up and set up.
 * @param bench The live test (after `setUpClients`).
 * @throws {TestCrashed} when the run cannot go on.
 */
export async function runCase(bench: Bench): Promise<void> {
  const { options, workload, net, random } = bench;
  const nodes = options.nodes;
  bench.phase = { name: "main", startMs: performance.now() };
  const timeout = workload.rpcTimeoutMs ?? 5000;
  const clientRandom = random.fork();
  // One stream for every partition draw (spec, gap, grudge), apart from the
  // clients': a seed gives the same partitions in the same order.
  const nemesisRandom = random.fork();
  const interpreter = new Interpreter({
    workload,
    nodes,
    concurrency: options.concurrency,
    recorder: bench.recorder,
    random: clientRandom,
    connections: { open: (node) => new Client(net, bench.ids.next(), node, timeout) },
    nemesis: new PartitionNemesis(nodes, nemesisRandom, {
      partition: (g) => net.partition(g),
      heal: () => net.heal(),
    }),
    log: bench.log,
  });
  bench.interpreter = interpreter;
  net.resetStats();
  // Maelstrom's generator (core.clj): time-limit(T, any(nemesis,
  // clients(stagger(1/rate, workload)))) — the limit counts from the first
  // op, and the phase ends as soon as the soonest available op (a client's,
  // or the nemesis's while every client is busy) would start after it.
  const partitions = options.nemesis.includes("partition");
  // With --concurrency 0 there is no client thread: Maelstrom's client
  // generators (each-thread) are then exhausted at once, and so is the
  // phase unless a nemesis runs. Ours skip the client part, so that no
  // workload's generator waits forever for a thread.
  const noClients = options.concurrency === 0;
  const main = timeLimit(
    options.timeLimit,
    any(
      ...(partitions
        ? [nemesisGen(withRandom(nemesisRandom, partitionGenerator(options.nemesisInterval)))]
        : []),
      ...(noClients ? [] : [clients(
        options.rate > 0
          ? stagger(1 / options.rate, workload.generator())
          : sleepOp(options.timeLimit),
      )]),
    ),
  );
  await interpreter.run(main);
  bench.wall.main = (performance.now() - bench.phase.startMs) / 1000;

  // Final phase: phases(heal, log, sleep 10, clients(final)), each step
  // once every thread (the nemesis's included) is idle.
  if (workload.finalGenerator !== undefined) {
    bench.phase = { name: "final", startMs: performance.now() };
    await interpreter.run(phases(
      ...(partitions ? [nemesisGen(partitionFinalGenerator())] : []),
      logOp("Waiting for recovery..."),
      sleepOp(options.recovery),
      ...(noClients ? [] : [clients(workload.finalGenerator())]),
    ));
    bench.wall.final = (performance.now() - bench.phase.startMs) / 1000;
  }
}

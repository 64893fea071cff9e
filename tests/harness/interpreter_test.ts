import assert from "node:assert/strict";
import {
  any,
  clients,
  eachThread,
  fromFn,
  type Generator,
  logOp,
  nemesis,
  once,
  phases,
  repeat,
  sleepOp,
  timeLimit,
} from "./generator.ts";
import type { Op } from "./history.ts";
import { Interpreter, type NemesisExecutor } from "./interpreter.ts";
import { Random } from "./random.ts";
import { Recorder } from "./recorder.ts";
import type { Workload } from "./workload.ts";

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function interpreter(
  concurrency: number,
  opMs = 0,
  nem?: NemesisExecutor,
  log?: (line: string) => void,
): { interp: Interpreter; history: Op[] } {
  const recorder = new Recorder(performance.now());
  const workload: Workload = {
    name: "test",
    reusableClient: true,
    wrapErrors: true,
    idempotent: new Set(),
    generator: () => repeat({ f: "x" }),
    client: () => ({
      async invoke() {
        if (opMs > 0) await delay(opMs);
        return { type: "ok" };
      },
    }),
    check: () => ({ "valid?": true }),
  };
  const interp = new Interpreter({
    workload,
    nodes: ["n0", "n1", "n2"],
    concurrency,
    recorder,
    random: new Random(3),
    connections: {
      open: (node) => ({ id: "c", node, rpc: () => Promise.resolve({}), close() {} }),
    },
    nemesis: nem,
    log,
  });
  return { interp, history: recorder.ops };
}

/** An endless op, proposed only when every thread (the nemesis's too) is idle. */
function whenAllIdle(f: string): Generator {
  const inner = repeat({ f });
  return {
    op: (ctx) => ctx.free.length === ctx.threads.length ? inner.op(ctx) : "pending",
    update: (e, ctx) => inner.update?.(e, ctx),
  };
}

Deno.test("an unbound op goes to the rotation's next free thread (Jepsen some-free-process), the nemesis slot included", async () => {
  const { interp, history } = interpreter(3);
  await interp.run(clients(timeLimit(10, limitOps(8, whenAllIdle("x")))));
  const procs = history.filter((op) => op.type === "invoke").map((op) => op.process);
  // next-thread-index 0,1,2,3(nemesis: wraps to 0),0,1,2,3→0
  assert.deepEqual(procs, [0, 1, 2, 0, 0, 1, 2, 0]);
});

function limitOps(n: number, gen: Generator): Generator {
  let left = n;
  return {
    op: (ctx) => left > 0 ? gen.op(ctx) : undefined,
    update(e, ctx) {
      if (e.type === "invoke") left--;
      gen.update?.(e, ctx);
    },
  };
}

Deno.test("nemesis ops run on the nemesis thread as two :info entries and advance the rotation", async () => {
  const seen: string[] = [];
  const nem: NemesisExecutor = {
    invoke(f) {
      seen.push(f);
      return f === "start-partition" ? ["isolated", {}] : "network-healed";
    },
  };
  const { interp, history } = interpreter(2, 0, nem);
  await interp.run(phases(
    nemesis(once({ f: "start-partition", value: "one" })),
    clients(once({ f: "x" })),
    nemesis(once({ f: "stop-partition", value: null })),
    clients(once({ f: "x" })),
  ));
  assert.deepEqual(seen, ["start-partition", "stop-partition"]);
  assert.deepEqual(history.map((op) => [op.process, op.type, op.f]), [
    ["nemesis", "info", "start-partition"],
    ["nemesis", "info", "start-partition"],
    [1, "invoke", "x"], // rotation: the nemesis op took slot 0
    [1, "ok", "x"],
    ["nemesis", "info", "stop-partition"],
    ["nemesis", "info", "stop-partition"],
    [0, "invoke", "x"], // three slots (two clients, the nemesis): back at 0
    [0, "ok", "x"],
  ]);
  assert.deepEqual(history[1].value, ["isolated", {}]);
});

Deno.test("time limit: the main phase goes on while clients are busy and the nemesis's next op falls after the limit", async () => {
  // Jepsen's interpreter keeps the old generator while ops are in flight, so
  // an "exhausted" answer then is not final: a freed thread still gets ops
  // until the limit.
  let n = 0;
  const nem: NemesisExecutor = { invoke: () => "network-healed" };
  const { interp, history } = interpreter(1, 150, nem);
  await interp.run(timeLimit(
    1,
    any(
      // First op now, the next one 5 s later (past the 1 s limit).
      nemesis(fromFn((ctx) => ({ f: "stop-partition", time: n++ === 0 ? ctx.time : 5e9 }))),
      clients(repeat({ f: "x" })),
    ),
  ));
  const invokes = history.filter((op) => op.process !== "nemesis" && op.type === "invoke");
  assert.ok(invokes.length >= 4, `only ${invokes.length} client ops in a 1 s phase of 150 ms ops`);
  assert.ok(invokes.every((op) => op.time < 1e9 + 5e6), "an op started after the limit");
  assert.ok(invokes.at(-1)!.time > 0.6e9, "the phase ended well before its limit");
});

Deno.test("final phase: heal, log, sleep, final ops, each only after every thread is idle", async () => {
  const lines: string[] = [];
  const nem: NemesisExecutor = { invoke: () => "network-healed" };
  const { interp, history } = interpreter(3, 50, nem, (l) => lines.push(l));
  const t0 = performance.now();
  await interp.run(clients(limitOps(3, repeat({ f: "x" }))));
  await interp.run(phases(
    nemesis(once({ f: "stop-partition", value: null })),
    logOp("Waiting for recovery..."),
    sleepOp(0.2),
    clients(eachThread(() => once({ f: "read", final: true }))),
  ));
  assert.deepEqual(lines, ["Waiting for recovery..."]);
  const heal = history.findIndex((op) => op.f === "stop-partition");
  assert.ok(history.slice(0, heal).filter((op) => op.type === "ok").length === 3);
  const reads = history.filter((op) => op.f === "read" && op.type === "invoke");
  assert.equal(reads.length, 3);
  assert.ok(reads.every((op) => op.final === true));
  assert.ok(reads[0].time - history[heal + 1].time >= 0.19e9, "reads start after the sleep");
  assert.ok(!history.some((op) => op.f === "sleep" || op.f === "log"), "not in the history");
  assert.ok(performance.now() - t0 >= 250);
});

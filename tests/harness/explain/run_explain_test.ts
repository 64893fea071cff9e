/**
 * Deliberately broken fixture nodes run through the bench: the printed
 * account must name the op, value, node and time that the history and
 * results show, computed here independently of the explainers.
 */
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { runFixture } from "../fixtures/mod.ts";
import type { Op } from "../history.ts";
import { defaultOptions, nodeIds, type TestOptions } from "../options.ts";
import { type RunResult, runTest } from "../run.ts";
import { explain, type Explanation, formatAccount } from "./mod.ts";

type Opts = Partial<TestOptions> & { nodeCount: number };

/** Runs a fixture and explains the run with the options it ran with. */
async function explained(fixture: string, mode: string, opts: Opts) {
  const r = await runFixture(fixture, mode, opts);
  const test = {
    ...opts,
    nodes: nodeIds(opts.nodeCount),
    concurrency: opts.concurrency ?? opts.nodeCount,
  };
  const out = explain({ ...r, test });
  // The account is what the terminal prints: never empty for a failed run.
  assert.notEqual(formatAccount(out), "");
  return { r, test, out };
}

function kind(out: Explanation[], k: string): Explanation {
  const e = out.find((x) => x.kind === k);
  assert.ok(e, `no ${k} among ${JSON.stringify(out.map((x) => x.kind))}`);
  return e;
}

const nodeOf = (test: { nodes: string[]; concurrency: number }, op: Op) =>
  test.nodes[((op.process as number) % test.concurrency) % test.nodes.length];
const s = (ns: number) => `${(ns / 1e9).toFixed(2)} s`;

Deno.test("broadcast sent once, no retry, under partitions: the account names a lost value, its node and time, and the cut", async () => {
  const { r, test, out } = await explained("broadcast", "once", {
    workload: "broadcast",
    nodeCount: 5,
    rate: 40,
    timeLimit: 3,
    nemesis: ["partition"],
    nemesisInterval: 0.5,
  });
  const lost = kind(out, "lost");
  const [, value] = lost.text.match(/the first: value (\d+) was acknowledged/)!;
  const w = r.results!.workload as { lost: number[] };
  assert.ok(w.lost.includes(Number(value)), `${value} is not lost`);
  const ack =
    r.history.find((op) =>
      op.f === "broadcast" && op.type === "ok" && op.value === Number(value)
    ) ??
      r.history.find((op) =>
        op.f === "broadcast" && op.type === "ok" &&
        r.history.find((i) =>
          i.type === "invoke" && i.process === op.process && i.index < op.index &&
          i.value === Number(value)
        )
      )!;
  assert.match(
    lost.text,
    new RegExp(
      `value ${value} was acknowledged by ${nodeOf(test, ack)} at ${
        s(ack.time).replace(".", "\\.")
      }`,
    ),
  );
  assert.match(
    lost.text,
    new RegExp(
      `At ${s(ack.time).replace(".", "\\.")} (${
        nodeOf(test, ack)
      } was cut off|no partition|the network was split)`,
    ),
  );
});

Deno.test("echo that alters every third answer: the account names the first wrong echo", async () => {
  const { r, test, out } = await explained("echo", "wrong", {
    workload: "echo",
    nodeCount: 1,
    rate: 20,
  });
  const e = kind(out, "echo-mismatch");
  const inv = r.history.find((op) => {
    if (op.type !== "invoke") return false;
    const done = r.history.find((c) => c.index > op.index && c.process === op.process);
    return (done?.value as { echo?: unknown } | undefined)?.echo !== op.value;
  })!;
  assert.ok(
    e.text.includes(
      `"${inv.value}" sent to ${nodeOf(test, inv)} at ${s(inv.time)} came back as "${inv.value}!"`,
    ),
    e.text,
  );
});

Deno.test("unique ids that collide across nodes: the account names an id returned by several nodes", async () => {
  const { r, test, out } = await explained("unique_ids", "collide", {
    workload: "unique-ids",
    nodeCount: 3,
    rate: 100,
  });
  const e = kind(out, "duplicate-id");
  const [, id, times] = e.text.match(/id (\d+) was handed out (\d+) times/)!;
  const oks = r.history.filter((op) =>
    op.f === "generate" && op.type === "ok" && op.value === Number(id)
  );
  assert.equal(oks.length, Number(times));
  assert.ok(e.text.includes(`by ${nodeOf(test, oks[0])} at ${s(oks[0].time)}`));
});

Deno.test("a counter that counts only locally: the account names a wrong final read, its node, and the adds it missed", async () => {
  const { r, test, out } = await explained("counter", "local", {
    workload: "pn-counter",
    nodeCount: 3,
    rate: 50,
  });
  const e = kind(out, "out-of-range");
  const errors = (r.results!.workload as { errors: Op[] }).errors;
  const first = errors.reduce((a, b) => a.time <= b.time ? a : b);
  assert.ok(
    e.text.includes(
      `the final read on ${nodeOf(test, first)} at ${s(first.time)} returned ${first.value}`,
    ),
    e.text,
  );
  // A local counter reads exactly its own node's adds.
  assert.match(
    e.text,
    new RegExp(`exactly what the adds acknowledged by ${nodeOf(test, first)} sum to`),
  );
});

Deno.test("kafka acknowledging sends it drops: the account names a lost write, its key, offset and node", async () => {
  const { r, test, out } = await explained("kafka", "drop", {
    workload: "kafka",
    nodeCount: 1,
    rate: 50,
  });
  const e = kind(out, "lost-write");
  const [, key, value, offset] = e.text.match(
    /key (\S+): (\d+) \(offset (\d+)\) was acknowledged/,
  )!;
  const send = r.history.find((op) =>
    op.f === "send" && op.type === "ok" &&
    JSON.stringify(op.value) === JSON.stringify([["send", key, [Number(offset), Number(value)]]])
  );
  assert.ok(send, `no ok send of ${value} at offset ${offset} to key ${key}`);
  assert.ok(e.text.includes(`acknowledged by ${nodeOf(test, send)} at ${s(send.time)}`), e.text);
  const polled = r.history.some((op) => {
    if (op.f !== "poll" || op.type !== "ok") return false;
    const msgs = (op.value as [[string, Record<string, Array<[number, number]>>]])[0][1];
    return (msgs[key] ?? []).some(([o, v]) => o === Number(offset) && v === Number(value));
  });
  assert.ok(!polled, "the value the account calls lost was polled");
});

Deno.test("lin-kv nodes with a map each: the account names a key that cannot be linearized and the op that breaks it", async () => {
  const { r, test, out } = await explained("lin_kv", "local", {
    workload: "lin-kv",
    nodeCount: 3,
    concurrency: 6,
    rate: 100,
    timeLimit: 3,
  });
  const e = kind(out, "not-linearizable");
  const w = r.results!.workload as {
    failures: unknown[];
    results: Record<string, { linearizable: { op: Op } }>;
  };
  const [, key] = e.text.match(/the first: key (\S+):/)!;
  assert.ok(w.failures.map((k) => JSON.stringify(k)).includes(key));
  const op = r.history[w.results[JSON.parse(key)].linearizable.op.index];
  const inv = r.history.filter((o) =>
    o.process === op.process && o.index < op.index && o.type === "invoke"
  ).at(-1)!;
  assert.ok(e.text.includes(`key ${key}: ${nodeOf(test, inv)} `), e.text);
  assert.ok(e.text.includes(`${(inv.time / 1e9).toFixed(3)}`), e.text);
});

Deno.test("txn-list-append that keeps the appends of txns it reports aborted: the account names a G1a read and its failed writer", async () => {
  const { r, out } = await explained("txn_list_append", "aborted", {
    workload: "txn-list-append",
    nodeCount: 2,
    rate: 100,
    timeLimit: 2,
  });
  const e = kind(out, "G1a");
  const [, reader, writer] = e.text.match(
    /T(\d+) \(n\d, [\d.]+ s\) read .*, appended by T(\d+) \(/,
  )!;
  const cases =
    (r.results!.workload as { anomalies: { G1a: Array<{ op: Op; writer: Op }> } }).anomalies.G1a;
  assert.ok(cases.some((c) => c.op.index === Number(reader) && c.writer.index === Number(writer)));
  assert.equal(r.history[Number(writer)].type, "fail");
  assert.match(e.text, /which failed with error 30 \(txn-conflict/);
});

Deno.test("a crashing node and a node printing to stdout are named in the account", async () => {
  const crash = await explained("echo", "crash", { workload: "echo", nodeCount: 1, rate: 20 });
  assert.equal(crash.r.exitCode, 255);
  assert.match(
    kind(crash.out, "crashed").text,
    /^n0 exited with status 3 after its last message at [\d.]+ s, so the test crashed; its last stderr: "fixture: crashing on purpose"\.$/,
  );
  // Its lost replies end :info, which the echo checker does not judge: the
  // run is valid, and the cut-off is a note.
  const opts = { workload: "echo", nodeCount: 1, rate: 5 };
  const r = await runFixture("echo", "nonjson", opts);
  assert.equal(r.exitCode, 0);
  const noisy = kind(
    explain({ ...r, test: { ...opts, nodes: nodeIds(1), concurrency: 1 } }),
    "stdout-cut-off",
  );
  assert.equal(noisy.severity, "note");
  assert.match(
    noisy.text,
    /^n0 wrote a line to stdout that is not a Maelstrom message \(not well-formed JSON\): "got echo Please echo \d+"/,
  );
});

Deno.test("a txn node forwarding to n0 under partitions: the account explains the missed availability with the cut", async () => {
  const root = fileURLToPath(new URL("../../../", import.meta.url));
  const bin = `${await Deno.makeTempDir()}/forward`;
  await Deno.writeTextFile(
    bin,
    `#!/bin/sh\nexec "${Deno.execPath()}" run --quiet --no-prompt --no-check ${root}challenges/txn/steps/1-forward.ts "$@"\n`,
    { mode: 0o755 },
  );
  const test: TestOptions = {
    ...defaultOptions(),
    workload: "txn-rw-register",
    bin,
    nodes: nodeIds(2),
    concurrency: 4,
    rate: 500,
    timeLimit: 4,
    recovery: 2,
    seed: 3,
    availability: "total",
    nemesis: ["partition"],
    nemesisInterval: 2,
    consistencyModels: ["read-committed"],
    storeDir: await Deno.makeTempDir(),
    quiet: true,
    progress: false,
  };
  const r: RunResult = await runTest(test);
  const e = kind(explain({ ...r, test }), "unavailable");
  const first = r.history.find((op) =>
    op.type === "invoke" && op.process !== "nemesis" &&
    r.history.find((c) => c.index > op.index && c.process === op.process)?.type !== "ok"
  )!;
  assert.ok(
    e.text.includes(`The first: a txn sent to ${nodeOf(test, first)} at ${s(first.time)}`),
    e.text,
  );
  assert.match(e.text, /n1 was cut off from n0 from [\d.]+ s to [\d.]+ s\.$/);
});

import assert from "node:assert/strict";
import type { GenContext, Generator, GenOp } from "../generator.ts";
import type { Op } from "../history.ts";
import { Random } from "../random.ts";
import type { Connection } from "../workload.ts";
import { KafkaClient, kafkaGenerators, maxOffsets } from "./kafka.ts";

function ctx(time = 0, free = [0, 1, 2, 3], threads = [0, 1, 2, 3]): GenContext {
  return {
    time,
    threads,
    free,
    concurrency: 4,
    nodes: ["n0", "n1"],
    nodeOf: (t) => `n${t % 2}`,
    processOf: (t) => t,
    random: new Random(1),
  };
}

let index = 0;
const op = (f: string, type: Op["type"], value: unknown, extra: Partial<Op> = {}): Op => ({
  index: index++,
  time: 0,
  type,
  process: 0,
  f,
  value,
  ...extra,
});

/** Runs a proposal: invoke, then complete with `complete` (default: ok, same value). */
function step(gen: Generator, c: GenContext, complete?: (p: GenOp) => Op): GenOp {
  const p = gen.op(c);
  if (p === undefined || p === "pending") throw new Error(`No op: ${p}`);
  const thread = p.thread ?? c.free[0];
  const inv = op(p.f, "invoke", p.value, { time: p.time ?? c.time, final: p.final });
  gen.update?.({ type: "invoke", thread, source: p, op: inv }, c);
  const done = complete?.(p) ?? op(p.f, p.f === "crash" ? "info" : "ok", p.value);
  gen.update?.({ type: "complete", thread, invocation: inv, op: done }, c);
  return p;
}

Deno.test("kafka generator: sends carry 1…16 per key, then the key is replaced", () => {
  const { main } = kafkaGenerators(new Random(3), { concurrency: 4, assignP: 0 });
  const values = new Map<string, number[]>();
  for (let i = 0; i < 3000; i++) {
    const p = step(main, ctx(1e12)); // far future: crashes never due before sends
    if (p.f !== "send") continue;
    const [[, k, v]] = p.value as [[string, string, number]];
    values.set(k, [...values.get(k) ?? [], v]);
  }
  for (const [k, vs] of values) {
    assert.deepEqual(vs, vs.map((_, i) => i + 1), `values of key ${k}`);
    assert.ok(vs.length <= 16);
  }
  assert.ok(values.size > 10, "exhausted keys are replaced by new ones");
});

Deno.test("kafka generator: later pool positions are chosen exponentially more often", () => {
  const { main } = kafkaGenerators(new Random(4), {
    concurrency: 4,
    assignP: 0,
    keyCount: 3,
    maxWritesPerKey: 1e6,
  });
  const counts = new Map<string, number>();
  for (let i = 0; i < 600; i++) {
    const p = step(main, ctx(1e12));
    if (p.f === "send") {
      const k = (p.value as [[string, string]])[0][1];
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
  }
  // Keys 0, 1, 2 start at positions 0, 1, 2: weights 1 : 2 : 4.
  assert.ok((counts.get("0") ?? 0) < (counts.get("1") ?? 0));
  assert.ok((counts.get("1") ?? 0) < (counts.get("2") ?? 0));
});

Deno.test("kafka generator: assigns stand in for about 1/64 of ops and name the op's key", () => {
  const { main } = kafkaGenerators(new Random(5), { concurrency: 4 });
  let assigns = 0;
  for (let i = 0; i < 6400; i++) {
    const p = step(main, ctx(1e12));
    if (p.f === "assign") {
      assigns++;
      assert.ok(Array.isArray(p.value) && p.value.length >= 1);
    }
  }
  assert.ok(assigns > 50 && assigns < 160, `${assigns} assigns`);
});

Deno.test("kafka generator: crashes come first at the start and then every 2×30/concurrency s at most", () => {
  const { main } = kafkaGenerators(new Random(6), { concurrency: 4 });
  const first = step(main, ctx(0));
  assert.equal(first.f, "crash");
  const next = main.op(ctx(0));
  assert.ok(next !== undefined && next !== "pending" && next.f !== "crash");
});

Deno.test("kafka final generator: crash, assign from the beginning, then poll until caught up", () => {
  const { main, final } = kafkaGenerators(new Random(7), { concurrency: 1, assignP: 0 });
  main.update?.({
    type: "complete",
    thread: 0,
    invocation: op("send", "invoke", [["send", "3", 1]]),
    op: op("send", "ok", [["send", "3", [4, 1]]]),
  }, ctx());
  const gen = final();
  const c = ctx(0, [0], [0]);
  assert.equal(step(gen, c).f, "crash");
  const assign = step(gen, c);
  assert.deepEqual([assign.f, assign.value, assign.final], ["assign", ["3"], true]);
  step(gen, c, () => op("poll", "ok", [["poll", { "3": [[2, 9]] }]]));
  step(gen, c, () => op("poll", "ok", [["poll", { "3": [[4, 1]] }]]));
  assert.equal(gen.op(c), undefined);
});

/** A fake connection answering from a table of reply makers. */
function conn(replies: Record<string, (body: Record<string, unknown>) => Record<string, unknown>>) {
  const sent: Array<Record<string, unknown>> = [];
  const c: Connection = {
    id: "c9",
    node: "n0",
    rpc: (body) => {
      sent.push(body);
      return Promise.resolve({ type: `${body.type}_ok`, ...replies[body.type]?.(body) });
    },
  };
  return { c, sent };
}

Deno.test("KafkaClient polls its whole next map, advances it and commits what it read", async () => {
  const { c, sent } = conn({
    poll: () => ({ msgs: { "1": [[3, 7], [5, 8]], "2": [] } }),
    list_committed_offsets: () => ({ offsets: { "1": 3 } }),
  });
  const client = new KafkaClient(c);
  assert.deepEqual(await client.invoke(op("assign", "invoke", ["1", "2"])), { type: "ok" });
  assert.deepEqual([...client.next], [["1", 3], ["2", 0]]);
  const done = await client.invoke(op("poll", "invoke", [["poll"]]));
  assert.deepEqual(done.value, [["poll", { "1": [[3, 7], [5, 8]], "2": [] }]]);
  assert.deepEqual(sent.slice(1), [
    { type: "poll", offsets: { "1": 3, "2": 0 } },
    { type: "commit_offsets", offsets: { "1": 5 } },
  ]);
  assert.deepEqual([...client.next], [["1", 6], ["2", 0]]);
});

Deno.test("KafkaClient sends, seeks to 0 on the final assign and crashes without an RPC", async () => {
  const { c, sent } = conn({ send: () => ({ offset: 12 }) });
  const client = new KafkaClient(c);
  const done = await client.invoke(op("send", "invoke", [["send", "4", 2]]));
  assert.deepEqual(done, { type: "ok", value: [["send", "4", [12, 2]]] });
  await client.invoke(op("assign", "invoke", ["4", "5"], { final: true }));
  assert.deepEqual([...client.next], [["4", 0], ["5", 0]]);
  assert.deepEqual(await client.invoke(op("crash", "invoke", null)), { type: "info" });
  assert.equal(sent.length, 1);
});

Deno.test("maxOffsets() takes the highest offset per key, -1 for an empty poll", () => {
  assert.deepEqual(
    [...maxOffsets(op("poll", "ok", [["poll", { a: [[1, 1], [4, 2]], b: [] }]]))],
    [["a", 4], ["b", -1]],
  );
  assert.deepEqual([...maxOffsets(op("send", "info", [["send", "a", 3]]))], []);
});

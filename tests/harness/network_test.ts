import assert from "node:assert/strict";
import { FakeClock } from "../../core/clock.ts";
import type { Message } from "./history.ts";
import {
  drawLatency,
  drawTransit,
  InvalidEndpoint,
  MAELSTROM_TRANSIT,
  Network,
  type TransitModel,
} from "./network.ts";
import { Random } from "./random.ts";
import { linKv } from "./services/lin_kv.ts";
import { startServices } from "./services/mod.ts";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

function collect(net: Network, id: string, at: Array<[string, number]> = []) {
  const got: Message[] = [];
  net.register(id, (ms) => {
    for (const m of ms) {
      got.push(m);
      at.push([String(m.body.n), net.now()]);
    }
  });
  return got;
}

Deno.test("network assigns global message ids and refuses unregistered endpoints", () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" }, transit: null });
  collect(net, "n0");
  collect(net, "n1");
  assert.equal(net.send("n0", "n1", {}).id, 0);
  assert.equal(net.send("n1", "n0", {}).id, 1);
  assert.throws(() => net.send("n0", "c9", {}), InvalidEndpoint);
  assert.throws(() => net.send("x", "n0", {}), InvalidEndpoint);
  net.close();
});

Deno.test("network gives client traffic zero latency and server traffic the configured latency", async () => {
  const net = new Network({ latency: { mean: 60, dist: "constant" }, transit: null });
  const at: Array<[string, number]> = [];
  collect(net, "n0", at);
  collect(net, "n1", at);
  collect(net, "c0", at);
  const t0 = net.now();
  net.send("n1", "n0", { n: "peer" });
  await tick(5);
  assert.equal(at.length, 0);
  net.send("c0", "n1", { n: "client" });
  await tick(5);
  assert.deepEqual(at.map(([n]) => n), ["client"]);
  await tick(80);
  assert.deepEqual(at.map(([n]) => n), ["client", "peer"]);
  assert.ok(at[1][1] - t0 >= 59, `peer delivered after ${at[1][1] - t0} ms`);
  net.close();
});

Deno.test("network blocks a client message behind a server message the loop sleeps on", async () => {
  const net = new Network({ latency: { mean: 50, dist: "constant" }, transit: null });
  const at: Array<[string, number]> = [];
  collect(net, "n0", at);
  collect(net, "n1");
  collect(net, "c0");
  net.send("n1", "n0", { n: "peer" });
  await tick(5);
  net.send("c0", "n0", { n: "client" });
  await tick(70);
  // The client message (latency 0) waited for the peer message's deadline.
  assert.deepEqual(at.map(([n]) => n), ["peer", "client"]);
  assert.ok(at[1][1] - at[0][1] < 5);
  net.close();
});

Deno.test("network checks partitions when a message is dequeued, not when it is sent", async () => {
  const net = new Network({ latency: { mean: 40, dist: "constant" }, transit: null });
  const got = collect(net, "n0");
  collect(net, "n1");
  collect(net, "n2");
  net.send("n1", "n0", { n: 1 }); // dequeued at once: the loop sleeps on it
  net.send("n2", "n0", { n: 2 }); // still queued behind it
  net.partition(new Map([["n0", new Set(["n1", "n2"])]]));
  await tick(70);
  assert.deepEqual(got.map((m) => m.body.n), [1]);
  assert.equal(net.stats().dropped, 1);
  const journal = net.journal(0);
  assert.equal(journal.filter((e) => e.type === "send").length, 2);
  assert.equal(journal.filter((e) => e.type === "recv").length, 1);
  net.close();
});

Deno.test("network keeps per-link FIFO order under constant latency", async () => {
  const net = new Network({ latency: { mean: 10, dist: "constant" }, transit: null });
  const got = collect(net, "n0");
  collect(net, "n1");
  for (let n = 0; n < 50; n++) net.send("n1", "n0", { n });
  await tick(40);
  assert.deepEqual(got.map((m) => m.body.n), Array.from({ length: 50 }, (_, i) => i));
  net.close();
});

Deno.test("latency draws follow the distribution: uniform in [0, 2m), exponential truncated", () => {
  const r = new Random(1);
  const u = Array.from({ length: 2000 }, () => drawLatency({ mean: 5, dist: "uniform" }, r));
  assert.equal(Math.min(...u), 0);
  assert.equal(Math.max(...u), 9);
  const e = Array.from({ length: 5000 }, () => drawLatency({ mean: 100, dist: "exponential" }, r));
  const mean = e.reduce((a, b) => a + b, 0) / e.length;
  assert.ok(mean > 90 && mean < 105, `mean ${mean}`);
  assert.ok(e.every(Number.isInteger));
});

Deno.test("a pull endpoint (a client) receives only while released, one message at a time", async () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" }, transit: null });
  const got: unknown[] = [];
  net.register("n0", () => {});
  net.register("c0", (ms) => {
    got.push(...ms.map((m) => m.body.n));
    net.hold("c0");
  }, { pull: true });
  net.send("n0", "c0", { n: 1 });
  net.send("n0", "c0", { n: 2 });
  await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(got, []);
  assert.equal(net.journal(0).filter((e) => e.type === "recv").length, 0);
  net.release("c0");
  assert.deepEqual(got, [1]);
  net.release("c0");
  assert.deepEqual(got, [1, 2]);
  assert.equal(net.journal(0).filter((e) => e.type === "recv").length, 2);
  net.close();
});

Deno.test("a message less than 1 ms from its deadline goes out at once (Maelstrom sleeps whole ms, rounded down)", () => {
  let t = 0;
  // Every clock read advances 0.4 ms: the loop dequeues 0.4 ms after the send.
  const net = new Network({
    latency: { mean: 1, dist: "constant" },
    now: () => (t += 0.4),
    transit: null,
  });
  const got: unknown[] = [];
  net.register("n0", () => {});
  net.register("n1", (ms) => void got.push(...ms.map((m) => m.body.n)));
  net.send("n0", "n1", { n: 1 });
  assert.deepEqual(got, [1], "0.6 ms before its deadline: delivered without a timer");
  net.close();
});

/** A random source that plays back `draws` (uniforms in [0, 1)), then 0.99s. */
class Scripted extends Random {
  // Not a #private field: Random's constructor calls next() before it exists.
  draws?: number[];
  constructor(draws: number[]) {
    super(0);
    this.draws = [...draws];
  }
  override next(): number {
    return this.draws?.shift() ?? 0.99;
  }
}

/** Slow crossings (p = 0.5) of exactly `ms`: a draw < 0.5 is slow, and u = 0 adds nothing. */
const fixed = (ms: number): TransitModel => ({ p: 0.5, base: ms, mean: 1 });
const SLOW = [0.1, 0]; // one slow crossing: slow, then an exponential part of 0
const FAST = [0.9]; // one instant crossing

/** A network on a fake clock recording [body.n, time] per delivery at each endpoint. */
function fakeNet(transit: TransitModel, draws: number[], latency = 0) {
  const clock = new FakeClock();
  const net = new Network({
    latency: { mean: latency, dist: "constant" },
    random: new Scripted(draws),
    clock,
    transit,
  });
  const at: Array<[string, unknown, number]> = [];
  const endpoint = (id: string, options = {}) =>
    net.register(id, (ms) => {
      for (const m of ms) at.push([id, m.body.n, clock.now()]);
    }, options);
  return { clock, net, at, endpoint };
}

Deno.test("drawTransit() is 0 with probability 1 − p, else base plus an exponential", () => {
  const r = new Random(3);
  const xs = Array.from({ length: 20000 }, () => drawTransit(MAELSTROM_TRANSIT, r));
  const slow = xs.filter((x) => x > 0);
  const share = slow.length / xs.length;
  assert.ok(Math.abs(share - MAELSTROM_TRANSIT.p) < 0.01, `slow share ${share}`);
  assert.ok(slow.every((x) => x >= MAELSTROM_TRANSIT.base));
  const mean = slow.reduce((a, b) => a + b, 0) / slow.length;
  const want = MAELSTROM_TRANSIT.base + MAELSTROM_TRANSIT.mean;
  assert.ok(Math.abs(mean - want) < 0.1, `slow mean ${mean}, want ${want}`);
});

Deno.test("the model adds idle Maelstrom's excess to a node → lin-kv → node round trip", () => {
  // Measured (network.ts doc): Maelstrom mean 1.29 ms, p90 2.74 ms; the
  // bench alone 0.34 and 0.59 ms. The model's two crossings (out and in),
  // each realised in whole ms plus Deno's ~1 ms timer overshoot, must add
  // the difference in the mean (0.95 ms) within a fifth, and reach p90.
  const r = new Random(11);
  const crossing = () => {
    const ms = Math.floor(drawTransit(MAELSTROM_TRANSIT, r));
    return ms === 0 ? 0 : ms + 1;
  };
  const rtt = Array.from({ length: 20000 }, () => crossing() + crossing()).sort((a, b) => a - b);
  const mean = rtt.reduce((a, b) => a + b, 0) / rtt.length;
  assert.ok(Math.abs(mean - 0.95) < 0.19, `mean ${mean}`);
  assert.ok(
    0.59 + rtt[Math.floor(rtt.length * 0.9)] >= 2.74,
    `p90 ${rtt[Math.floor(rtt.length * 0.9)]}`,
  );
});

Deno.test("a slow out crossing holds the node's later messages, to any destination, behind it", async () => {
  const { clock, net, at, endpoint } = fakeNet(fixed(5), [...SLOW, ...FAST, ...FAST, ...FAST]);
  endpoint("n0");
  endpoint("n1");
  endpoint("n2");
  net.send("n0", "n1", { n: 1 }); // out: slow 5 ms (in: fast)
  net.send("n0", "n2", { n: 2 }); // out: fast, but queued behind 1 (in: fast)
  await clock.advance(4);
  assert.deepEqual(at, []);
  await clock.advance(1);
  assert.deepEqual(at, [["n1", 1, 5], ["n2", 2, 5]]);
  net.close();
});

Deno.test("a slow in crossing holds the destination's loop: a client message waits behind it", async () => {
  // n1 → n0: out fast, in slow (7 ms); then c0 → n0, which follows the
  // first without a crossing of its own (the next draw, slow, is not taken).
  const { clock, net, at, endpoint } = fakeNet(fixed(7), [...FAST, ...SLOW, ...SLOW]);
  endpoint("n0");
  endpoint("n1");
  endpoint("c0");
  net.send("n1", "n0", { n: "peer" });
  net.send("c0", "n0", { n: "client" });
  await clock.advance(6);
  assert.deepEqual(at, []);
  await clock.advance(1);
  assert.deepEqual(at, [["n0", "peer", 7], ["n0", "client", 7]]);
  // The journal has the recv when the loop took it, before the crossing.
  const recv = net.journal(0).filter((e) => e.type === "recv").map((e) => e.time / 1e6);
  assert.deepEqual(recv, [0, 7]);
  // Idle again, the loop wakes late again: the scripted slow draw is taken now.
  net.send("c0", "n0", { n: "later" });
  await clock.advance(6);
  assert.equal(at.length, 2);
  await clock.advance(1);
  assert.deepEqual(at[2], ["n0", "later", 14]);
  net.close();
});

Deno.test("a message written while the out pipe holds others leaves with them, without a wait of its own", async () => {
  // Both would be slow; the second joins the first's crossing (the reader
  // wakes once and reads all it finds), so load does not pile waits up.
  const { clock, net, at, endpoint } = fakeNet(fixed(5), [...SLOW, ...SLOW]);
  endpoint("n0");
  endpoint("lin-kv", { service: true });
  net.send("n0", "lin-kv", { n: 1 });
  await clock.advance(3);
  net.send("n0", "lin-kv", { n: 2 });
  await clock.advance(2);
  assert.deepEqual(at, [["lin-kv", 1, 5], ["lin-kv", 2, 5]]);
  net.close();
});

Deno.test("after a quiet network, a node's delivery thread wakes colder: a fixed wait on top", async () => {
  // No slow draws (p = 0): only the cold wait shows.
  const model: TransitModel = { p: 0, base: 0, mean: 0, cold: { after: 30, wait: 2 } };
  const { clock, net, at, endpoint } = fakeNet(model, []);
  endpoint("n0");
  endpoint("c0");
  net.send("c0", "n0", { n: 1 }); // the first message of all: cold
  await clock.advance(2);
  net.send("c0", "n0", { n: 2 }); // 2 ms after the last message: warm
  await clock.advance(0);
  await clock.advance(40);
  net.send("c0", "n0", { n: 3 }); // 40 ms of quiet: cold again
  await clock.advance(2);
  assert.deepEqual(at, [["n0", 1, 2], ["n0", 2, 2], ["n0", 3, 44]]);
  net.close();
});

Deno.test("clients and services have no pipes: their messages to each other are instant", async () => {
  const always: TransitModel = { p: 1, base: 50, mean: 1 };
  const { clock, net, at, endpoint } = fakeNet(always, []);
  endpoint("lin-kv", { service: true });
  endpoint("c0", {});
  net.send("c0", "lin-kv", { n: 1 });
  await clock.advance(0);
  assert.deepEqual(at, [["lin-kv", 1, 0]]);
  net.close();
});

Deno.test("the out pipe adds to the latency, and keeps a link in order under constant latency", async () => {
  // n1 → n0 twice at latency 10: the first crosses slowly (3 ms), the second
  // not, yet arrives after it (deadline = leaving the pipe + latency).
  const { clock, net, at, endpoint } = fakeNet(fixed(3), [...SLOW, ...FAST, ...FAST, ...FAST], 10);
  endpoint("n0");
  endpoint("n1");
  net.send("n1", "n0", { n: 1 });
  net.send("n1", "n0", { n: 2 });
  await clock.advance(20);
  assert.deepEqual(at, [["n0", 1, 13], ["n0", 2, 13]]);
  net.close();
});

Deno.test("a message whose destination closed while it was in the out pipe is dropped", async () => {
  const { clock, net, at, endpoint } = fakeNet(fixed(5), [...SLOW]);
  endpoint("n0");
  endpoint("c3", { pull: true });
  net.send("n0", "c3", { n: 1 });
  net.unregister("c3");
  await clock.advance(10);
  assert.deepEqual(at, []);
  assert.equal(net.stats().dropped, 1);
  net.close();
});

Deno.test("the same seed gives the same crossings: deliveries on a fake clock repeat exactly", async () => {
  const deliveries = async (seed: number) => {
    const clock = new FakeClock();
    const net = new Network({
      latency: { mean: 0, dist: "constant" },
      random: new Random(seed),
      clock,
    });
    const at: string[] = [];
    for (const id of ["n0", "n1", "n2"]) {
      net.register(id, (ms) => void at.push(...ms.map((m) => `${id}:${m.body.n}@${clock.now()}`)));
    }
    for (let n = 0; n < 60; n++) net.send(`n${n % 3}`, `n${(n + 1) % 3}`, { n });
    await clock.advance(100);
    net.close();
    return at;
  };
  const a = await deliveries(7);
  assert.deepEqual(await deliveries(7), a);
  assert.notDeepEqual(await deliveries(8), a);
  assert.ok(a.some((d) => !d.endsWith("@0")), "some crossing was slow");
});

/**
 * Two in-process nodes whose cas is a read then a write on lin-kv (the
 * race of `fixtures/lin_kv.ts racy`), on a fake clock: `pairs` times, a
 * client of each node asks cas(k, 0 → mine) at the same instant on a fresh
 * key k. Returns how many pairs both succeeded (a lost update).
 */
async function lostUpdates(transit: TransitModel | null, seed: number, pairs: number) {
  const clock = new FakeClock();
  const net = new Network({
    latency: { mean: 0, dist: "constant" },
    random: new Random(seed),
    clock,
    transit,
  });
  startServices(net, new Map([["lin-kv", linKv()]]));
  for (const node of ["n0", "n1"]) {
    const waiting = new Map<number, Message>();
    let id = 0;
    net.register(node, (ms) => {
      for (const m of ms) {
        const b = m.body;
        if (b.type === "cas") {
          waiting.set(++id, m);
          net.send(node, "lin-kv", { type: "read", key: b.key, msg_id: id });
          continue;
        }
        const req = waiting.get(b.in_reply_to as number)!;
        waiting.delete(b.in_reply_to as number);
        const ok = () => net.send(node, req.src, { type: "cas_ok", in_reply_to: req.body.msg_id });
        if (b.type === "write_ok") ok();
        else if ((b.type === "read_ok" ? b.value : 0) !== req.body.from) {
          net.send(node, req.src, { type: "error", code: 22, in_reply_to: req.body.msg_id });
        } else {
          waiting.set(++id, req);
          net.send(node, "lin-kv", {
            type: "write",
            key: req.body.key,
            value: req.body.to,
            msg_id: id,
          });
        }
      }
    });
  }
  const ok = new Map<unknown, number>();
  for (const c of ["c0", "c1"]) {
    net.register(c, (ms) => {
      for (const m of ms) {
        if (m.body.type === "cas_ok") {
          ok.set(m.body.in_reply_to, (ok.get(m.body.in_reply_to) ?? 0) + 1);
        }
      }
    });
  }
  for (let k = 0; k < pairs; k++) {
    net.send("c0", "n0", { type: "cas", key: k, from: 0, to: 1, msg_id: k });
    net.send("c1", "n1", { type: "cas", key: k, from: 0, to: 2, msg_id: k });
    await clock.advance(20);
  }
  net.close();
  return [...ok.values()].filter((n) => n === 2).length;
}

Deno.test("a cas built as a read then a write loses updates under the measured crossings, never without them", async () => {
  // Without crossings the bench runs the first cas to its end before the
  // second starts: the race never shows (as it hid in the bench before).
  assert.equal(await lostUpdates(null, 1, 60), 0);
  // With them (deterministic: fake clock, seeded draws) it shows, as in Maelstrom.
  const lost = await lostUpdates(MAELSTROM_TRANSIT, 1, 60);
  assert.ok(lost > 0, `lost updates: ${lost}`);
  assert.equal(await lostUpdates(MAELSTROM_TRANSIT, 1, 60), lost);
});

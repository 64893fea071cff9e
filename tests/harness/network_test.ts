import assert from "node:assert/strict";
import type { Message } from "./history.ts";
import { drawLatency, InvalidEndpoint, Network } from "./network.ts";
import { Random } from "./random.ts";

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
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
  collect(net, "n0");
  collect(net, "n1");
  assert.equal(net.send("n0", "n1", {}).id, 0);
  assert.equal(net.send("n1", "n0", {}).id, 1);
  assert.throws(() => net.send("n0", "c9", {}), InvalidEndpoint);
  assert.throws(() => net.send("x", "n0", {}), InvalidEndpoint);
  net.close();
});

Deno.test("network gives client traffic zero latency and server traffic the configured latency", async () => {
  const net = new Network({ latency: { mean: 60, dist: "constant" } });
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
  const net = new Network({ latency: { mean: 50, dist: "constant" } });
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
  const net = new Network({ latency: { mean: 40, dist: "constant" } });
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
  const net = new Network({ latency: { mean: 10, dist: "constant" } });
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
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
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
  const net = new Network({ latency: { mean: 1, dist: "constant" }, now: () => (t += 0.4) });
  const got: unknown[] = [];
  net.register("n0", () => {});
  net.register("n1", (ms) => void got.push(...ms.map((m) => m.body.n)));
  net.send("n0", "n1", { n: 1 });
  assert.deepEqual(got, [1], "0.6 ms before its deadline: delivered without a timer");
  net.close();
});

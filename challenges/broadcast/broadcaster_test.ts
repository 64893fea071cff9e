import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Broadcaster, type GossipBody, type Outgoing } from "./broadcaster.ts";
import { type Profile, type Tuning, TUNINGS } from "./profile.ts";

const ids = ["n0", "n1", "n2", "n3"];

function node(self: string, profile: Profile, tuning: Partial<Tuning> = {}): Broadcaster {
  return new Broadcaster({
    self,
    nodeIds: ids,
    profile,
    tuning: { ...TUNINGS[profile], ...tuning },
  });
}

const dests = (out: Outgoing[]) => out.map((m) => m.dest).sort();
const values = (out: Outgoing[]) => out.map((m) => m.body.values ?? []);

Deno.test("broadcast() keeps the value and, in the latency profile, sends it to every peer at once", () => {
  const b = node("n1", "latency");
  const out = b.broadcast(7, 0);
  assertEquals(b.read(), [7]);
  assertEquals(dests(out), ["n0", "n2", "n3"]);
  for (const m of out) assertEquals(m.body.values, [[1, 1, 7]]);
});

Deno.test("broadcast() of a value already held keeps one copy and sends nothing", () => {
  const b = node("n1", "latency");
  b.broadcast(7, 0);
  assertEquals(b.broadcast(7, 1), []);
  assertEquals(b.read(), [7]);
});

Deno.test("a single node keeps values and never sends", () => {
  const b = new Broadcaster({
    self: "n0",
    nodeIds: ["n0"],
    profile: "frugal",
    tuning: TUNINGS.frugal,
  });
  assertEquals(b.broadcast(1, 0), []);
  assertEquals(b.batches, false);
  assertEquals(b.tick(60_000), []);
  assertEquals(b.read(), [1]);
});

Deno.test("frugal: a node other than the hub hands a new value to the hub only", () => {
  const b = node("n2", "frugal");
  const out = b.broadcast(5, 0);
  assertEquals(dests(out), ["n0"]);
  assertEquals(values(out), [[[2, 1, 5]]]);
  assertEquals(b.batches, false);
  assertEquals(b.round(), []);
});

Deno.test("frugal: the hub sends each peer one batch per round, without the peer's own values", () => {
  const hub = node("n0", "frugal");
  assert(hub.batches);
  assertEquals(hub.broadcast(1, 0), []);
  hub.receive("n2", { values: [[2, 1, 20]] }, 10);
  const out = hub.round();
  assertEquals(dests(out), ["n1", "n2", "n3"]);
  const byDest = Object.fromEntries(out.map((m) => [m.dest, m.body.values]));
  assertEquals(byDest.n1, [[0, 1, 1], [2, 1, 20]]);
  assertEquals(byDest.n2, [[0, 1, 1]]);
  assertEquals(hub.round(), [], "nothing new, no messages");
});

Deno.test("frugal: the hub leaves out of a batch what the peer is known to hold", () => {
  const hub = node("n0", "frugal");
  hub.receive("n2", { values: [[2, 1, 20]] }, 0);
  // n1 says it already has n2's first value (it got it from n2 directly).
  hub.receive("n1", { have: [0, 0, 1, 0] }, 1);
  const out = hub.round();
  assertEquals(dests(out), ["n3"]);
});

Deno.test("receive() keeps gossiped values once and reads them", () => {
  const b = node("n1", "latency");
  b.receive("n2", { values: [[2, 1, 20], [2, 2, 21]] }, 0);
  b.receive("n3", { values: [[2, 1, 20]] }, 1);
  assertEquals(b.read(), [20, 21]);
  assertEquals(b.seen()[1], [0, 0, 2, 0]);
});

Deno.test("the matrix counts only gap-free values", () => {
  const b = node("n1", "latency");
  b.receive("n2", { values: [[2, 2, 21], [2, 3, 22]] }, 0);
  assertEquals(b.read(), [21, 22]);
  assertEquals(b.seen()[1][2], 0);
  b.receive("n2", { values: [[2, 1, 20]] }, 1);
  assertEquals(b.seen()[1][2], 3);
});

Deno.test("receive() learns the sender's row and who holds this node's values, never lowering either", () => {
  const b = node("n1", "latency");
  b.broadcast(7, 0);
  b.receive("n2", { have: [0, 9, 3, 0], yours: [1, 5, 1, 0] }, 1);
  b.receive("n3", { have: [0, 0, 0, 0], yours: [0, 0, 0, 0] }, 2);
  const seen = b.seen();
  assertEquals(seen[2], [0, 9, 3, 0]);
  assertEquals(seen[0], [0, 1, 0, 0]);
  assertEquals(seen[1], [0, 1, 0, 0], "its own row is exact");
  assertEquals(seen[3], [0, 0, 0, 0]);
});

Deno.test("receive() ignores entries of unknown origins and bad sequence numbers", () => {
  const b = node("n1", "latency");
  b.receive("n2", { values: [[9, 1, 1], [-1, 1, 2], [2, 0, 3]] }, 0);
  assertEquals(b.read(), []);
});

Deno.test("receive() answers a resend at once with what this node holds", () => {
  const b = node("n1", "latency");
  const out = b.receive("n2", { values: [[2, 1, 20]], ack: true }, 0);
  assertEquals(dests(out), ["n2"]);
  assertEquals(out[0].body.values, undefined);
  assertEquals(out[0].body.have, [0, 0, 1, 0]);
  assertEquals(out[0].body.yours, [0, 1, 0, 0]);
  assertEquals(b.receive("n2", { values: [[2, 2, 21]] }, 1), []);
});

Deno.test("tick() sends nothing while every peer has confirmed this node's values", () => {
  const b = node("n1", "latency");
  b.broadcast(7, 0);
  for (const p of ["n0", "n2", "n3"]) {
    b.receive(p, { have: [0, 1, 0, 0] }, 10);
  }
  assertEquals(b.tick(10_000), []);
});

Deno.test("tick() resends unconfirmed values to their peer after repairAfterMs, then at most every repairEveryMs", () => {
  const b = node("n1", "latency", {
    repairAfterMs: 5000,
    repairEveryMs: 2000,
    idleMs: 1e9,
    relayMs: 1e9,
  });
  b.broadcast(7, 0);
  b.broadcast(8, 100);
  // n0 and n2 confirmed the first value only; n3 confirmed both.
  b.receive("n3", { have: [0, 2, 0, 0], yours: [1, 2, 1, 2] }, 300);
  assertEquals(b.tick(5099), []);
  const out = b.tick(5100);
  assertEquals(dests(out), ["n0", "n2"]);
  for (const m of out) {
    assertEquals(m.body.values, [[1, 2, 8]]);
    assertEquals(m.body.ack, true);
  }
  assertEquals(b.tick(7099), []);
  assertEquals(dests(b.tick(7100)), ["n0", "n2"]);
  b.receive("n0", { have: [0, 2, 0, 0] }, 7200);
  assertEquals(dests(b.tick(9100)), ["n2"]);
});

Deno.test("an idle node tells the hub what it holds; nothing when it has nothing new", () => {
  const b = node("n2", "frugal", { idleMs: 1500 });
  b.receive("n0", { values: [[1, 1, 10]] }, 0);
  assertEquals(b.tick(1000), []);
  const out = b.tick(1500);
  assertEquals(dests(out), ["n0"]);
  assertEquals(out[0].body.values, undefined);
  assertEquals(out[0].body.have, [0, 1, 0, 0]);
  assertEquals(b.tick(4000), []);
});

Deno.test("a node that wrote to the hub recently sends no separate confirmation", () => {
  const b = node("n2", "frugal", { idleMs: 1500 });
  b.receive("n0", { values: [[1, 1, 10]] }, 0);
  b.broadcast(3, 1000);
  assertEquals(b.tick(1500), []);
  assertEquals(b.tick(2400), []);
});

Deno.test("the idle hub passes new confirmations on to the values' origin only", () => {
  const hub = node("n0", "latency", { relayMs: 1500 });
  hub.receive("n1", { values: [[1, 1, 10]] }, 0);
  hub.receive("n2", { have: [0, 1, 0, 0] }, 100);
  const out = hub.tick(1500);
  assertEquals(dests(out), ["n1"]);
  assertEquals(out[0].body.yours, [1, 0, 1, 0]);
  assertEquals(hub.tick(5000), []);
});

Deno.test("with the hub unreachable, an origin still reaches every peer itself", () => {
  const b = node("n2", "frugal", { repairAfterMs: 5000, idleMs: 1500 });
  const first = b.broadcast(5, 0);
  assertEquals(dests(first), ["n0"]); // lost
  const out = b.tick(5000).filter((m) => m.body.values !== undefined);
  assertEquals(dests(out), ["n0", "n1", "n3"]);
  const answer: GossipBody = node("n1", "frugal").receive("n2", out[1].body, 5100)[0].body;
  b.receive("n1", answer, 5200);
  assertEquals(dests(b.tick(7000).filter((m) => m.body.values)), ["n0", "n3"]);
});

Deno.test("frugal: a value that waited in the hub's input waits that much less for its round", () => {
  let t = 0;
  const tuning = { ...TUNINGS.frugal, roundMs: 280 };
  const wall = () => 1_000_000 + t;
  const origin = new Broadcaster({ self: "n2", nodeIds: ids, profile: "frugal", tuning, wall });
  const hub = new Broadcaster({ self: "n0", nodeIds: ids, profile: "frugal", tuning, wall });
  // A first value crosses in 100 ms: the link's own latency.
  const first = origin.broadcast(1, t)[0].body;
  assertEquals(first.at, 1_000_000);
  t = 100;
  hub.receive("n2", first, t);
  assertEquals(hub.roundDue, 100 + 280);
  hub.round();
  // The second is read 100 ms later than the link allows: its round is due 100 ms sooner.
  t = 1000;
  const second = origin.broadcast(2, t)[0].body;
  t = 1200;
  hub.receive("n2", second, t);
  assertEquals(hub.roundDue, 1100 + 280);
});

Deno.test("a peer whose own row lacks a value acknowledged evidenceMs ago gets it resent at once", () => {
  const b = node("n1", "latency", { evidenceMs: 1500, repairAfterMs: 5000 });
  b.broadcast(7, 0);
  assertEquals(b.receive("n2", { have: [0, 0, 0, 0] }, 1000), [], "young: may be in flight");
  const out = b.receive("n2", { have: [0, 0, 0, 0] }, 1600);
  assertEquals(dests(out), ["n2"]);
  assertEquals(out[0].body.values, [[1, 1, 7]]);
  assertEquals(out[0].body.ack, true);
  assertEquals(b.receive("n2", { have: [0, 0, 0, 0] }, 1700), [], "not again while in flight");
  assertEquals(dests(b.receive("n2", { have: [0, 0, 0, 0] }, 3100)), ["n2"], "lost again");
  assertEquals(b.receive("n3", { have: [0, 1, 0, 0] }, 3100), [], "n3 has it");
});

Deno.test("frugal: a value read late brings its round forward by half a round at most", () => {
  let t = 0;
  const tuning = { ...TUNINGS.frugal, roundMs: 280 };
  const wall = () => 1_000_000 + t;
  const origin = new Broadcaster({ self: "n2", nodeIds: ids, profile: "frugal", tuning, wall });
  const hub = new Broadcaster({ self: "n0", nodeIds: ids, profile: "frugal", tuning, wall });
  const first = origin.broadcast(1, t)[0].body;
  t = 100;
  hub.receive("n2", first, t);
  hub.round();
  const second = origin.broadcast(2, 1000)[0].body;
  t = 1600;
  hub.receive("n2", second, t);
  assertEquals(hub.roundDue, 1600 - 140 + 280);
});

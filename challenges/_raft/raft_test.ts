import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Net } from "./_net.ts";
import { TUNINGS } from "./profile.ts";
import { Raft } from "./raft.ts";

const { electionMinMs, electionMaxMs, leaseMs, heartbeatMs } = TUNINGS.latency;

Deno.test("the first leader leads term 1 from the start, with no election", () => {
  const net = new Net(3).start();
  assertEquals(net.leaders(), ["n0@1"]);
  assertEquals(net.node("n1").leader, "n0");
  assertEquals(net.node("n1").votedFor, "n0");
  net.settle();
  assertEquals(net.ids.map((id) => net.node(id).log.lastIndex), [1, 1, 1]); // the no-op
});

Deno.test("without a first leader, one is elected within the maximum election timeout", () => {
  const net = new Net(5, { firstLeader: null }).start();
  assertEquals(net.leaders(), []);
  net.advanceUntil(() => net.leaders().length === 1, electionMaxMs + 50);
  assertEquals(net.leaders()[0].endsWith("@1"), true);
});

Deno.test("a proposal is committed once a majority stores it, and followers learn it with the next message", () => {
  const net = new Net(3).start();
  net.settle();
  const leader = net.node("n0");
  assertEquals(leader.propose("x", 0), 2);
  net.collect();
  assertEquals(leader.commitIndex, 1);
  net.settle();
  assertEquals(leader.commitIndex, 2);
  assertEquals(net.node("n1").commitIndex, 1);
  net.advance(heartbeatMs);
  assertEquals(net.node("n1").commitIndex, 2);
});

Deno.test("a proposal to a follower is refused (the replica forwards it instead)", () => {
  const net = new Net(3).start();
  assertEquals(net.node("n1").propose("x", 0), undefined);
});

Deno.test("pipelining: new entries go out before earlier ones are acknowledged", () => {
  const net = new Net(3).start();
  net.settle();
  const leader = net.node("n0");
  leader.propose("a", 0);
  leader.propose("b", 0);
  net.collect();
  const toN1 = net.take((m) => m.to === "n1" && m.body.type === "raft_append");
  assertEquals(toN1.map((m) => m.body.type === "raft_append" && m.body.prev_index), [1, 2]);
});

Deno.test("eager: quorum sends new entries only to as many followers as a majority needs", () => {
  const net = new Net(5, { timing: { eager: "quorum" } }).start();
  net.settle();
  net.node("n0").propose("x", 0);
  net.collect();
  const sent = net.inflight.filter((m) => m.body.type === "raft_append").map((m) => m.to);
  assertEquals(sent.length, 2);
  net.settle();
  net.collect();
  assertEquals(net.node("n0").commitIndex, 2); // committed without the other two
  net.advance(heartbeatMs); // …which get it with the heartbeat
  assertEquals(net.ids.map((id) => net.node(id).log.lastIndex), [2, 2, 2, 2, 2]);
});

Deno.test("a follower with a conflicting suffix has it replaced by the leader's entries", () => {
  const net = new Net(3).start();
  net.settle();
  const n2 = net.node("n2");
  n2.log.append({ term: 0, data: "stale" }); // an entry no leader ever sent
  net.node("n0").propose("x", 0);
  net.collect();
  net.settle();
  assertEquals(n2.log.entry(2).data, "x");
  assertEquals(n2.log.lastIndex, 2);
});

Deno.test("a leader cut off from every peer steps down after the maximum election timeout (check-quorum)", () => {
  const net = new Net(3).start();
  net.settle();
  net.isolate("n0");
  net.advance(electionMaxMs - 10);
  assertEquals(net.node("n0").role, "leader");
  net.advance(electionMaxMs);
  assertEquals(net.node("n0").role, "follower");
  assertEquals(net.node("n0").term, net.node("n0").term); // it never raised its own term
});

Deno.test("the majority elects a new leader when the leader is cut off, within the maximum timeout and a few messages", () => {
  const net = new Net(5).start();
  net.settle();
  net.isolate("n0");
  const start = net.now;
  net.advanceUntil(() => net.leaders().some((l) => !l.startsWith("n0")), 2 * electionMaxMs);
  assert(net.now - start <= electionMaxMs + 20, `took ${net.now - start} ms`);
});

Deno.test("pre-vote: a node cut off from everyone never raises its term, so the heal changes no leader", () => {
  const net = new Net(3).start();
  net.settle();
  net.isolate("n2");
  net.advance(10 * electionMaxMs);
  assertEquals(net.node("n2").term, 1);
  net.heal();
  net.advance(electionMaxMs);
  assertEquals(net.leaders(), ["n0@1"]);
});

Deno.test("stickiness: a node that heard from a leader lately ignores a vote request, and keeps its term", () => {
  const net = new Net(3).start();
  net.settle();
  const n1 = net.node("n1");
  n1.receive(
    "n2",
    { type: "raft_vote", pre: false, term: 9, last_index: 9, last_term: 9, sent: 0 },
    1,
  );
  assertEquals(n1.term, 1);
  const reply = n1.outbox.pop()!.body;
  assertEquals(reply.type === "raft_vote_ok" && reply.granted, false);
  // Once the leader has been silent for the minimum election timeout, the vote is granted.
  const later = electionMinMs + 1;
  n1.receive(
    "n2",
    { type: "raft_vote", pre: false, term: 9, last_index: 9, last_term: 9, sent: 0 },
    later,
  );
  assertEquals([n1.term, n1.votedFor], [9, "n2"]);
});

Deno.test("one vote per term: a second candidate of the same term is refused", () => {
  const r = new Raft<string>({
    id: "n0",
    nodes: ["n0", "n1", "n2"],
    timing: TUNINGS.latency,
    firstLeader: null,
  });
  r.start(0);
  const ask = (from: string) => {
    r.receive(from, {
      type: "raft_vote",
      pre: false,
      term: 1,
      last_index: 0,
      last_term: 0,
      sent: 0,
    }, 10);
    const b = r.outbox.pop()!.body;
    return b.type === "raft_vote_ok" && b.granted;
  };
  assertEquals([ask("n1"), ask("n2"), ask("n1")], [true, false, true]);
});

Deno.test("unsafe voteTwice grants a second candidate of the same term (what the election-safety test must catch)", () => {
  const r = new Raft<string>({
    id: "n0",
    nodes: ["n0", "n1", "n2"],
    timing: TUNINGS.latency,
    firstLeader: null,
    unsafe: { voteTwice: true },
  });
  r.start(0);
  for (const from of ["n1", "n2"]) {
    r.receive(from, {
      type: "raft_vote",
      pre: false,
      term: 1,
      last_index: 0,
      last_term: 0,
      sent: 0,
    }, 10);
  }
  assertEquals(r.outbox.map((m) => m.body.type === "raft_vote_ok" && m.body.granted), [true, true]);
});

Deno.test("a candidate whose log is behind gets no vote (the election restriction)", () => {
  const r = new Raft<string>({
    id: "n0",
    nodes: ["n0", "n1", "n2"],
    timing: TUNINGS.latency,
    firstLeader: null,
  });
  r.start(0);
  r.log.append({ term: 1, data: "x" });
  r.receive(
    "n1",
    { type: "raft_vote", pre: false, term: 2, last_index: 5, last_term: 0, sent: 0 },
    10,
  );
  const b = r.outbox.pop()!.body;
  assertEquals(b.type === "raft_vote_ok" && b.granted, false);
});

Deno.test("canRead: not before the leader's no-op is committed, then until the lease runs out", () => {
  const net = new Net(3).start();
  const leader = net.node("n0");
  assertEquals(leader.canRead(0), false); // nothing acknowledged, no-op not committed
  net.settle();
  assert(leader.canRead(1));
  net.isolate("n0");
  net.advance(leaseMs - 10);
  // The last acknowledged message was sent at 0 + a heartbeat or so: still within the lease.
  assert(leader.canRead(net.now) || net.now >= heartbeatMs + leaseMs);
  net.advance(leaseMs);
  assertEquals(leader.canRead(net.now), false);
  assertEquals(net.node("n1").canRead(net.now), false); // never a follower
});

Deno.test("reach(): a probe answered by a majority says majority; one answered by none says minority", () => {
  const net = new Net(3).start();
  net.settle();
  const n2 = net.node("n2");
  n2.probe(net.now);
  net.collect();
  net.settle();
  assertEquals(n2.reach(net.now), "majority"); // refused pre-votes are answers too
  net.isolate("n2");
  net.advance(electionMinMs);
  n2.probe(net.now);
  net.collect();
  net.settle();
  assertEquals(n2.reach(net.now), "majority"); // the last finished round, until this one is due
  net.advance(TUNINGS.latency.probeMs);
  assertEquals(n2.reach(net.now), "minority");
});

Deno.test("only entries of the leader's own term are committed by counting replicas", () => {
  const { net, n1 } = figure8(false);
  assert(n1.commitIndex < 2, "index 2 (term 2) is on a majority but is not committed");
  net.star("n4", ["n3", "n0"]);
  net.advanceUntil(() => net.node("n4").role === "leader" && net.node("n4").commitIndex >= 3);
  assertEquals(net.node("n4").log.entry(2).term, 3); // overwritten, safely: it was never committed
});

Deno.test("Figure 8: counting replicas of an old-term entry commits it, and a later leader overwrites it", () => {
  const { net, n1 } = figure8(true);
  assertEquals(n1.commitIndex, 2);
  const committed = n1.log.entry(2);
  assertEquals(committed.term, 2);
  net.star("n4", ["n3", "n0"]);
  net.advanceUntil(() => net.node("n4").role === "leader" && net.node("n4").commitIndex >= 3);
  const later = net.node("n4").log.entry(2);
  assertEquals(
    later.term,
    3,
    "state machine safety is broken: index 2 committed twice, differently",
  );
});

/**
 * The paper's Figure 8 on five nodes (S1…S5 = n1, n2, n3, n0, n4), each
 * election forced by leaving only the links of a star around the node that
 * must win, and at most one entry per message so that an old entry can
 * travel alone. Returns when S1, leader of term 4, has its term-2 entry at
 * index 2 on a majority (S1, S2, S3) and its term-4 no-op on S1 and S2 only.
 */
function figure8(commitOldTerms: boolean) {
  const net = new Net(5, { timing: { maxEntries: 1 }, unsafe: { commitOldTerms } }).start();
  net.settle(); // everyone has the term-1 no-op at index 1
  const [s1, s5] = [net.node("n1"), net.node("n4")];
  const appendsFrom =
    (from: string, to?: string) => (m: { from: string; to: string; body: { type: string } }) =>
      m.from === from && (to === undefined || m.to === to) && m.body.type === "raft_append";
  // (a) S1 leads term 2; its no-op (index 2, term 2) reaches S2 only.
  net.star("n1", ["n2", "n3"]);
  net.drop = appendsFrom("n1", "n3");
  net.advanceUntil(() => s1.role === "leader" && net.node("n2").log.lastIndex === 2);
  assertEquals([s1.term, s1.log.entry(2).term], [2, 2]);
  // (b) S5 leads term 3 with S3's and S4's votes; its no-op (index 2, term 3) stays with it.
  net.star("n4", ["n3", "n0"]);
  net.drop = appendsFrom("n4");
  net.advanceUntil(() => s5.role === "leader" && s5.term === 3);
  assertEquals(s5.log.entry(2).term, 3);
  // (c) S1 leads term 4 with S2's and S3's votes, and sends S3 the term-2
  // entry alone; the message that would bring S3 the term-4 no-op is lost.
  net.star("n1", ["n2", "n3"]);
  net.drop = (m) =>
    appendsFrom("n1", "n3")(m) && m.body.type === "raft_append" &&
    m.body.entries.some((e) => e.term === 4);
  net.advanceUntil(() =>
    s1.role === "leader" && s1.term === 4 && net.node("n3").log.lastIndex === 2
  );
  net.drop = () => false;
  return { net, n1: s1 };
}

import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Net } from "./_net.ts";
import { TUNINGS } from "./profile.ts";
import { Raft, type Unsafe } from "./raft.ts";

const { electionMinMs, electionMaxMs, leaseMs, heartbeatMs } = TUNINGS.latency;

/** A real (not pre-) vote request of `term` from a candidate whose log ends at `lastIndex`/`lastTerm`. */
function vote(term: number, lastIndex: number, lastTerm: number) {
  return {
    type: "raft_vote" as const,
    pre: false,
    term,
    last_index: lastIndex,
    last_term: lastTerm,
    sent: 0,
  };
}

/** n0 of three, started with no first leader, so it has voted for nobody. */
function voter(unsafe: Unsafe = {}): Raft<string> {
  const r = new Raft<string>({
    id: "n0",
    nodes: ["n0", "n1", "n2"],
    timing: TUNINGS.latency,
    firstLeader: null,
    unsafe,
  });
  r.start(0);
  return r;
}

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
  assertEquals(net.node("n0").term, 1); // it never raised its own term
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
    vote(9, 9, 9),
    1,
  );
  assertEquals(n1.term, 1);
  const reply = n1.outbox.pop()!.body;
  assertEquals(reply.type === "raft_vote_ok" && reply.granted, false);
  // Once the leader has been silent for the minimum election timeout, the vote is granted.
  const later = electionMinMs + 1;
  n1.receive(
    "n2",
    vote(9, 9, 9),
    later,
  );
  assertEquals([n1.term, n1.votedFor], [9, "n2"]);
});

Deno.test("one vote per term: a second candidate of the same term is refused", () => {
  const r = voter();
  const ask = (from: string) => {
    r.receive(from, vote(1, 0, 0), 10);
    const b = r.outbox.pop()!.body;
    return b.type === "raft_vote_ok" && b.granted;
  };
  assertEquals([ask("n1"), ask("n2"), ask("n1")], [true, false, true]);
});

Deno.test("unsafe voteTwice grants a second candidate of the same term (what the election-safety test must catch)", () => {
  const r = voter({ voteTwice: true });
  for (const from of ["n1", "n2"]) r.receive(from, vote(1, 0, 0), 10);
  assertEquals(r.outbox.map((m) => m.body.type === "raft_vote_ok" && m.body.granted), [true, true]);
});

Deno.test("a candidate whose log is behind gets no vote (the election restriction)", () => {
  const r = voter();
  r.log.append({ term: 1, data: "x" });
  r.receive(
    "n1",
    vote(2, 5, 0),
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

Deno.test("a follower takes the leader's commit index only up to the entries it has just matched, never over a stale suffix", () => {
  const r = new Raft<string>({ id: "n2", nodes: ["n0", "n1", "n2"], timing: TUNINGS.latency });
  r.start(0);
  const append = (
    from: string,
    term: number,
    prev: [number, number],
    entries: [number, string][],
    commit: number,
    now: number,
  ) =>
    r.receive(from, {
      type: "raft_append",
      term,
      prev_index: prev[0],
      prev_term: prev[1],
      entries: entries.map(([t, data]) => ({ term: t, data })),
      commit,
      sent: now,
      listening: true,
    }, now);
  append("n0", 1, [0, 0], [[1, "noop"]], 0, 1);
  // n1 led term 2 for a while: its entry reached n2 only, and was never committed.
  append("n1", 2, [1, 1], [[2, "stale"]], 1, 2);
  assertEquals([r.log.lastIndex, r.commitIndex], [2, 1]);
  // n0 leads term 3 with its own index 2 and 3, committed; a heartbeat that checks only index 1
  // must not commit n2's index 2, which is not n0's entry.
  append("n0", 3, [1, 1], [], 3, 500);
  assertEquals(r.commitIndex, 1);
  append("n0", 3, [1, 1], [[3, "noop3"], [3, "z"]], 3, 501);
  assertEquals([r.commitIndex, r.log.entry(2).data], [3, "noop3"]);
});

Deno.test("stickiness keeps the lease true: while the leader may read, no peer it cannot reach is elected through a follower that still hears it", () => {
  const net = new Net(3).start();
  net.settle();
  net.cut.add("n0>n2").add("n2>n0"); // n2 hears only n1, which hears n0
  const n0 = net.node("n0");
  let checked = 0;
  for (let t = 0; t < 4 * electionMaxMs; t += 5) {
    net.advance(5);
    if (!n0.canRead(net.now)) continue;
    checked++;
    // A leader elected meanwhile would commit above n0's no-op: n0's reads would be stale.
    for (const id of ["n1", "n2"]) {
      const other = net.node(id);
      assert(
        other.commitIndex <= n0.commitIndex,
        `${id} (term ${other.term}) committed ${other.commitIndex} while n0 may read at ${n0.commitIndex}`,
      );
    }
  }
  assert(checked > 0);
  assertEquals(net.leaders(), ["n0@1"]);
});

Deno.test("the lease starts when the acknowledged message was sent, not when its acknowledgement arrived", () => {
  const net = new Net(3).start();
  net.settle();
  const n0 = net.node("n0");
  // Every acknowledgement to n0 is lost from now on, but n1's of the heartbeat sent at 50 ms is
  // only late: it arrives at 110 ms.
  const late: typeof net.inflight = [];
  net.drop = (m) => {
    if (m.to !== "n0" || m.body.type !== "raft_append_ok") return false;
    if (m.from === "n1" && m.body.sent === heartbeatMs) late.push(m);
    return true;
  };
  net.advance(110);
  assertEquals(late.length, 1);
  n0.receive("n1", late[0].body, net.now);
  assert(n0.canRead(heartbeatMs + leaseMs - 1));
  // n1 may vote from 50 + electionMinMs on: the lease must be over by then, whatever the delay.
  assertEquals(n0.canRead(heartbeatMs + leaseMs), false);
});

Deno.test("a node that hears its leader again while its own pre-vote round is out does not start an election with the late yeses", () => {
  const f = new Raft<string>({ id: "n2", nodes: ["n0", "n1", "n2"], timing: TUNINGS.latency });
  f.start(0); // a follower of n0 in term 1
  let t = 0;
  while (!f.outbox.some((m) => m.body.type === "raft_vote")) f.tick(++t); // n0 went quiet
  f.outbox = [];
  // n0 is heard again, and n2 acknowledges: n0's lease now counts on n2 not voting for a while.
  f.receive("n0", {
    type: "raft_append",
    term: 1,
    prev_index: 0,
    prev_term: 0,
    entries: [],
    commit: 0,
    sent: t + 1,
    listening: true,
  }, t + 1);
  // n1, which has not heard n0 for a while, says yes to the old round.
  f.receive("n1", {
    type: "raft_vote_ok",
    pre: true,
    term: 1,
    granted: true,
    sent: t,
    leader: null,
  }, t + 2);
  assertEquals([f.role, f.term, f.votedFor], ["follower", 1, "n0"]);
});

Deno.test("a leader ignores acknowledgements of an earlier term: they describe a log it no longer has", () => {
  const n0 = new Raft<string>({ id: "n0", nodes: ["n0", "n1", "n2"], timing: TUNINGS.latency });
  n0.start(0); // leader of term 1
  n0.propose("a", 1);
  n0.propose("b", 2); // [1:no-op, 1:a, 1:b]; n1 stores all three, its answer is on its way
  // n1 leads term 2 and replaces a and b on n0 with its own x.
  n0.receive("n1", {
    type: "raft_append",
    term: 2,
    prev_index: 1,
    prev_term: 1,
    entries: [{ term: 2, data: { client: "c", seq: 1, command: "x" } as unknown as string }],
    commit: 1,
    sent: 10,
    listening: true,
  }, 10);
  // n1 falls silent; n0 wins term 3 with n2's vote and appends its no-op at index 3.
  let t = 10;
  while (!n0.outbox.some((m) => m.body.type === "raft_vote" && m.body.pre)) n0.tick(++t);
  n0.receive("n2", {
    type: "raft_vote_ok",
    pre: true,
    term: 2,
    granted: true,
    sent: t,
    leader: null,
  }, t);
  n0.receive("n2", {
    type: "raft_vote_ok",
    pre: false,
    term: 3,
    granted: true,
    sent: t,
    leader: null,
  }, t);
  assertEquals([n0.role, n0.term, n0.log.lastIndex, n0.commitIndex], ["leader", 3, 3, 1]);
  // n1's term-1 answer ("I match you up to 3") arrives now. Index 3 is not on n1.
  n0.receive("n1", { type: "raft_append_ok", term: 1, ok: true, index: 3, sent: 2 }, t + 1);
  assertEquals(n0.commitIndex, 1);
});

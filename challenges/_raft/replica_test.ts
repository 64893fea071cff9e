import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { Random } from "../../tests/harness/random.ts";
import { type Tuning, TUNINGS } from "./profile.ts";
import { type Answer, type Op, type Outgoing, Replica, type ReplicaOptions } from "./replica.ts";

/** A counter: `add` commands, `get` queries. */
type Cmd = number;
const machine = () => {
  let total = 0, runs = 0;
  return {
    apply: (n: Cmd) => (runs++, total += n, { total }),
    query: () => ({ total }),
    get runs() {
      return runs;
    },
  };
};

interface Flying extends Outgoing<Cmd, null> {
  from: string;
}

/** Replicas n0…n(size-1) on a hand-driven network. */
class Cluster {
  readonly ids: string[];
  readonly replicas = new Map<string, Replica<Cmd, null, { total: number }>>();
  readonly machines = new Map<string, ReturnType<typeof machine>>();
  inflight: Flying[] = [];
  answers: Array<Answer<{ total: number }> & { by: string }> = [];
  cut = new Set<string>();
  drop: (m: Flying) => boolean = () => false;
  now = 0;

  constructor(
    size: number,
    tuning: Partial<Tuning> = {},
    options: Partial<ReplicaOptions<Cmd, null, { total: number }>> = {},
  ) {
    this.ids = Array.from({ length: size }, (_, i) => `n${i}`);
    const random = new Random(7);
    for (const id of this.ids) {
      const m = machine(), r = random.fork();
      this.machines.set(id, m);
      this.replicas.set(
        id,
        new Replica({
          id,
          nodes: this.ids,
          tuning: { ...TUNINGS.latency, ...tuning },
          machine: m,
          random: () => r.next(),
          ...options,
        }),
      );
    }
    for (const r of this.replicas.values()) r.start(0);
    this.collect();
    this.settle();
  }

  replica(id: string) {
    return this.replicas.get(id)!;
  }

  collect(): void {
    for (const [from, r] of this.replicas) {
      const { messages, answers } = r.take();
      for (const m of messages) this.inflight.push({ ...m, from });
      for (const a of answers) this.answers.push({ ...a, by: from });
    }
  }

  settle(): void {
    for (let round = 0; this.inflight.length > 0; round++) {
      if (round > 10_000) throw new Error("Cannot settle");
      const batch = this.inflight;
      this.inflight = [];
      for (const m of batch) {
        if (this.cut.has(`${m.from}>${m.to}`) || this.drop(m)) continue;
        this.replica(m.to).receive(m.from, m.body, this.now);
      }
      this.collect();
    }
  }

  advance(ms: number, step = 5): void {
    for (let t = 0; t < ms; t += step) {
      this.now += Math.min(step, ms - t);
      for (const r of this.replicas.values()) r.tick(this.now);
      this.collect();
      this.settle();
    }
  }

  submit(at: string, client: string, seq: number, op: Op<Cmd, null>): void {
    this.replica(at).submit(client, seq, op, this.now);
    this.collect();
  }

  isolate(id: string): void {
    for (const o of this.ids) if (o !== id) this.cut.add(`${id}>${o}`).add(`${o}>${id}`);
  }

  answersTo(client: string) {
    return this.answers.filter((a) => a.client === client);
  }

  sentBetweenNodes(during: () => void): Flying[] {
    const seen: Flying[] = [];
    const drop = this.drop;
    this.drop = (m) => (seen.push(m), drop(m));
    during();
    this.drop = drop;
    return seen;
  }
}

const write = (n: number): Op<Cmd, null> => ({ kind: "write", command: n });
const read: Op<Cmd, null> = { kind: "read", query: null };
const { staleMs, probeMs, electionMaxMs, heartbeatMs } = TUNINGS.latency;

/** A cluster whose followers have heard the leader say it listens to them. */
function ready(size = 3, tuning: Partial<Tuning> = {}, options = {}) {
  const c = new Cluster(size, tuning, options);
  c.advance(2 * heartbeatMs);
  return c;
}

Deno.test("a write at a follower is forwarded once, committed, and answered by the leader itself", () => {
  const c = ready();
  const sent = c.sentBetweenNodes(() => {
    c.submit("n1", "c1", 1, write(5));
    c.settle();
  });
  assertEquals(sent.filter((m) => m.body.type === "raft_forward").length, 1);
  assertEquals(c.answersTo("c1"), [{ client: "c1", seq: 1, result: { total: 5 }, by: "n0" }]);
});

Deno.test("a read at the leader is answered at once from its state, with no message and no log entry", () => {
  const c = ready();
  const last = c.replica("n0").raft.log.lastIndex;
  const sent = c.sentBetweenNodes(() => c.submit("n0", "c1", 1, read));
  assertEquals(sent, []);
  assertEquals(c.answersTo("c1")[0].result, { total: 0 });
  assertEquals(c.replica("n0").raft.log.lastIndex, last);
});

Deno.test("a read at a follower costs one message, and the leader answers it", () => {
  const c = ready();
  const sent = c.sentBetweenNodes(() => {
    c.submit("n2", "c1", 1, read);
    c.settle();
  });
  assertEquals(sent.map((m) => `${m.from}>${m.to} ${m.body.type}`), ["n2>n0 raft_forward"]);
  assertEquals(c.answersTo("c1").map((a) => a.by), ["n0"]);
});

Deno.test("a follower cut off from everyone answers 11 once its probe goes unanswered, then at once", () => {
  const c = ready();
  c.isolate("n2");
  c.advance(staleMs);
  c.submit("n2", "c1", 1, write(1));
  assertEquals(c.answersTo("c1"), []); // held while the probe is out
  c.advance(probeMs);
  assertEquals(c.answersTo("c1").map((a) => a.unavailable !== undefined), [true]);
  c.submit("n2", "c2", 1, read);
  assertEquals(c.answersTo("c2").map((a) => a.unavailable !== undefined), [true]);
});

Deno.test("requests during an election are held, not failed, and go to the new leader", () => {
  const c = ready();
  c.isolate("n0");
  c.advance(staleMs);
  c.submit("n1", "c1", 1, write(2));
  c.advance(probeMs);
  assertEquals(c.answersTo("c1"), []); // a majority answered the probe: wait for a leader
  c.advance(electionMaxMs);
  const a = c.answersTo("c1");
  assertEquals(a.map((x) => x.result), [{ total: 2 }]);
  assert(a[0].by !== "n0");
});

Deno.test("a request never sent anywhere gets 11 when no leader turns up within holdMs", () => {
  const c = new Cluster(3, { holdMs: 50 }, { firstLeader: null });
  // n1's log is behind: its peers answer its probe (a majority is there) but
  // refuse it their vote, and their own election timers are far off.
  for (const id of ["n0", "n2"]) c.replica(id).raft.log.append({ term: 0, data: null });
  c.submit("n1", "c1", 1, write(1));
  c.advance(45);
  assertEquals(c.answersTo("c1"), []);
  c.advance(10);
  assertEquals(c.answersTo("c1").map((a) => a.unavailable), [
    "write not done: no leader was found in time; not sent to any",
  ]);
});

Deno.test("a leader that has not heard from a majority refuses its own clients' writes with 11, and appends nothing", () => {
  const c = ready();
  c.isolate("n0");
  c.advance(staleMs);
  const last = c.replica("n0").raft.log.lastIndex;
  c.submit("n0", "c1", 1, write(1));
  assertEquals(c.answersTo("c1"), []); // held a moment: a slow majority looks the same
  c.advance(probeMs);
  assertEquals(c.answersTo("c1").map((a) => a.unavailable !== undefined), [true]);
  assertEquals(c.replica("n0").raft.log.lastIndex, last);
});

Deno.test("a write forwarded to a leader that falls is forwarded again to the next, and runs once", () => {
  for (const noDedupe of [false, true]) {
    const c = ready(3, {}, { unsafe: { noDedupe } });
    // n1's write reaches n0, whose entry reaches n2 but no acknowledgement comes back.
    c.drop = (m) => (m.from === "n0" && m.to === "n1") || (m.from === "n2" && m.to === "n0");
    c.submit("n1", "c1", 1, write(3));
    c.settle();
    assertEquals(c.answersTo("c1"), []);
    c.drop = () => false;
    c.isolate("n0");
    c.advance(2 * electionMaxMs);
    assertEquals(c.replica("n2").raft.role, "leader"); // its log is the longer one
    const runs = c.machines.get("n2")!.runs;
    assertEquals(runs, noDedupe ? 2 : 1, `noDedupe ${noDedupe}`);
    assertEquals(c.answersTo("c1")[0].result, { total: noDedupe ? 6 : 3 });
  }
});

Deno.test("a later request from the same client replaces its earlier one; a copy of either is ignored", () => {
  const c = ready();
  c.isolate("n2");
  c.advance(staleMs);
  c.submit("n2", "c1", 1, write(1));
  c.submit("n2", "c1", 2, write(2));
  c.submit("n2", "c1", 1, write(1));
  assertEquals(c.replica("n2").pending, 1);
});

Deno.test("a follower the leader does not hear forwards through a peer that reaches it", () => {
  const c = ready();
  c.cut.add("n2>n0"); // n2 hears n0, but n0 does not hear n2
  // n0 stops saying it listens to n2 after staleMs; n2 notices staleMs later.
  c.advance(2 * staleMs + heartbeatMs);
  assertEquals(c.replica("n2").raft.leaderFresh(c.now), false);
  c.submit("n2", "c1", 1, write(4));
  c.advance(probeMs);
  assertEquals(c.answersTo("c1").map((a) => [a.by, a.result]), [["n0", { total: 4 }]]);
});

Deno.test("a leader deposed by check-quorum knows it is cut off: its clients get 11 at once, no probe needed", () => {
  const c = ready();
  c.isolate("n0");
  c.advance(electionMaxMs + 10);
  assertEquals(c.replica("n0").raft.role, "follower");
  c.submit("n0", "c1", 1, read);
  assertEquals(c.answersTo("c1").map((a) => a.unavailable !== undefined), [true]);
});

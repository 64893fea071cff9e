import { deepStrictEqual as assertEquals, ok as assert } from "node:assert/strict";
import { type Node, z } from "../../mod.ts";
import { TestNode } from "../../core/testing.ts";
import { Cluster } from "../_testing/cluster.ts";
import { RaftServer } from "./server.ts";

/** A counter node on Raft: `add` goes through the log, `get` is a read. */
function counterNode(lines: string[] = []) {
  return (node: Node) => {
    let total = 0;
    const raft = new RaftServer(node, {
      machine: () => ({
        apply: (n: number) => ({ type: "add_ok", total: total += n }),
        query: () => ({ type: "get_ok", total }),
      }),
      roleLog: (line) => lines.push(line),
    });
    node.handle("add", z.object({ n: z.int() }), (req) => {
      raft.submit(req, { kind: "write", command: req.body.n });
    });
    node.handle("get", z.object({}), (req) => raft.submit(req, { kind: "read", query: null }));
  };
}

Deno.test("a peer message that arrives before init is handled after it, with no crash", async () => {
  const t = new TestNode(counterNode(), { nodeId: "n1", nodeIds: ["n0", "n1", "n2"] });
  await t.deliver({
    src: "n0",
    dest: "n1",
    body: {
      type: "raft_append",
      term: 1,
      prev_index: 0,
      prev_term: 0,
      entries: [{ term: 1, data: null }],
      commit: 0,
      sent: 0,
      listening: true,
    },
  });
  assertEquals(t.outbox, []);
  await t.init();
  await t.advance(20); // peer messages wait a moment after init
  const ack = t.take((m) => m.body.type === "raft_append_ok");
  assertEquals(ack.map((m) => [m.dest, m.body.ok, m.body.index]), [["n0", true, 1]]);
});

Deno.test("a malformed peer message is dropped with a warning, and the node goes on", async () => {
  const t = new TestNode(counterNode(), { nodeId: "n1", nodeIds: ["n0", "n1", "n2"] });
  await t.init();
  await t.advance(20);
  await t.deliver({ src: "n0", dest: "n1", body: { type: "raft_append", term: "x" } });
  await t.deliver({ src: "c9", dest: "n1", body: { type: "raft_vote", term: 9 } }); // not a peer
  assertEquals(t.outbox, []); // no answer to either
  await t.deliver({
    src: "n0",
    dest: "n1",
    body: { type: "raft_vote", pre: true, term: 2, last_index: 0, last_term: 0, sent: 0 },
  });
  assertEquals(t.take().map((m) => m.body.type), ["raft_vote_ok"]); // and the next one is handled
});

Deno.test("role changes go to the log as one line each, in the bench's format", async () => {
  const lines: string[] = [];
  const t = new TestNode(counterNode(lines), { nodeId: "n0", nodeIds: ["n0", "n1", "n2"] });
  await t.init();
  assertEquals(lines.length, 1);
  assert(lines[0].startsWith("raft {"));
  const event = JSON.parse(lines[0].slice(5));
  assertEquals({ ...event, wall: 0 }, {
    event: "leader",
    node: "n0",
    term: 1,
    leader: "n0",
    wall: 0,
  });
  assert(Math.abs(event.wall - Date.now()) < 60_000);
});

Deno.test("three in-memory nodes: adds through followers and reads through the leader agree", async () => {
  const c = new Cluster(["n0", "n1", "n2"], counterNode());
  await c.init();
  await c.clock.advance(100);
  await c.pump();
  assertEquals((await c.request("n1", { type: "add", n: 2 }, 100)).total, 2);
  assertEquals((await c.request("n2", { type: "add", n: 3 }, 100)).total, 5);
  assertEquals((await c.request("n0", { type: "get" }, 100)).total, 5);
  assertEquals((await c.request("n2", { type: "get" }, 100)).total, 5);
});

Deno.test("the first leader sends nothing to its peers for 20 ms after init, which Maelstrom may not have registered yet", async () => {
  const t = new TestNode(counterNode(), { nodeId: "n0", nodeIds: ["n0", "n1", "n2"] });
  await t.init();
  assertEquals(t.take((m) => m.dest !== "c0"), []);
  await t.advance(20);
  assertEquals(t.take().map((m) => `${m.dest} ${m.body.type}`), [
    "n1 raft_append",
    "n2 raft_append",
  ]);
});

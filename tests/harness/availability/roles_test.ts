import assert from "node:assert/strict";
import { parseRoleEvents, readRoleEvents } from "./roles.ts";

Deno.test("parseRoleEvents() maps wall-clock ms onto the history's ns since the origin", () => {
  const log = [
    "some other line",
    'raft {"event":"candidate","node":"n2","term":1,"leader":null,"wall":10900}',
    'raft {"event":"leader","node":"n2","term":1,"leader":"n2","wall":11005}',
  ].join("\n");
  assert.deepEqual(parseRoleEvents(log, "n2", 11000), [
    { time: -100e6, node: "n2", event: "candidate", term: 1, leader: null },
    { time: 5e6, node: "n2", event: "leader", term: 1, leader: "n2" },
  ]);
});

Deno.test("parseRoleEvents() skips role lines that do not parse or lack a wall time", () => {
  const log = [
    "raft {not json",
    'raft {"event":"leader","term":1}',
    'raft {"event":"king","wall":5}',
    "raft 42",
    'raft {"event":"follower","term":2,"wall":7}',
  ].join("\n");
  assert.deepEqual(parseRoleEvents(log, "n4", 0), [
    { time: 7e6, node: "n4", event: "follower", term: 2, leader: null },
  ]);
});

Deno.test("readRoleEvents() merges every node's log in time order and skips missing logs", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.mkdir(`${dir}/node-logs`);
  await Deno.writeTextFile(
    `${dir}/node-logs/n0.log`,
    'raft {"event":"follower","node":"n0","term":1,"leader":"n1","wall":30}\n',
  );
  await Deno.writeTextFile(
    `${dir}/node-logs/n1.log`,
    'raft {"event":"leader","node":"n1","term":1,"leader":"n1","wall":20}\n',
  );
  const events = await readRoleEvents(dir, ["n0", "n1", "n2"], 0);
  assert.deepEqual(events.map((e) => [e.node, e.event]), [["n1", "leader"], ["n0", "follower"]]);
  await Deno.remove(dir, { recursive: true });
});

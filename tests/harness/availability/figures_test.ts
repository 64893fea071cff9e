import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { completeGrudge, grudgeValue } from "../nemesis.ts";
import { answered, availabilityFigures, roleFigures } from "./figures.ts";
import { partitionPeriods } from "./partitions.ts";
import type { RoleEvent } from "./roles.ts";

const NODES = ["n0", "n1", "n2"];
// Threads 0–5 talk to n0, n1, n2, n0, n1, n2; n0 is cut off from 10 to 500 ms.
const cut: Row[] = [
  [9, "info", "nemesis", "start-partition", "one"],
  [10, "info", "nemesis", "start-partition", [
    "isolated",
    grudgeValue(completeGrudge([["n0"], ["n1", "n2"]])),
  ]],
];
const heal: Row[] = [
  [500, "info", "nemesis", "stop-partition", null],
  [501, "info", "nemesis", "stop-partition", "network-healed"],
];
const rows: Row[] = [
  [1, "invoke", 1, "read", [0, null]],
  [5, "ok", 1, "read", [0, null]],
  ...cut,
  [20, "invoke", 1, "write", [0, 1]], // n1, majority: ok
  [21, "invoke", 2, "cas", [0, [3, 4]]], // n2, majority: 22 is an answer
  [22, "invoke", 4, "write", [0, 2]], // n1, majority: info is not
  [23, "invoke", 0, "read", [0, null]], // n0, minority: refused in 20 ms
  [24, "invoke", 3, "cas", [0, [1, 2]]], // n0, minority: times out
  [30, "ok", 1, "write", [0, 1]],
  [31, "fail", 2, "cas", [0, [3, 4]], { error: ["precondition-failed", "no"], code: 22 }],
  [43, "fail", 0, "read", [0, null], { code: 11 }],
  [1022, "info", 4, "write", [0, 2]],
  [1024, "info", 3, "cas", [0, [1, 2]]],
  // Process 10 is thread 4 again (after its :info): n1.
  [1030, "invoke", 10, "read", [0, null]],
  [1031, "ok", 10, "read", [0, 1]],
];

Deno.test("answered() counts ok and the answering errors 20 and 22, by code or by name", () => {
  const op = (type: "ok" | "fail" | "info", extra: object = {}) => ({
    index: 0,
    time: 0,
    type,
    process: 0,
    f: "cas",
    value: null,
    ...extra,
  });
  assert.equal(answered(op("ok")), true);
  assert.equal(answered(op("fail", { code: 20 })), true);
  assert.equal(answered(op("fail", { error: ["precondition-failed", "x"] })), true);
  assert.equal(answered(op("fail", { code: 11 })), false);
  assert.equal(answered(op("info")), false);
  assert.equal(answered(undefined), false);
});

Deno.test("availabilityFigures() splits ops by partition side, by the thread's node", () => {
  const f = availabilityFigures(history([...rows.slice(0, 2), ...rows.slice(2), ...heal]), {
    nodes: NODES,
    concurrency: 6,
  });
  assert.equal(f.ops, 7);
  assert.equal(f.answered, 4 / 7);
  assert.equal(f.firstAnsweredMs, 5);
  // Answered: 4, 10, 10 and 1 ms.
  assert.deepEqual(f.latency, { p50: 10, p99: 10, max: 10 });
  assert.deepEqual(f.info, { updates: 4, count: 2, share: 0.5 });
  assert.deepEqual(f.majority, { ops: 3, answered: 2 / 3, worst: 2 / 3, partitions: 1 });
  assert.deepEqual(f.noMajority, { ops: 0, answered: 1 });
  assert.equal(f.minority.ops, 2);
  assert.equal(f.minority.refused, 0.5);
  assert.equal(f.minority.refusedFast, 0.5);
  assert.deepEqual(f.minority.latency, { p50: 20, p99: 20, max: 20 });
  assert.equal(f.roles, undefined);
});

Deno.test("availabilityFigures() counts an update without completion as :info", () => {
  const f = availabilityFigures(history([[0, "invoke", 0, "write", [0, 1]]]), {
    nodes: NODES,
    concurrency: 6,
  });
  assert.deepEqual(f.info, { updates: 1, count: 1, share: 1 });
  assert.equal(f.firstAnsweredMs, null);
});

const role = (ms: number, node: string, event: RoleEvent["event"], term: number): RoleEvent => ({
  time: ms * 1e6,
  node,
  event,
  term,
  leader: event === "leader" ? node : null,
});

Deno.test("roleFigures() times the replacement of a leader cut off from the majority", () => {
  const periods = partitionPeriods(history([...cut, ...heal]), NODES);
  const r = roleFigures([
    role(-50, "n0", "leader", 1),
    role(250, "n1", "candidate", 2),
    role(300, "n1", "leader", 2),
  ], periods);
  assert.equal(r.firstLeaderMs, -50);
  assert.equal(r.elections, 2);
  assert.equal(r.lostLeaders, 1);
  assert.equal(r.worstReplaceMs, 290);
  assert.equal(r.unreplaced, 0);
  assert.equal(r.heals, 1);
  assert.equal(r.healChanges, 0);
});

Deno.test("roleFigures() counts a leader change on a heal when the leader kept its majority", () => {
  const periods = partitionPeriods(history([...cut, ...heal]), NODES);
  const r = roleFigures([
    role(-50, "n1", "leader", 1),
    // The isolated n0 campaigned alone; on the heal its higher term deposes n1.
    role(200, "n0", "candidate", 5),
    role(600, "n1", "follower", 5),
    role(700, "n0", "leader", 6),
  ], periods);
  assert.equal(r.lostLeaders, 0);
  assert.equal(r.worstReplaceMs, null);
  assert.equal(r.heals, 1);
  assert.equal(r.healChanges, 1);
});

Deno.test("roleFigures() reports a lost leader never replaced before the heal", () => {
  const periods = partitionPeriods(history([...cut, ...heal]), NODES);
  const r = roleFigures([role(0, "n0", "leader", 1)], periods);
  assert.equal(r.lostLeaders, 1);
  assert.equal(r.unreplaced, 1);
  assert.equal(r.worstReplaceMs, null);
  // The leader at the heal is still n0 (term 1), on the minority: not a heal that counts.
  assert.equal(r.heals, 0);
});

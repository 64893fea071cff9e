/**
 * Bench runs of the txn-list-append workload against the fixture nodes of
 * `fixtures/txn_list_append.ts`: the serial node is accepted (with the
 * convergence check), each broken node is rejected by the checks that forbid
 * what it does. Short seeded runs on 2 nodes.
 */
import assert from "node:assert/strict";
import { listAppend } from "./checkers/txn/list_append.ts";
import { type FixtureRunOptions, runFixture } from "./fixtures/mod.ts";
import type { CheckResult } from "./history.ts";

const run = (mode: string, options: Partial<FixtureRunOptions> = {}) =>
  runFixture("txn_list_append", mode, {
    workload: "txn-list-append",
    nodeCount: 2,
    concurrency: 4,
    rate: 200,
    ...options,
  });
const workload = (r: { results?: CheckResult }) => r.results!.workload as CheckResult;
const types = (r: CheckResult) => (r["anomaly-types"] ?? []) as string[];

Deno.test("txn-list-append: a node running every txn serially on n0 is strict-serializable and converges", async () => {
  const r = await run("serial", { checkConvergence: true });
  assert.equal(r.exitCode, 0, JSON.stringify(r.results?.workload).slice(0, 800));
  const txns = r.history.filter((op) => op.f === "txn" && op.type === "ok" && !op.final);
  assert.ok(txns.length > 50, `only ${txns.length} ok txns`);
  assert.ok(
    txns.some((op) => (op.value as unknown[][]).some(([f, , v]) => f === "r" && Array.isArray(v))),
    "no read ever saw a list",
  );
  const conv = workload(r).convergence as CheckResult;
  assert.equal(conv["valid?"], true);
  assert.deepEqual(conv.missing, []);
});

Deno.test("txn-list-append: nodes that never replicate fail the default strict-serializable model and convergence", async () => {
  const r = await run("local", { checkConvergence: true });
  assert.equal(r.exitCode, 1);
  const w = workload(r);
  assert.equal(w["valid?"], false);
  // Each copy orders the appends of a key its own way: reads are not prefixes of one another.
  assert.ok(types(w).includes("incompatible-order"), JSON.stringify(types(w)));
  assert.ok(w.not !== undefined);
  assert.equal((w.convergence as CheckResult)["valid?"], false);
});

Deno.test("txn-list-append: a node keeping the appends of txns it reports aborted fails read-committed with G1a, passes read-uncommitted", async () => {
  const r = await run("aborted", { consistencyModels: ["read-committed"] });
  assert.equal(r.exitCode, 1);
  assert.ok(types(workload(r)).includes("G1a"), JSON.stringify(types(workload(r))));
  assert.ok(r.history.some((op) => op.type === "fail" && op.code === 30));
  assert.equal(listAppend(r.history, { consistencyModels: ["read-uncommitted"] })["valid?"], true);
});

Deno.test("txn-list-append: a node exposing appends before commit fails read-committed", async () => {
  const r = await run("interleaved", { consistencyModels: ["read-committed"] });
  assert.equal(r.exitCode, 1);
  const found = types(workload(r));
  assert.ok(
    found.some((t) => ["G1b", "G1c", "PL-2-cycle-exists"].includes(t)),
    JSON.stringify(found),
  );
});

import assert from "node:assert/strict";
import { defaultOptions } from "../options.ts";
import { store, type StoredRun, type StoreWriter } from "./store.ts";

const run: StoredRun = {
  test: defaultOptions(),
  history: [],
  journal: [],
  bench: {
    seed: 1,
    originWallMs: 0,
    delivery: {} as StoredRun["bench"]["delivery"],
    cpu: { seconds: 0, share: 0 },
    wall: { setup: 0, main: 0, final: 0, analysis: 0, total: 0 },
    ops: 0,
    messages: 0,
  },
  outputErrors: [],
  crashes: [],
};

function recorder(calls: string[]): StoreWriter[] {
  const w = (name: string, kind: StoreWriter["kind"], fail = false): StoreWriter => ({
    name,
    kind,
    write: () => {
      calls.push(name);
      return fail ? Promise.reject(new Error("disk full")) : Promise.resolve();
    },
  });
  return [w("a", "run"), w("b", "run", true), w("c", "analysis"), w("d", "analysis")];
}

Deno.test("store() runs every writer in order and reports a failing one without stopping", async () => {
  const calls: string[] = [], warnings: string[] = [];
  const failed = await store("/nowhere", { ...run, results: { "valid?": true } }, {
    writers: recorder(calls),
    warn: (line) => warnings.push(line),
  });
  assert.deepEqual(calls, ["a", "b", "c", "d"]);
  assert.deepEqual(failed, ["b"]);
  assert.match(warnings[0], /b not written: disk full/);
});

Deno.test("store() skips the analysis writers of a crashed run (no results)", async () => {
  const calls: string[] = [];
  await store("/nowhere", run, { writers: recorder(calls), warn: () => {} });
  assert.deepEqual(calls, ["a", "b"]);
});

Deno.test("store() with kinds [analysis] rewrites only what analysis found", async () => {
  const calls: string[] = [];
  await store("/nowhere", { ...run, results: { "valid?": false } }, {
    writers: recorder(calls),
    kinds: ["analysis"],
  });
  assert.deepEqual(calls, ["c", "d"]);
});

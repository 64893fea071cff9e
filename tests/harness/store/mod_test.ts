import assert from "node:assert/strict";
import { timestamp } from "../store.ts";
import { runStartMs } from "./mod.ts";
import type { StoredRun } from "../phases/store.ts";

Deno.test("run folders are named as Jepsen names them, and their name gives back the start time", () => {
  const date = new Date(Date.UTC(2026, 11, 3, 7, 42, 35, 91));
  const name = timestamp(date);
  assert.match(name, /^\d{8}T\d{6}\.\d{3}(Z|[+-]\d{4})$/);
  const run = { bench: {} } as unknown as StoredRun;
  assert.equal(runStartMs(`store/lin-kv/${name}`, run), date.getTime());
  assert.equal(runStartMs("store/lin-kv/20261203T074235.091Z", run), date.getTime());
  assert.equal(runStartMs("store/lin-kv/20261203T084235.091+0100", run), date.getTime());
  assert.equal(runStartMs("x", { bench: { originWallMs: 5 } } as unknown as StoredRun), 5);
});

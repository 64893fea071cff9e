import assert from "node:assert/strict";
import type { AvailabilityFigures } from "./availability/mod.ts";
import { fixtureBin } from "./fixtures/mod.ts";
import { CONFIGS, formatRow, plan, REFERENCES, runSuite } from "./suite.ts";
import { checkTargets, formatTargets } from "./targets.ts";

Deno.test("the lin-kv matrix has A–D at 3 and 5 nodes, A in both profiles", () => {
  const names = CONFIGS["lin-kv"].map((c) => c.name);
  for (const s of ["B", "C", "D"]) for (const n of [3, 5]) assert.ok(names.includes(`${s} ${n}n`));
  for (const p of ["latency", "frugal"]) {
    for (const n of [3, 5]) assert.ok(names.includes(`A ${n}n ${p}`));
  }
  const frugal = CONFIGS["lin-kv"].find((c) => c.name === "A 5n frugal")!;
  assert.deepEqual(frugal.args.slice(-3), ["--node-count", "5", "frugal"]);
  const c = CONFIGS["lin-kv"].find((c) => c.name === "C 3n")!;
  assert.deepEqual(
    c.args.join(" "),
    "-w lin-kv --concurrency 10n --rate 100 --time-limit 60 --nemesis partition --nemesis-interval 3 --node-count 3",
  );
});

Deno.test("plan() keeps make test short: three lin-kv runs and two txn-list-append runs", () => {
  assert.deepEqual(plan("lin-kv", { short: true }).map((r) => r.label), [
    "A 3n latency",
    "B 5n",
    "C 3n",
  ]);
  assert.deepEqual(plan("txn-list-append", { short: true }).map((r) => r.label), [
    "3n partition",
    "5n",
  ]);
});

Deno.test("plan() puts the reference after each bench configuration that has one, or its anchor", () => {
  const env = REFERENCES["lin-kv"].env;
  const saved = Deno.env.get(env);
  try {
    Deno.env.delete(env);
    const runs = plan("lin-kv", { bench: true });
    const a3 = runs.findIndex((r) => r.label === "A 3n latency seed 1");
    assert.equal(runs[a3 + 1].label, "  raft.rb");
    assert.equal(runs[a3 + 1].bin, "");
    Deno.env.set(env, "/nowhere/raft.rb");
    const measured = plan("lin-kv", { bench: true });
    assert.match(measured[a3 + 1].bin, /tests\/fixtures\/raft_rb\/run\.sh$/);
    // Frugal has no reference row.
    const f = measured.findIndex((r) => r.label === "A 3n frugal seed 1");
    assert.notEqual(measured[f + 1]?.label, "  raft.rb");
  } finally {
    if (saved === undefined) Deno.env.delete(env);
    else Deno.env.set(env, saved);
  }
});

Deno.test("plan() runs every configuration once per seed with --seeds, and --only selects by prefix", () => {
  const runs = plan("lin-kv", { seeds: [4, 5], only: ["B", "D 5n"] });
  assert.deepEqual(runs.map((r) => r.label), [
    "B 3n seed 4",
    "B 3n seed 5",
    "B 5n seed 4",
    "B 5n seed 5",
    "D 5n seed 4",
    "D 5n seed 5",
  ]);
  // The real Maelstrom has no seeds: the same count of runs, told apart by number.
  const real = plan("lin-kv", { seeds: [4, 5], only: ["D 5n"], maelstrom: "maelstrom" });
  assert.deepEqual(real.map((r) => r.label), ["D 5n run 1", "D 5n run 2"]);
});

Deno.test("lin-kv rows check issue 11's targets on the figures the suite adds", () => {
  const linKv = CONFIGS["lin-kv"].find((c) => c.name === "A 3n latency")!;
  const results = {
    "valid?": true,
    net: { servers: { "msgs-per-op": 3.9 } },
    figures: { latency: { p50: 4, p99: 12 }, info: { share: 0 }, answered: 1, checkSeconds: 0.5 },
  };
  const lines = formatTargets(checkTargets(results, linKv.targets!));
  assert.deepEqual(lines, [
    "issue 11: msgs/op 3.90 (≤ 3.5) ✗, p50 4.0 ms (≤ 10) ✓, p99 12.0 ms (≤ 30) ✓, " +
    ":info 0.00 % (≤ 1) ✓, answered 100.0 %, check 0.50 s",
  ]);
  const b5 = CONFIGS["lin-kv"].find((c) => c.name === "B 5n")!;
  const checks = checkTargets(
    { figures: { answered: 0.7, roles: { firstLeaderMs: 300, unreplaced: 0, healChanges: 1 } } },
    b5.targets!,
  );
  const by = (f: string) => checks.find((c) => c.target.figure === f)!;
  assert.equal(by("answered").pass, false);
  assert.equal(by("first-leader").pass, true);
  assert.equal(by("heal-changes").pass, false);
  // No leader was cut off: nothing to judge, and not a miss.
  assert.equal(by("leader-replaced").informational, true);
});

Deno.test("formatRow() prints an anchor row as published figures", () => {
  assert.equal(
    formatRow({ config: "  raft.rb", valid: "unknown", latency: "", anchor: "published: x" }),
    "  raft.rb            published: x",
  );
});

Deno.test("runSuite() adds availability and leader figures from the history and node logs", async () => {
  const store = await Deno.makeTempDir({ prefix: "suite-test-" });
  const rows = await runSuite("lin-kv", {
    short: true,
    only: ["B 5n"],
    bin: await fixtureBin("roles"),
    extra: ["--store", store, "--seed", "3"],
  });
  assert.equal(rows.length, 1);
  assert.equal(rows[0].valid, true);
  const f = (rows[0].results as { figures: AvailabilityFigures }).figures;
  assert.equal(f.answered, 1);
  assert.ok(f.majority.partitions >= 1, "a partition in a 5 s B run (the first starts at once)");
  // n0 logged leadership at init, just before the history's time 0.
  assert.equal(f.roles?.elections, 1);
  assert.ok(Math.abs(f.roles!.firstLeaderMs!) < 2000, String(f.roles!.firstLeaderMs));
  const shown = rows[0].targets!.map((t) => t.target.figure);
  assert.ok(shown.includes("first-leader") && shown.includes("majority-worst"));
  await Deno.remove(store, { recursive: true });
});

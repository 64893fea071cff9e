/**
 * Bench runs of challenge 6 (txn-rw-register): our node is accepted in the
 * challenge's configurations (with our convergence check), and the broken
 * fixtures under `tests/fixtures/txn/` (and the ladder's first rung,
 * `challenges/txn/steps/1-forward.ts`) are rejected exactly by the models or
 * checks that forbid what they do. Short runs with fixed seeds.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { txnRwRegister } from "./harness/checkers/txn/rw_register.ts";
import { parseTestArgs } from "./harness/cli.ts";
import type { Op } from "./harness/history.ts";
import { runTest } from "./harness/run.ts";

const root = fileURLToPath(new URL("../", import.meta.url));
const store = Deno.makeTempDirSync({ prefix: "txn-test-store-" });

/** An executable that runs a fixture with this deno. */
function fixture(name: string): string {
  const path = `${Deno.makeTempDirSync()}/${name}`;
  Deno.writeTextFileSync(
    path,
    `#!/bin/sh\nexec "${Deno.execPath()}" run --quiet --no-prompt --no-check ${root}tests/fixtures/txn/${name}.ts "$@"\n`,
  );
  Deno.chmodSync(path, 0o755);
  return path;
}

async function bench(bin: string, args: string) {
  const opts = parseTestArgs([
    "-w",
    "txn-rw-register",
    "--bin",
    bin,
    "--rate",
    "500",
    "--concurrency",
    "2n",
    "--seed",
    "7",
    "--recovery",
    "2",
    "--store",
    store,
    "--quiet",
    ...args.split(" "),
  ]);
  return await runTest(opts);
}

const recheck = (history: Op[], model: string) =>
  txnRwRegister(history, { consistencyModels: [model] });
const types = (r: Record<string, unknown> | undefined) => (r?.["anomaly-types"] ?? []) as string[];

Deno.test("dist/txn is valid under read-committed, total availability and partitions, and converges", async () => {
  const r = await bench(
    `${root}dist/txn`,
    "--node-count 2 --time-limit 4 --consistency-models read-committed --availability total --nemesis partition --check-convergence",
  );
  deepStrictEqual(r.valid, true, JSON.stringify(r.results?.workload).slice(0, 500));
  const conv = (r.results?.workload as Record<string, Record<string, unknown>>).convergence;
  deepStrictEqual(conv["valid?"], true);
  ok((conv["key-count"] as number) > 0);
});

Deno.test("dist/txn is valid on 3 nodes under read-committed with partitions, and converges", async () => {
  const r = await bench(
    `${root}dist/txn`,
    "--node-count 3 --time-limit 4 --consistency-models read-committed --availability total --nemesis partition --nemesis-interval 1 --check-convergence",
  );
  deepStrictEqual(r.valid, true, JSON.stringify(r.results?.workload).slice(0, 500));
});

Deno.test("a node exposing intermediate writes fails read-committed with G1b, passes read-uncommitted", async () => {
  const r = await bench(
    fixture("intermediate_write"),
    "--node-count 1 --time-limit 3 --consistency-models read-committed",
  );
  deepStrictEqual(r.valid, false);
  ok(types(r.results?.workload as Record<string, unknown>).includes("G1b"));
  deepStrictEqual(recheck(r.history, "read-uncommitted")["valid?"], true);
});

Deno.test("a node that applies txns it reports aborted fails read-committed with G1a, passes read-uncommitted", async () => {
  const r = await bench(
    fixture("aborted_read"),
    "--node-count 1 --time-limit 3 --consistency-models read-committed",
  );
  deepStrictEqual(r.valid, false);
  ok(types(r.results?.workload as Record<string, unknown>).includes("G1a"));
  deepStrictEqual(recheck(r.history, "read-uncommitted")["valid?"], true);
});

Deno.test("a node forwarding everything to n0 is consistent but fails total availability under partitions", async () => {
  const r = await bench(
    // The first rung of challenge 6's ladder (challenges/txn/steps/), built by `make build`.
    `${root}dist/steps/txn/1-forward`,
    // Seed 3 draws "one" first: n0 and n1 are cut apart from the start for ~3.8 s.
    "--node-count 2 --time-limit 4 --consistency-models read-committed --availability total --nemesis partition --nemesis-interval 2 --seed 3",
  );
  const cut = r.history.some((op) =>
    op.process === "nemesis" && Array.isArray(op.value) &&
    Object.values(op.value[1] as Record<string, string[]>).some((dropped) => dropped.length > 0)
  );
  ok(cut, "the nemesis never cut the network: pick a seed that does");
  deepStrictEqual(r.valid, false);
  deepStrictEqual((r.results?.workload as Record<string, unknown>)["valid?"], true);
  deepStrictEqual((r.results?.availability as Record<string, unknown>)["valid?"], false);
});

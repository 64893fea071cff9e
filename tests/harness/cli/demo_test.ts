import assert from "node:assert/strict";
import { DEMOS, overrides } from "./demo.ts";

const demo = (workload: string) => DEMOS.find((d) => d.workload === workload)!;

Deno.test("demo says on screen which options a workload's demo sets in place of the given ones", () => {
  assert.equal(overrides(demo("echo")), "");
  assert.equal(overrides(demo("lin-kv")), " (demo's own: concurrency 10)");
  assert.equal(
    overrides(demo("unique-ids")),
    " (demo's own: nemesis partition, availability total, rate 1000)",
  );
  assert.match(overrides(demo("txn-rw-register")), /consistency-models read-committed/);
});

import assert from "node:assert/strict";
import { Network } from "../network.ts";
import { Random } from "../random.ts";
import { linKv } from "./lin_kv.ts";
import { linTso } from "./lin_tso.ts";
import { lwwKv } from "./lww_kv.ts";
import { defaultServices, startServices } from "./mod.ts";
import { seqKv } from "./seq_kv.ts";

Deno.test("lin-kv cas: 20 on a missing key, creates with create_if_not_exists, 22 on mismatch", () => {
  const kv = linKv();
  assert.equal(kv.handle("n0", { type: "cas", key: "k", from: 1, to: 2 })!.code, 20);
  assert.deepEqual(
    kv.handle("n0", { type: "cas", key: "k", from: 9, to: 2, create_if_not_exists: true }),
    { type: "cas_ok" },
  );
  assert.deepEqual(kv.handle("n0", { type: "cas", key: "k", from: 1, to: 3 }), {
    type: "error",
    code: 22,
    text: "current value 2 is not 1",
  });
  assert.deepEqual(kv.handle("n0", { type: "read", key: "k" }), { type: "read_ok", value: 2 });
});

Deno.test('KV keys and values compare as structural JSON: "1" and 1 are different keys', () => {
  const kv = linKv();
  kv.handle("n0", { type: "write", key: "1", value: { a: [1, 2] } });
  assert.equal(kv.handle("n0", { type: "read", key: 1 })!.code, 20);
  assert.deepEqual(kv.handle("n0", { type: "cas", key: "1", from: { a: [1, 2] }, to: 0 }), {
    type: "cas_ok",
  });
});

Deno.test("seq-kv serves a read from a version no older than the sender last saw", () => {
  const kv = seqKv(new Random(3));
  for (let v = 1; v <= 20; v++) kv.handle("n0", { type: "write", key: "x", value: v });
  let last = 0;
  let stale = 0;
  for (let i = 0; i < 200; i++) {
    const r = kv.handle("n1", { type: "read", key: "x" })!;
    const v = r.type === "error" ? 0 : r.value as number;
    assert.ok(v >= last, `read ${v} after ${last}`);
    if (v < 20) stale++;
    last = v;
  }
  assert.ok(stale > 0, "a fresh sender sees stale versions first");
  assert.equal(last, 20);
});

Deno.test("seq-kv applies writes to the newest version and pins the writer to it", () => {
  const kv = seqKv(new Random(4));
  kv.handle("n0", { type: "write", key: "x", value: 1 });
  kv.handle("n1", { type: "write", key: "x", value: 2 });
  for (let i = 0; i < 20; i++) {
    assert.deepEqual(kv.handle("n1", { type: "read", key: "x" }), { type: "read_ok", value: 2 });
  }
});

Deno.test("seq-kv wraps around its 32-version ring for senders lagging by more than 32 versions", () => {
  const kv = seqKv(new Random(5));
  for (let v = 1; v <= 200; v++) kv.handle("n0", { type: "write", key: "x", value: v });
  const reads: number[] = [];
  for (let i = 0; i < 6; i++) {
    reads.push(kv.handle("n1", { type: "read", key: "x" })!.value as number);
  }
  // Modular lookup: never error 20, values from the last 32, not monotonic.
  assert.ok(reads.every((v) => v > 168 && v <= 200), String(reads));
});

Deno.test("lww-kv keeps two replicas that never converge", () => {
  const kv = lwwKv(new Random(6));
  kv.handle("n0", { type: "write", key: "a", value: 1 });
  const codes = new Set<unknown>();
  for (let i = 0; i < 50; i++) codes.add(kv.handle("n0", { type: "read", key: "a" })!.type);
  assert.deepEqual([...codes].sort(), ["error", "read_ok"]);
  assert.equal(
    kv.handle("n0", { type: "cas", key: "zz", from: 1, to: 2, create_if_not_exists: true })!.code,
    20,
  );
});

Deno.test("lin-tso counts from 0", () => {
  const tso = linTso();
  assert.deepEqual([0, 1, 2].map(() => tso.handle("n0", { type: "ts" })!.ts), [0, 1, 2]);
});

Deno.test("services reply with in_reply_to (null without msg_id) and ignore unknown types", async () => {
  const net = new Network({ latency: { mean: 0, dist: "constant" } });
  const errors: unknown[] = [];
  startServices(net, defaultServices(new Random(1)), { onError: (s) => errors.push(s) });
  const got: unknown[] = [];
  net.register("n0", (ms) => void got.push(...ms.map((m) => m.body)));
  net.send("n0", "lin-tso", { type: "ts", msg_id: 7 });
  net.send("n0", "lin-kv", { type: "write", key: 1, value: 2 });
  net.send("n0", "lin-tso", { type: "bogus", msg_id: 8 });
  await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(got, [
    { type: "ts_ok", ts: 0, in_reply_to: 7 },
    { type: "write_ok", in_reply_to: null },
  ]);
  assert.deepEqual(errors, ["lin-tso"]);
  net.close();
});

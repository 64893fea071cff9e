import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { KvStore } from "./store.ts";

Deno.test("a write sets a register; a read gives it back", () => {
  const kv = new KvStore();
  assertEquals(kv.apply({ f: "write", key: 1, value: 3 }), { type: "write_ok" });
  assertEquals(kv.query({ key: 1 }), { type: "read_ok", value: 3 });
});

Deno.test("a read or cas of a missing key is error 20, and the cas creates nothing", () => {
  const kv = new KvStore();
  assertEquals(kv.query({ key: 7 }).code, 20);
  assertEquals(kv.apply({ f: "cas", key: 7, from: 0, to: 1 }).code, 20);
  assertEquals(kv.query({ key: 7 }).code, 20);
});

Deno.test("a cas applies only when `from` matches; otherwise error 22 and no change", () => {
  const kv = new KvStore();
  kv.apply({ f: "write", key: 1, value: 3 });
  assertEquals(kv.apply({ f: "cas", key: 1, from: 4, to: 5 }), {
    type: "error",
    code: 22,
    text: "current value 3 is not 4",
  });
  assertEquals(kv.apply({ f: "cas", key: 1, from: 3, to: 5 }), { type: "cas_ok" });
  assertEquals(kv.query({ key: 1 }), { type: "read_ok", value: 5 });
});

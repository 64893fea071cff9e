import assert from "node:assert/strict";
import { history, journal, type Row } from "./_testing.ts";
import { involvesClient, net } from "./net.ts";

Deno.test("net() splits events into clients and servers and divides by client invocations", () => {
  const j = journal([
    ["send", -5, 0, "c0", "n0", { type: "init" }],
    ["recv", -5, 0, "c0", "n0", { type: "init" }],
    ["send", 1, 1, "c2", "n0", { type: "read" }],
    ["recv", 1, 1, "c2", "n0", { type: "read" }],
    ["send", 2, 2, "n0", "seq-kv", { type: "read", key: "x" }],
    ["recv", 2, 2, "n0", "seq-kv", { type: "read", key: "x" }],
    ["send", 3, 3, "seq-kv", "n0", { type: "read_ok", value: 1 }],
    ["send", 4, 4, "n0", "n1", { type: "gossip" }], // dropped by a partition
    ["recv", 5, 3, "seq-kv", "n0", { type: "read_ok", value: 1 }],
    ["send", 6, 5, "n0", "c2", { type: "read_ok", value: 1 }],
    ["recv", 6, 5, "n0", "c2", { type: "read_ok", value: 1 }],
  ]);
  const h = history([
    [0, "info", "nemesis", "start-partition", "one"],
    [1, "invoke", 0, "read", null],
    [6, "ok", 0, "read", 1],
    [7, "invoke", 0, "read", null],
    [8, "fail", 0, "read", null],
    [9, "invoke", 0, "read", null, { final: true }],
    [9, "info", "nemesis", "stop-partition", null],
  ]);
  assert.deepEqual(net(j, h), {
    all: { "send-count": 6, "recv-count": 5, "msg-count": 6, "msgs-per-op": 2 },
    clients: { "send-count": 3, "recv-count": 3, "msg-count": 3 },
    servers: { "send-count": 3, "recv-count": 2, "msg-count": 3, "msgs-per-op": 1 },
    "valid?": true,
  });
});

Deno.test("net() reports msgs-per-op as a 32-bit float like results.edn", () => {
  // Maelstrom's net checker divides with Clojure's (float …), a 32-bit float:
  // 178 messages over 34 ops → (float 178/34) = 5.2352943; 102 → 3.
  const rows: Row[] = [];
  for (let i = 0; i < 34; i++) rows.push([i, "invoke", 0, "read", null], [i, "ok", 0, "read", 1]);
  const j = journal(
    Array.from({ length: 178 }, (_, id) => ["send", id, id, id < 76 ? "c1" : "n0", "n1"] as const),
  );
  const r = net(j, history(rows));
  assert.equal((r.all as Record<string, number>)["msgs-per-op"], 5.2352943);
  assert.equal((r.servers as Record<string, number>)["msgs-per-op"], 3);
});

Deno.test("net() has no msgs-per-op without client ops", () => {
  const r = net(journal([["send", 0, 0, "n0", "n1"], ["recv", 1, 0, "n0", "n1"]]), []);
  assert.deepEqual(r.all, { "send-count": 1, "recv-count": 1, "msg-count": 1 });
  assert.deepEqual(r.servers, { "send-count": 1, "recv-count": 1, "msg-count": 1 });
});

Deno.test("involvesClient() looks at the first letter of src and dest", () => {
  assert.equal(involvesClient({ src: "n1", dest: "c12" }), true);
  assert.equal(involvesClient({ src: "lin-kv", dest: "n1" }), false);
});

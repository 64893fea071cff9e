import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { linearizableKv } from "../checkers/linearizable.ts";
import { explain } from "./mod.ts";
import { byTime, partitionRows, TEST3 } from "./_testing.ts";

function account(rows: Row[], test = { ...TEST3, nemesis: [] as string[] }) {
  const h = history(byTime(rows));
  const results = { "valid?": false as const, workload: linearizableKv(h) };
  const out = explain({ results, history: h, test: { ...test, workload: "lin-kv" } });
  assert.equal(out[0].kind, "not-linearizable");
  return out[0];
}

Deno.test("a read of a value written only later names the read, the write and the times", () => {
  const e = account([
    [4100, "invoke", 0, "read", [3, null]],
    [4120, "ok", 0, "read", [3, 2]],
    [4300, "invoke", 1, "write", [3, 2]],
    [4310, "ok", 1, "write", [3, 2]],
  ]);
  assert.equal(
    e.text,
    "1 key of 1 cannot be linearized; the first: key 3: n1 read 2 at 4.100–4.120 s, but the only write of 2 began later (n2 write 2 at 4.300 s), after this read had returned; while it was open key 3 could only hold null.\n  No other op on key 3 was open then.",
  );
  assert.deepEqual(e.at, { time: 4.1, node: "n1" });
});

Deno.test("a read of a value nobody wrote says so", () => {
  const e = account([[0, "invoke", 0, "read", [1, null]], [5, "ok", 0, "read", [1, 9]]]);
  assert.match(
    e.text,
    /key 1: n1 read 9 at 0\.000–0\.005 s, but no operation ever wrote 9 to key 1;/,
  );
});

Deno.test("a stale read names the write it returned and the write that had overwritten it, with the partition", () => {
  const e = account([
    ...partitionRows(0, 5000, [["n1"], ["n2", "n3"]]),
    [0, "invoke", 1, "write", [3, 1]],
    [10, "ok", 1, "write", [3, 1]],
    [20, "invoke", 2, "write", [3, 2]],
    [30, "ok", 2, "write", [3, 2]],
    [40, "invoke", 0, "read", [3, null]],
    [45, "invoke", 1, "cas", [3, [2, 4]]],
    [50, "ok", 0, "read", [3, 1]],
    [60, "fail", 1, "cas", [3, [2, 4]]],
  ], TEST3);
  assert.equal(
    e.text,
    "1 key of 1 cannot be linearized; the first: key 3: n1 read 1 at 0.040–0.050 s, but 1 was stale: n2 write 1 finished at 0.010 s, then n3 write 2 (0.020–0.030 s, ok) overwrote it before this read began; while it was open key 3 could only hold 2.\n  Also open then: n2 cas 2→4 (0.045–0.060 s, failed).\n  While it was open, n1 was cut off from n2, n3 from 0.00 s to 5.00 s.",
  );
});

Deno.test("a cas from a value the register could not hold names the values it could", () => {
  const e = account([
    [0, "invoke", 1, "write", [0, 1]],
    [10, "ok", 1, "write", [0, 1]],
    [20, "invoke", 2, "write", [0, 2]],
    [30, "ok", 2, "write", [0, 2]],
    [40, "invoke", 0, "cas", [0, [1, 3]]],
    [50, "ok", 0, "cas", [0, [1, 3]]],
  ]);
  assert.match(
    e.text,
    /key 0: n1 cas from 1 to 3 succeeded at 0\.040–0\.050 s, but 1 was stale: .*; while it was open key 0 could only hold 2\./,
  );
});

Deno.test("when no simple reason holds, the account gives the values the register could hold", () => {
  const e = account([
    [0, "invoke", 1, "write", [0, 1]],
    [5, "invoke", 2, "write", [0, 2]],
    [10, "ok", 1, "write", [0, 1]],
    [30, "ok", 2, "write", [0, 2]],
    [35, "invoke", 0, "read", [0, null]],
    [40, "ok", 0, "read", [0, 2]],
    [45, "invoke", 0, "read", [0, null]],
    [50, "ok", 0, "read", [0, 1]],
  ]);
  assert.match(
    e.text,
    /key 0: n1 read 1 at 0\.045–0\.050 s, but while it was open key 0 could only hold 2\.\n {2}No other op/,
  );
});

Deno.test("a key the checker could not decide is explained with its reason", () => {
  const h = history([
    [0, "invoke", 0, "write", [5, 1]],
    [10, "ok", 0, "write", [5, 1]],
    [20, "invoke", 1, "read", [5, null]],
    [30, "ok", 1, "read", [5, 1]],
  ]);
  const results = { "valid?": "unknown" as const, workload: linearizableKv(h, { budget: 0 }) };
  const out = explain({ results, history: h, test: { ...TEST3, workload: "lin-kv" } });
  assert.equal(out[0].kind, "undecided");
  assert.match(
    out[0].text,
    /^the checker could not decide 1 key \(5\); key 5: .+\. The search grows with the ops open at once/,
  );
});

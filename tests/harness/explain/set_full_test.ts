import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { setFull } from "../checkers/set_full.ts";
import { explain } from "./mod.ts";
import { byTime, partitionRows, TEST3 } from "./_testing.ts";

/** Process p talks to n(p+1). Value 1 reaches everyone; 37 stays on n3, cut off 0.1–5 s. */
function run(extra: Row[] = []) {
  const h = history(byTime([
    ...partitionRows(100, 5000, [["n3"], ["n1", "n2"]]),
    [50, "invoke", 0, "broadcast", 1],
    [60, "ok", 0, "broadcast", 1],
    [2300, "invoke", 2, "broadcast", 37],
    [2310, "ok", 2, "broadcast", 37],
    [3000, "invoke", 0, "read", null],
    [3010, "ok", 0, "read", [1]],
    [3100, "invoke", 1, "read", null],
    [3110, "ok", 1, "read", [1]],
    [3200, "invoke", 2, "read", null],
    [3210, "ok", 2, "read", [1, 37]],
    [6000, "invoke", 0, "read", null, { final: true }],
    [6010, "ok", 0, "read", [1], { final: true }],
    [6000, "invoke", 1, "read", null, { final: true }],
    [6020, "ok", 1, "read", [1], { final: true }],
    [5990, "invoke", 2, "read", null, { final: true }],
    [6030, "ok", 2, "read", [1, 37], { final: true }],
    ...extra,
  ]));
  const results = { "valid?": false as const, workload: setFull(h, { addF: "broadcast" }) };
  return explain({ results, history: h, test: { ...TEST3, workload: "broadcast" } });
}

Deno.test("a lost broadcast names its value, the node that acknowledged it, when, who missed it and the partition", () => {
  const [lost] = run();
  assert.equal(lost.kind, "lost");
  assert.equal(lost.severity, "invalid");
  assert.equal(
    lost.text,
    "1 value of 2 lost; the first: value 37 was acknowledged by n3 at 2.31 s; it never appeared in a read on n1 and n2 after that (4 reads missed it, the last at 6.00 s, a final read); only n3 still returned it at the end. At 2.31 s n3 was cut off from n1, n2 from 0.10 s to 5.00 s.",
  );
  assert.deepEqual(lost.at, { time: 2.31, node: "n3" });
});

Deno.test("a lost value that a node returned and then dropped says when that node last had it", () => {
  const [lost] = run([[3500, "invoke", 0, "read", null], [3510, "ok", 0, "read", [1, 37]]]);
  assert.match(
    lost.text,
    /never appeared in a read on n2 after that \(2 reads missed it, the last at 6\.00 s, a final read\); n1 returned it at 3\.51 s but not in its later read at 6\.00 s; only n3/,
  );
});

Deno.test("the slowest stale value is a note naming the read that still missed it", () => {
  const h = history([
    [0, "invoke", 0, "broadcast", 5],
    [10, "ok", 0, "broadcast", 5],
    [20, "invoke", 1, "read", null],
    [30, "ok", 1, "read", []],
    [1500, "invoke", 1, "read", null],
    [1510, "ok", 1, "read", [5]],
  ]);
  const results = { "valid?": true as const, workload: setFull(h, { addF: "broadcast" }) };
  const [stale] = explain({ results, history: h, test: { ...TEST3, workload: "broadcast" } });
  assert.equal(stale.severity, "note");
  assert.equal(
    stale.text,
    "1 value showed up late (allowed); the slowest: value 5 was acknowledged by n1 at 0.01 s, but a read on n2 at 0.02 s still missed it (0.01 s later). At 0.01 s no partition was in force.",
  );
});

Deno.test("a set-full run in which nothing was ever read back is explained as undecidable", () => {
  const h = history([[0, "invoke", 0, "add", 5], [10, "ok", 0, "add", 5]]);
  const results = { "valid?": "unknown" as const, workload: setFull(h) };
  const out = explain({ results, history: h, test: { ...TEST3, workload: "g-set" } });
  assert.deepEqual(out.map((e) => [e.kind, e.severity]), [
    ["nothing-stable", "unknown"],
    ["never-read", "note"],
  ]);
  assert.match(out[1].text, /value 5: acknowledged by n1 at 0\.01 s, but no read began after that/);
});

import assert from "node:assert/strict";
import { pr } from "./edn.ts";
import { ednOp, ednResults, valueStyle } from "./ednify.ts";
import { history } from "../checkers/_testing.ts";

Deno.test("ops print as Maelstrom's history: keyword type and f, :error keywords, :final?, no bench-only code", () => {
  const [inv, fail, timeout, final] = history([
    [0, "invoke", 0, "read", [0, null]],
    [1, "fail", 0, "read", [0, null], {
      error: ["key-does-not-exist", "key does not exist"],
      code: 20,
    }],
    [2, "info", 1, "write", [1, 3], { error: "net-timeout" }],
    [3, "invoke", 2, "read", null, { final: true }],
  ]);
  const s = valueStyle("lin-kv");
  assert.equal(
    pr(ednOp(inv, s)),
    "{:index 0, :time 0, :type :invoke, :process 0, :f :read, :value [0 nil]}",
  );
  assert.equal(
    pr(ednOp(fail, s)),
    '{:index 1, :time 1000000, :type :fail, :process 0, :f :read, :value [0 nil], :error [:key-does-not-exist "key does not exist"]}',
  );
  assert.match(pr(ednOp(timeout, s)), /:error :net-timeout}$/);
  assert.match(pr(ednOp(final, s)), /:value nil, :final\? true}$/);
});

Deno.test("txn and kafka micro-ops start with a keyword; kafka keys stay strings; the nemesis's grudge is a map of sets", () => {
  const [txn, send, poll, nem] = history([
    [0, "ok", 0, "txn", [["r", 7, [1, 2]], ["append", 6, 1]]],
    [1, "ok", 1, "send", [["send", "7", [0, 1]]]],
    [2, "ok", 1, "poll", [["poll", { "7": [[0, 1]] }]]],
    [3, "info", "nemesis", "start-partition", ["isolated", { n1: ["n2"], n2: ["n1"] }]],
  ]);
  assert.match(
    pr(ednOp(txn, valueStyle("txn-list-append"))),
    /:value \[\[:r 7 \[1 2\]\] \[:append 6 1\]\]}/,
  );
  assert.match(pr(ednOp(send, valueStyle("kafka"))), /:value \[\[:send "7" \[0 1\]\]\]}/);
  assert.match(pr(ednOp(poll, valueStyle("kafka"))), /:value \[\[:poll \{"7" \[\[0 1\]\]\}\]\]}/);
  assert.match(
    pr(ednOp(nem, valueStyle("broadcast"))),
    /:process :nemesis, :f :start-partition, :value \[:isolated \{"n1" #\{"n2"\}, "n2" #\{"n1"\}\}\]}/,
  );
});

Deno.test("results: :unknown, integer keys for lin-kv, float msgs-per-op, ops as Jepsen records, anomaly names as keywords", () => {
  const r = ednResults({
    "valid?": "unknown",
    net: { all: { "msgs-per-op": 2 } },
    workload: {
      results: { "0": { "valid?": true } },
      "stable-latencies": { "0": 0, "0.5": 37 },
      "anomaly-types": ["G1c"],
      not: ["read-committed"],
      op: { index: 3, time: 5, type: "ok", process: 1, f: "read", value: 2 },
    },
  }, "lin-kv");
  assert.equal(
    pr(r),
    "{:valid? :unknown, :net {:all {:msgs-per-op 2.0}}, :workload {:results {0 {:valid? true}}, " +
      ":stable-latencies {0 0, 0.5 37}, :anomaly-types [:G1c], :not #{:read-committed}, " +
      ":op #jepsen.history.Op{:index 3, :time 5, :type :ok, :process 1, :f :read, :value 2}}}",
  );
});

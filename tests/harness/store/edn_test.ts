// deno-lint-ignore-file no-explicit-any -- parsed EDN is untyped; the assertions walk into it.
import assert from "node:assert/strict";
import { parseEdn } from "../edn.ts";
import {
  Double,
  EdnList,
  EdnMap,
  EdnSet,
  kw,
  pprint,
  pprintClojure,
  pr,
  printDouble,
  printPlain,
  Tagged,
} from "./edn.ts";

Deno.test("pr() prints keywords, nil, strings, sets, lists, tagged maps and any-keyed maps as Clojure", () => {
  assert.equal(
    pr({ type: kw("fail"), value: [0, null], error: [kw("timeout"), 'say "hi"\n'] }),
    '{:type :fail, :value [0 nil], :error [:timeout "say \\"hi\\"\\n"]}',
  );
  assert.equal(pr(new EdnSet(["n1", kw("a")])), '#{"n1" :a}');
  assert.equal(pr(new EdnList([1, 2])), "(1 2)");
  assert.equal(pr(new EdnMap([[0, { a: true }], [0.5, 3]])), "{0 {:a true}, 0.5 3}");
  assert.equal(pr(new Tagged("jepsen.history.Op", { index: 1 })), "#jepsen.history.Op{:index 1}");
});

Deno.test("doubles always show a decimal point, and switch to E notation as Java's Double.toString", () => {
  assert.equal(printDouble(2), "2.0");
  assert.equal(printDouble(0.7368421), "0.7368421");
  assert.equal(printDouble(1e7), "1.0E7");
  assert.equal(printDouble(0.0001), "1.0E-4");
  assert.equal(pr(new Double(1)), "1.0");
  assert.equal(pr(1.5), "1.5");
});

Deno.test("printPlain() prints strings unquoted even inside collections, as Clojure's print", () => {
  assert.equal(
    printPlain([kw("key-does-not-exist"), "key does not exist"]),
    "[:key-does-not-exist key does not exist]",
  );
});

Deno.test("pprint() keeps a fitting map on one line and breaks a long one at every entry, aligned as fipp", () => {
  assert.equal(pprint({ a: 1, b: { c: [1, 2] } }), "{:a 1, :b {:c [1 2]}}");
  const r = {
    perf: { "latency-graph": { "valid?": true }, "rate-graph": { "valid?": true }, "valid?": true },
    timeline: { "valid?": true },
  };
  assert.equal(
    pprint(r),
    "{:perf {:latency-graph {:valid? true},\n        :rate-graph {:valid? true},\n        :valid? true},\n :timeline {:valid? true}}",
  );
});

Deno.test("pprintClojure() puts a map value that does not fit under its key, as clojure.pprint", () => {
  const text = pprintClojure({
    linearizable: {
      "valid?": true,
      analyzer: kw("jit"),
      "op-count": 61,
      "state-count": 24,
      x: "y",
    },
  });
  assert.equal(text.split("\n")[0], "{:linearizable");
  assert.match(text.split("\n")[1], /^ \{:valid\? true/);
});

Deno.test("everything pprint writes reads back with the EDN reader", () => {
  const value = {
    "valid?": kw("unknown"),
    results: new EdnMap([[0, {
      "valid?": false,
      op: new Tagged("jepsen.history.Op", { index: 3, f: kw("read") }),
    }]]),
    not: new EdnSet([kw("read-committed")]),
    lost: new EdnList([1, 2, 3]),
    "msgs-per-op": new Double(2),
    text: 'a "quoted" \\ line\nand more',
  };
  for (const text of [pprint(value), pprintClojure(value), pr(value)]) {
    const back = parseEdn(text) as Record<string, any>;
    assert.equal(back["valid?"], "unknown");
    assert.equal(back.results["0"].op.f, "read");
    assert.deepEqual(back.not, ["read-committed"]);
    assert.deepEqual(back.lost, [1, 2, 3]);
    assert.equal(back["msgs-per-op"], 2);
    assert.equal(back.text, value.text);
  }
});

import assert from "node:assert/strict";
import { edn } from "./_edn.ts";

Deno.test("edn() prints parsed JSON like Clojure's pr-str with keyword keys", () => {
  assert.equal(
    edn({ type: "txn", txn: [["r", 1, null]], ok: true }),
    '{:type "txn", :txn [["r" 1 nil]], :ok true}',
  );
  assert.equal(edn({}), "{}");
  assert.equal(edn(null), "nil");
});

Deno.test("edn() stops early at its limit and ends with an ellipsis", () => {
  const out = edn({ messages: [...Array(100_000).keys()] }, 20);
  assert.equal(out, "{:messages [0 1 2 3…");
  assert.equal(out.length, 20);
});

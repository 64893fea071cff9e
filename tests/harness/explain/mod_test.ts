import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { uniqueIds } from "../checkers/unique_ids.ts";
import { explain, type Explanation, formatAccount } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

const note: Explanation = {
  checker: "x",
  kind: "stale",
  count: 1,
  severity: "note",
  text: "late.",
};
const bad: Explanation = {
  checker: "workload",
  kind: "lost",
  count: 2,
  severity: "invalid",
  text:
    "value 1 was acknowledged by n1 at 0.10 s and never read again by anyone at all.\n  Second line.",
};

Deno.test("a valid run has nothing to explain and no account", () => {
  const h = history([[0, "invoke", 0, "generate", null], [1, "ok", 0, "generate", 1]]);
  const results = { "valid?": true as const, workload: uniqueIds(h) };
  const out = explain({ results, history: h, test: { ...TEST3, workload: "unique-ids" } });
  assert.deepEqual(out, []);
  assert.equal(formatAccount(out), "");
  assert.equal(formatAccount([note]), "");
  assert.match(formatAccount([note], { notesAlone: true }), /- stale \(note\): late\./);
});

Deno.test("formatAccount() lists one bullet per kind, wrapped with a hanging indent", () => {
  const text = formatAccount([bad, note], { width: 40 });
  assert.equal(
    text,
    [
      "What went wrong (the first case of each kind; times in s since the start):",
      "- lost: value 1 was acknowledged by n1",
      "    at 0.10 s and never read again by",
      "    anyone at all.",
      "      Second line.",
      "- stale (note): late.",
    ].join("\n"),
  );
});

Deno.test("an explainer that throws becomes a note, and the invalid checker is still named", () => {
  const results = {
    "valid?": false as const,
    workload: {
      "valid?": false,
      results: { "3": { linearizable: { op: { index: 99 } } } },
      failures: [3],
    },
  };
  const out = explain({ results, history: [], test: { ...TEST3, workload: "lin-kv" } });
  assert.deepEqual(out.map((e) => [e.kind, e.severity]), [
    ["invalid", "invalid"],
    ["explainer-error", "note"],
  ]);
  assert.equal(
    out[0].text,
    'the workload checker found the run invalid (see results.json, key "workload").',
  );
});

Deno.test("explanations come invalid first, then unknown, then notes", () => {
  const h = history([
    [0, "invoke", 0, "generate", null],
    [1, "ok", 0, "generate", 1],
    [2, "invoke", 1, "generate", null],
    [3, "ok", 1, "generate", 1],
  ]);
  const results = {
    "valid?": false as const,
    exceptions: { "valid?": true, exceptions: [{ count: 1, class: "E", example: h[1] }] },
    latency: { "valid?": "unknown", error: "boom" },
    workload: uniqueIds(h),
  };
  const out = explain({ results, history: h, test: { ...TEST3, workload: "unique-ids" } });
  assert.deepEqual(out.map((e) => e.severity), ["invalid", "unknown", "note"]);
});

Deno.test("formatAccount() never breaks a time from its unit", () => {
  const text = formatAccount([{ ...bad, text: "aaaa bbbb cccc 12.31 s dddd" }], { width: 28 });
  assert.match(text, /\n {4}12\.31 s dddd$/);
});

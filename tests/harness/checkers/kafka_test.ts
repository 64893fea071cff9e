import { deepStrictEqual as assertEquals, ok as assert } from "node:assert";
import { checkKafka, kafkaErrors } from "./kafka.ts";
import type { Op, OpType, Process } from "../history.ts";

type Pair = [number, number];
type Step =
  | ["send", Process, string, number, Pair | OpType]
  | ["poll", Process, Record<string, Pair[]> | OpType]
  | ["assign", Process, string[]]
  | ["invoke", Process, "send" | "poll", string?, number?]
  | ["complete", Process, OpType, "send" | "poll", unknown];

/**
 * Builds a history: `send`/`poll`/`assign` steps are an invocation and its
 * completion back to back; `invoke`/`complete` steps allow overlap. Time is
 * the index in milliseconds (as nanoseconds).
 */
function history(...steps: Step[]): Op[] {
  const ops: Array<Omit<Op, "index" | "time">> = [];
  for (const s of steps) {
    switch (s[0]) {
      case "send": {
        const [, process, k, v, out] = s;
        ops.push({ process, type: "invoke", f: "send", value: [["send", k, v]] });
        ops.push(
          Array.isArray(out)
            ? { process, type: "ok", f: "send", value: [["send", k, out]] }
            : { process, type: out, f: "send", value: [["send", k, v]] },
        );
        break;
      }
      case "poll": {
        const [, process, out] = s;
        ops.push({ process, type: "invoke", f: "poll", value: [["poll"]] });
        ops.push(
          typeof out === "string"
            ? { process, type: out, f: "poll", value: [["poll"]] }
            : { process, type: "ok", f: "poll", value: [["poll", out]] },
        );
        break;
      }
      case "assign": {
        const [, process, keys] = s;
        ops.push({ process, type: "invoke", f: "assign", value: keys });
        ops.push({ process, type: "ok", f: "assign", value: keys });
        break;
      }
      case "invoke": {
        const [, process, f, k, v] = s;
        ops.push({
          process,
          type: "invoke",
          f,
          value: f === "send" ? [["send", k, v]] : [["poll"]],
        });
        break;
      }
      case "complete": {
        const [, process, type, f, value] = s;
        ops.push({ process, type, f, value });
        break;
      }
    }
  }
  return ops.map((op, index) => ({ ...op, index, time: index * 1e6 }));
}

/** A clean run: two sends to key "1", polled in order by two processes. */
const clean = () =>
  history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 1, "1", 2, [1, 2]],
    ["poll", 0, { "1": [[0, 1]] }],
    ["poll", 0, { "1": [[1, 2]] }],
    ["poll", 1, { "1": [[0, 1], [1, 2]] }],
  );

Deno.test("checkKafka() accepts sends that are all polled in order", () => {
  const r = checkKafka(clean());
  assertEquals(r["valid?"], true);
  assertEquals(r["error-types"], []);
  assertEquals(r["bad-error-types"], []);
  assertEquals(r["info-txn-causes"], []);
});

Deno.test("checkKafka() accepts sparse offsets when the gaps stay empty", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [3, 1]],
    ["send", 0, "1", 2, [7, 2]],
    ["poll", 0, { "1": [[3, 1], [7, 2]] }],
  ));
  assertEquals(r["valid?"], true);
});

Deno.test("checkKafka() reports inconsistent-offsets when an offset holds two values", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 1, "1", 2, [0, 2]],
    ["poll", 0, { "1": [[0, 1]] }],
    ["poll", 1, { "1": [[0, 2]] }],
  ));
  assertEquals(r["valid?"], false);
  assert((r["error-types"] as string[]).includes("inconsistent-offsets"));
  const e = r["inconsistent-offsets"] as { count: number; errs: unknown[] };
  assertEquals(e.count, 1);
  assertEquals(e.errs[0], { key: "1", offset: 0, index: 0, values: [1, 2] });
});

Deno.test("checkKafka() reports a duplicate when a value sits at two offsets", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["poll", 1, { "1": [[0, 1], [1, 1]] }],
  ));
  assertEquals(r["valid?"], false);
  const e = r.duplicate as { count: number; errs: unknown[] };
  assertEquals(e.errs[0], { key: "1", value: 1, count: 2, offsets: [0, 1] });
});

Deno.test("checkKafka() reports a lost-write below the highest index read", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["poll", 1, { "1": [[1, 2]] }],
  ));
  assertEquals(r["valid?"], false);
  assertEquals(r["error-types"], ["lost-write", "unseen"]);
  const e = (r["lost-write"] as { errs: Array<Record<string, unknown>> }).errs[0];
  assertEquals([e.key, e.value, e.index, e["max-read-index"]], ["1", 1, 0, 1]);
});

Deno.test("checkKafka() does not count an unobserved info send as lost", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, "info"],
    ["send", 1, "1", 2, [1, 2]],
    ["poll", 2, { "1": [[1, 2]] }],
  ));
  assertEquals(r["valid?"], true);
  assertEquals(r["info-txn-causes"], [null]);
});

Deno.test("checkKafka() puts an observed info send into the version order", () => {
  // Value 1 (info) was read at offset 0, so a poll starting at 2 skips it.
  const r = checkKafka(history(
    ["send", 0, "1", 1, "info"],
    ["send", 1, "1", 2, [1, 2]],
    ["poll", 2, { "1": [[0, 1]] }],
    ["poll", 3, { "1": [[1, 2]] }],
  ));
  assertEquals(r["valid?"], true);
  assertEquals(
    kafkaErrors(history(
      ["send", 0, "1", 1, "info"],
      ["send", 1, "1", 2, [1, 2]],
      ["poll", 2, { "1": [[0, 1]] }],
      ["poll", 3, { "1": [[0, 1], [1, 2]] }],
    )),
    {},
  );
});

Deno.test("checkKafka() reports a poll-skip between a process's consecutive polls", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["send", 0, "1", 3, [2, 3]],
    ["poll", 1, { "1": [[0, 1]] }],
    ["poll", 1, { "1": [[2, 3]] }],
    ["poll", 2, { "1": [[0, 1], [1, 2], [2, 3]] }],
  ));
  assertEquals(r["valid?"], false);
  assertEquals(r["error-types"], ["poll-skip"]);
  const e = (r["poll-skip"] as { errs: Array<Record<string, unknown>> }).errs[0];
  assertEquals([e.key, e.delta, e.skipped], ["1", 2, [2]]);
});

Deno.test("checkKafka() reports a nonmonotonic-poll when a process re-reads a value", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["poll", 1, { "1": [[0, 1], [1, 2]] }],
    ["poll", 1, { "1": [[1, 2]] }],
  ));
  assertEquals(r["error-types"], ["nonmonotonic-poll"]);
  const e = (r["nonmonotonic-poll"] as { errs: Array<Record<string, unknown>> }).errs[0];
  assertEquals([e.values, e.delta], [[2, 2], 0]);
});

Deno.test("checkKafka() forgets poll positions of keys an assign drops", () => {
  const steps: Step[] = [
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["poll", 1, { "1": [[1, 2]] }],
    ["poll", 2, { "1": [[0, 1], [1, 2]] }],
  ];
  assertEquals(checkKafka(history(...steps))["error-types"], ["nonmonotonic-poll"].slice(1));
  const kept = history(
    ...steps.slice(0, 2),
    ["poll", 1, { "1": [[0, 1], [1, 2]] }],
    ["assign", 1, ["1"]],
    ["poll", 1, { "1": [[0, 1]] }],
  );
  assertEquals(checkKafka(kept)["error-types"], ["nonmonotonic-poll"]);
  const dropped = history(
    ...steps.slice(0, 2),
    ["poll", 1, { "1": [[0, 1], [1, 2]] }],
    ["assign", 1, ["2"]],
    ["poll", 1, { "1": [[0, 1]] }],
  );
  assertEquals(checkKafka(dropped)["valid?"], true);
});

Deno.test("checkKafka() reports int-poll-skip inside one poll", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["send", 0, "1", 3, [2, 3]],
    ["poll", 1, { "1": [[0, 1], [2, 3]] }],
    ["poll", 2, { "1": [[0, 1], [1, 2], [2, 3]] }],
  ));
  assertEquals(r["error-types"], ["int-poll-skip"]);
  const e = (r["int-poll-skip"] as { errs: Array<Record<string, unknown>> }).errs[0];
  assertEquals([e.values, e.delta, e.skipped], [[1, 3], 2, [2]]);
});

Deno.test("checkKafka() reports int-nonmonotonic-poll inside one poll", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["poll", 1, { "1": [[1, 2], [0, 1]] }],
  ));
  assertEquals(r["error-types"], ["int-nonmonotonic-poll"]);
});

Deno.test("checkKafka() reports a nonmonotonic-send when a process's offsets go back", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [5, 1]],
    ["send", 0, "1", 2, [3, 2]],
    ["poll", 1, { "1": [[3, 2], [5, 1]] }],
  ));
  assertEquals(r["error-types"], ["nonmonotonic-send"]);
  const e = (r["nonmonotonic-send"] as { errs: Array<Record<string, unknown>> }).errs[0];
  assertEquals([e.values, e.delta], [[1, 2], -1]);
});

Deno.test("checkKafka() allows int-send-skip but not int-nonmonotonic-send", () => {
  const txn = (pairs: Pair[]) =>
    history(
      ["send", 0, "1", 2, [1, 2]],
      ["invoke", 1, "send", "1", 0],
      ["complete", 1, "ok", "send", pairs.map((p) => ["send", "1", p])],
      ["poll", 2, { "1": [[0, 1], [1, 2], [2, 3]] }],
    );
  const skip = checkKafka(txn([[0, 1], [2, 3]]));
  assertEquals(skip["error-types"], ["int-send-skip"]);
  assertEquals(skip["valid?"], true);
  const back = checkKafka(txn([[2, 3], [0, 1]]));
  assertEquals(back["error-types"], ["int-nonmonotonic-send"]);
  assertEquals(back["valid?"], false);
});

Deno.test("checkKafka() reports G1a when a poll reads a failed send", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, "fail"],
    ["poll", 1, { "1": [[0, 1]] }],
    ["poll", 1, {}],
  ));
  assertEquals(r["error-types"], ["G1a"]);
  assertEquals(r["valid?"], false);
});

Deno.test("checkKafka() reports unseen acknowledged sends", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "2", 1, [0, 1]],
    ["poll", 1, { "1": [[0, 1]] }],
  ));
  assertEquals(r["valid?"], false);
  assertEquals(r["error-types"], ["unseen"]);
  const u = r.unseen as Record<string, unknown>;
  assertEquals(u.unseen, { "2": 1 });
  assertEquals(u.messages, { "2": [1] });
  assertEquals(u.time, 5e6);
});

Deno.test("checkKafka() reports a realtime cycle when a poll reads a future send", () => {
  const r = checkKafka(history(
    ["poll", 1, { "1": [[0, 1]] }],
    ["send", 0, "1", 1, [0, 1]],
  ));
  assertEquals(r["error-types"], ["G1c-realtime", "strong-PL-2-cycle-exists"]);
  assertEquals(r["valid?"], false);
  const e = (r["G1c-realtime"] as { errs: Array<Record<string, unknown>> }).errs[0];
  assertEquals(e.steps, [{ type: "realtime" }, { type: "wr", key: "1", value: 1 }]);
});

Deno.test("checkKafka() reports an empty transaction graph for overlapping ops only", () => {
  const r = checkKafka(history(
    ["invoke", 0, "poll"],
    ["invoke", 1, "poll"],
    ["complete", 0, "ok", "poll", [["poll", {}]]],
    ["complete", 1, "ok", "poll", [["poll", {}]]],
  ));
  assertEquals(r["error-types"], ["empty-transaction-graph"]);
  assertEquals(r["empty-transaction-graph"], { count: 1, errs: true });
  assertEquals(r["valid?"], false);
});

Deno.test("checkKafka() is unknown when a poll returns a value nobody sent", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["poll", 1, { "1": [[0, 1], [1, 9]] }],
  ));
  assertEquals(r["valid?"], "unknown");
  assert(typeof r.error === "string");
});

Deno.test("checkKafka() is unknown when ok polls saw a key only as empty lists", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["poll", 1, { "1": [[0, 1]], "2": [] }],
  ));
  assertEquals(r["valid?"], "unknown");
});

Deno.test("checkKafka() does not compare a poll with an earlier empty one", () => {
  // Jepsen compares with the last value of the previous poll of the key;
  // an empty list has none, so the jump from 0 to 2 goes unnoticed.
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]],
    ["send", 0, "1", 2, [1, 2]],
    ["send", 0, "1", 3, [2, 3]],
    ["poll", 1, { "1": [[0, 1]] }],
    ["poll", 1, { "1": [] }],
    ["poll", 1, { "1": [[2, 3]] }],
    ["poll", 2, { "1": [[0, 1], [1, 2], [2, 3]] }],
  ));
  assertEquals(r["valid?"], true);
});

Deno.test("checkKafka() reports the worst realtime lag in seconds", () => {
  const r = checkKafka(history(
    ["send", 0, "1", 1, [0, 1]], // ok at 1 ms
    ["send", 0, "1", 2, [1, 2]], // ok at 3 ms: offset 0 is no longer the tail
    ["poll", 1, { "1": [[0, 1]] }], // invoked at 4 ms: lag 1 ms
    ["poll", 1, { "1": [[1, 2]] }],
  ));
  assertEquals(r["valid?"], true);
  assertEquals(r["worst-realtime-lag"], { time: 0.004, process: 1, key: "1", lag: 0.001 });
});

Deno.test("checkKafka() ignores nemesis entries and reports zero lag without polls", () => {
  const h = history(["send", 0, "1", 1, [0, 1]], ["send", 0, "1", 2, [1, 2]]);
  h.splice(2, 0, {
    index: 99,
    time: 0,
    type: "info",
    process: "nemesis",
    f: "start-partition",
    value: "one",
  });
  const r = checkKafka(h);
  assertEquals(r["worst-realtime-lag"], { time: 0, lag: 0 });
  assertEquals(r["error-types"], ["unseen"]);
});

Deno.test("checkKafka() counts a key first polled by the last ok op as unseen", () => {
  // Jepsen's Bifurcan merge keeps keys that were polled but never sent as
  // they are; only a later ok op clears them.
  const steps: Step[] = [["send", 0, "1", 1, "info"], ["poll", 1, { "1": [[0, 1]] }]];
  assertEquals(checkKafka(history(...steps))["error-types"], ["unseen"]);
  assertEquals(checkKafka(history(...steps, ["poll", 1, {}]))["valid?"], true);
});

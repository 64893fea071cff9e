import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { checkKafka } from "../checkers/kafka.ts";
import { explain } from "./mod.ts";
import { TEST3 } from "./_testing.ts";

const send = (ms: number, p: number, k: string, v: number, offset?: number, type = "ok"): Row[] => [
  [ms, "invoke", p, "send", [["send", k, v]]],
  [
    ms + 5,
    type as "ok",
    p,
    "send",
    offset === undefined ? [["send", k, v]] : [["send", k, [offset, v]]],
  ],
];
const poll = (ms: number, p: number, msgs: Record<string, Array<[number, number]>>): Row[] => [
  [ms, "invoke", p, "poll", [["poll"]]],
  [ms + 5, "ok", p, "poll", [["poll", msgs]]],
];

function account(rows: Row[]) {
  const h = history(rows);
  const results = { "valid?": false as const, workload: checkKafka(h) };
  return explain({ results, history: h, test: { ...TEST3, nemesis: [], workload: "kafka" } });
}

Deno.test("a lost write names the value, its offset, who acknowledged it, and how far polls read past it", () => {
  const out = account([
    ...send(0, 0, "k", 10, 0),
    ...send(100, 1, "k", 11, 1),
    ...send(200, 1, "k", 12, 2),
    ...poll(300, 2, { k: [[1, 11], [2, 12]] }),
  ]);
  const lost = out.find((e) => e.kind === "lost-write")!;
  assert.equal(
    lost.text,
    "1 case; the first: key k: 10 (offset 0) was acknowledged by n1 at 0.01 s, but no poll ever returned it, although polls read past it, up to 12 (offset 2) (on n3 at 0.30 s).",
  );
  assert.deepEqual(lost.at, { time: 0.005, node: "n1" });
  const unseen = out.find((e) => e.kind === "unseen")!;
  assert.match(
    unseen.text,
    /^1 acknowledged message had never been returned by a poll when the run ended \(0\.30 s\): key k: 10\.$/,
  );
});

Deno.test("a poll skip names the process, both polls and the values skipped with their offsets", () => {
  const out = account([
    ...send(0, 0, "k", 10, 0),
    ...send(10, 0, "k", 11, 1),
    ...send(20, 0, "k", 12, 2),
    ...poll(100, 1, { k: [[0, 10]] }),
    ...poll(200, 1, { k: [[2, 12]] }),
    ...poll(300, 2, { k: [[0, 10], [1, 11], [2, 12]] }),
  ]);
  const skip = out.find((e) => e.kind === "poll-skip")!;
  assert.equal(
    skip.text,
    "1 case; the first: key k: process 1 on n2 polled 12 (offset 2) at 0.20 s right after its previous poll (0.10 s) ended at 10 (offset 0), skipping 11 (offset 1).",
  );
});

Deno.test("inconsistent offsets name both values and the nodes that acknowledged them", () => {
  const out = account([
    ...send(0, 0, "k", 10, 0),
    ...send(13, 1, "k", 11, 0),
    ...poll(100, 2, { k: [[0, 10]] }),
  ]);
  const e = out.find((x) => x.kind === "inconsistent-offsets")!;
  assert.match(
    e.text,
    /key k: offset 0 holds 2 different values: 10 \(acknowledged by n1 at 0\.01 s\) and 11 \(acknowledged by n2 at 0\.02 s\); each offset must name one message/,
  );
});

Deno.test("a poll of a failed send is G1a, naming the poll and the failed send", () => {
  const out = account([
    [0, "invoke", 0, "send", [["send", "k", 10]]],
    [5, "fail", 0, "send", [["send", "k", 10]], {
      error: ["temporarily-unavailable", "x"],
      code: 11,
    }],
    ...poll(100, 1, { k: [[0, 10]] }),
  ]);
  const e = out.find((x) => x.kind === "G1a")!;
  assert.equal(
    e.text,
    '1 case; the first: key k: a poll on n2 at 0.10 s returned 10, but its send to n1 failed with error 11 (temporarily-unavailable: "x") at 0.01 s: a failed send must leave no trace.',
  );
});

Deno.test("a poll that returned a message before it was sent is a realtime cycle, shown step by step", () => {
  const out = account([...poll(0, 0, { k: [[0, 10]] }), ...send(100, 1, "k", 10, 0)]);
  const e = out.find((x) => x.kind === "G1c-realtime")!;
  assert.equal(
    e.text,
    [
      "1 cycle: these ops cannot be put in any order that respects both what polls saw and real time; the first:",
      '  T1 = poll on n1 at 0.01 s: [["poll",{"k":[[0,10]]}]]',
      '  T2 = send on n2 at 0.10 s: [["send","k",[0,10]]]',
      "  T1 → T2: T1 completed before T2 began",
      "  T2 → T1: T1 polled 10 (offset 0) of key k, which T2 sent",
    ].join("\n"),
  );
});

Deno.test("duplicates, backward polls and skips inside one poll are each named with their offsets", () => {
  const out = account([
    ...send(0, 0, "k", 10, 0),
    ...send(10, 0, "k", 11, 1),
    ...send(20, 0, "k", 12, 2),
    ...poll(100, 1, { k: [[1, 11]] }),
    ...poll(200, 1, { k: [[0, 10], [2, 12]] }),
    ...poll(300, 2, { k: [[0, 10], [1, 11], [2, 12]] }),
  ]);
  assert.match(
    out.find((e) => e.kind === "nonmonotonic-poll")!.text,
    /key k: process 1 on n2 polled 10 \(offset 0\) at 0\.20 s, after its previous poll \(0\.10 s\) had already reached 11 \(offset 1\)/,
  );
  assert.match(
    out.find((e) => e.kind === "int-poll-skip")!.text,
    /key k: one poll on n2 at 0\.20 s returned 10 \(offset 0\) and then 12 \(offset 2\), skipping 11 \(offset 1\)/,
  );
  const dup = account([
    ...send(0, 0, "k", 10, 0),
    ...poll(300, 2, { k: [[0, 10], [1, 10]] }),
  ]);
  assert.match(
    dup.find((e) => e.kind === "duplicate")!.text,
    /key k: 10 sits at 2 offsets: 0 \(acknowledged by n1 at 0\.01 s\), 1 \(polled on n3 at 0\.30 s\)/,
  );
});

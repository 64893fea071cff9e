import assert from "node:assert/strict";
import type { Op } from "../history.ts";
import { listAppend } from "../checkers/txn/list_append.ts";
import { elleFiles, writeElle } from "./elle.ts";

const op = (index: number, type: "invoke" | "ok", process: number, value: unknown): Op => ({
  index,
  time: index,
  type,
  process,
  f: "txn",
  value,
});

/** Two txns that each missed the other's append (G2-item), two that each saw the other's (G1c). */
const HISTORY: Op[] = [
  op(0, "invoke", 0, [["append", 1, 1], ["r", 2, null]]),
  op(1, "invoke", 1, [["append", 2, 1], ["r", 1, null]]),
  op(2, "ok", 0, [["append", 1, 1], ["r", 2, null]]),
  op(3, "ok", 1, [["append", 2, 1], ["r", 1, null]]),
  op(4, "invoke", 0, [["r", 1, null], ["r", 2, null]]),
  op(5, "ok", 0, [["r", 1, [1]], ["r", 2, [1]]]),
  op(6, "invoke", 0, [["append", 3, 1], ["r", 4, null]]),
  op(7, "invoke", 1, [["append", 4, 1], ["r", 3, null]]),
  op(8, "ok", 0, [["append", 3, 1], ["r", 4, [1]]]),
  op(9, "ok", 1, [["append", 4, 1], ["r", 3, [1]]]),
];

Deno.test("elle/<anomaly>.txt: one file per cycle type, each cycle explained in Elle's words", () => {
  const result = listAppend(HISTORY, { consistencyModels: ["strict-serializable"] });
  const files = elleFiles(result, "txn-list-append", HISTORY);
  assert.deepEqual([...files.keys()].sort(), ["G1c.txt", "G2-item.txt"]);
  // The shape of Elle 0.2.2's own files for this history.
  const g1c = files.get("G1c.txt")!;
  assert.match(
    g1c,
    /^G1c #0\nLet:\n {2}T1 = \{:index \d, :time \d, :type :ok, :process \d, :f :txn, :value \[\[:append \d 1\] \[:r \d \[1\]\]\]\}\n {2}T2 = /,
  );
  assert.match(
    g1c,
    /\n\nThen:\n {2}- T1 < T2, because T2 observed T1's append of 1 to key \d\.\n {2}- However, T2 < T1, because T1 observed T2's append of 1 to key \d: a contradiction!$/,
  );
  const g2 = files.get("G2-item.txt")!;
  assert.match(g2, /^G2-item #0\nLet:\n/);
  assert.match(
    g2,
    /because T1 observed the initial \(nil\) state of \d, which T2 created by appending 1\.\n/,
  );
  assert.match(
    g2,
    /However, T2 < T1, because T2 observed the initial \(nil\) state of \d, which T1 created by appending 1: a contradiction!$/,
  );
});

Deno.test("elle/: realtime and process steps are explained with their indices and the time between", () => {
  const files = elleFiles(
    {
      "valid?": false,
      anomalies: {
        "G-single-item-realtime": [{
          type: "G-single-item-realtime",
          cycle: [{ index: 3 }, { index: 5 }, { index: 3 }],
          steps: [{ type: "realtime", "a'": 3, b: 4 }, {
            type: "rw",
            key: 9,
            value: [1],
            "value'": 2,
          }],
        }],
        "G1a": [{ op: { index: 1 } }],
      },
    },
    "txn-list-append",
    [
      op(3, "ok", 0, [["r", 9, [1]]]),
      { ...op(4, "invoke", 1, [["append", 9, 2]]), time: 1_500_000_003 },
      op(5, "ok", 1, [["append", 9, 2]]),
    ],
  );
  assert.deepEqual([...files.keys()], ["G-single-item-realtime.txt"]);
  const text = files.get("G-single-item-realtime.txt")!;
  assert.match(
    text,
    /T1 < T2, because T1 completed at index 3, 1\.500 seconds before the invocation of T2, at index 4\./,
  );
  assert.match(
    text,
    /However, T2 < T1, because T2 did not observe T1's append of 2 to 9: a contradiction!$/,
  );
});

Deno.test("writeElle() writes nothing for a history without cycles", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await writeElle(dir, { "valid?": true }, "txn-list-append", []), []);
    await assert.rejects(Deno.stat(`${dir}/elle`), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("elleFiles() writes nothing for a valid txn-rw-register result, whose anomalies are null", () => {
  const result = { "valid?": true, "anomaly-types": [], anomalies: null };
  assert.deepEqual(elleFiles(result, "txn-rw-register", []), new Map());
});

import assert from "node:assert/strict";
import { history } from "../checkers/_testing.ts";
import { valueStyle } from "./ednify.ts";
import { OP_LIMIT, processColumns, timelineHtml } from "./timeline.ts";

const INFO = {
  name: "lin-kv",
  run: "20260101T000000.000Z",
  startMs: Date.UTC(2026, 0, 1),
  style: valueStyle("lin-kv"),
};

const HISTORY = history([
  [0, "invoke", 0, "write", [0, 1]],
  [1, "info", "nemesis", "start-partition", "majority"],
  [2, "invoke", 1, "read", [0, null]],
  [7, "ok", 0, "write", [0, 1]],
  [9, "info", 1, "read", [0, null], { error: "net-timeout" }],
]);

/** The `<div>` of the box with id `i<index>`. */
function box(page: string, index: number): string {
  const m = new RegExp(`<div class="op [a-z]+" id="i${index}"[^>]*>[^<]*(<br />[^<]*)?</div>`).exec(
    page,
  );
  assert.ok(m, `no box i${index}`);
  return m[0];
}

Deno.test("timeline: one column per process, the nemesis first, 106 px apart", () => {
  assert.deepEqual([...processColumns(HISTORY)], [["nemesis", 0], [0, 1], [1, 2]]);
  const page = timelineHtml(INFO, HISTORY);
  assert.match(box(page, 1), /style="width:100;left:0;top:16;height:16"/);
  assert.match(box(page, 3), /style="width:100;left:106;top:0;height:48"/);
});

Deno.test("timeline: a box spans its invocation to its completion row; a crashed op runs to the bottom", () => {
  const page = timelineHtml(INFO, HISTORY);
  // :info at row 4, invoked at row 2: runs to (count + 1 − 2) rows.
  assert.match(box(page, 4), /class="op info" id="i4" style="width:100;left:212;top:32;height:64"/);
});

Deno.test("timeline: titles carry duration, error, wall-clock time and the op, as Jepsen's", () => {
  const page = timelineHtml(INFO, HISTORY);
  const title = /title="([^"]*)"/.exec(box(page, 4))![1];
  assert.equal(
    title,
    "Dur: 7 ms\nErr: :net-timeout\nWall-clock Time: 2026-01-01T00:00:00.009Z\n\nOp:\n" +
      "{:process 1\n :type :info\n :f :read\n :index 4\n :error :net-timeout\n :value [0 nil]}",
  );
  assert.match(box(page, 1), /title="Msg: :majority\nErr: nil/);
  assert.match(box(page, 3), />0 write \[0 1\]<\/div>$/);
  assert.match(page, /<h1>lin-kv key <\/h1>/);
});

Deno.test("timeline: beyond 10 000 operations it says how many it left out", () => {
  const rows = Array.from(
    { length: OP_LIMIT + 5 },
    (_, i) => [i, "info", "nemesis", "x", null] as const,
  );
  const page = timelineHtml(INFO, history(rows as never));
  assert.match(page, /Showing only 10000 of 10005 operations in this history\./);
});

import assert from "node:assert/strict";
import { type EventRow, journal } from "../checkers/_testing.ts";
import { lamportSvg, messageColor, messageLabel, sortEndpoints } from "./_lamport.ts";

Deno.test("sortEndpoints() puts clients, then nodes in numeric order, then services", () => {
  assert.deepEqual(
    sortEndpoints(["seq-kv", "n10", "c2", "n2", "c11", "lin-kv", "n1", "c2"]),
    ["c2", "c11", "n1", "n2", "n10", "lin-kv", "seq-kv"],
  );
});

Deno.test("messageLabel() prints the body like Maelstrom, cut to 48 characters", () => {
  assert.equal(
    messageLabel({ type: "broadcast", message: 17, msg_id: 3 }),
    "broadcast {:message 17}",
  );
  assert.equal(messageLabel({ type: "read_ok", in_reply_to: 1 }), "read_ok {}");
  assert.equal(
    messageLabel({ type: "error", code: 11, text: "not leader", in_reply_to: 2 }),
    "error not leader",
  );
  const long = messageLabel({ type: "read_ok", messages: [...Array(100).keys()] });
  assert.equal(long.length, 48);
  assert.ok(long.startsWith("read_ok {:messages [0 1 2 3") && long.endsWith("…"));
});

Deno.test("messageColor() uses pink for errors, light blue for clients, black otherwise", () => {
  const m = (src: string, dest: string, type: string) => ({ id: 0, src, dest, body: { type } });
  assert.equal(messageColor(m("n1", "c3", "error")), "#FF1E90");
  assert.equal(messageColor(m("n1", "c3", "echo_ok")), "#81BFFC");
  assert.equal(messageColor(m("n1", "lin-kv", "read")), "#000");
});

Deno.test("lamportSvg() draws delivered messages as arrows, skipping init", () => {
  const d = lamportSvg(journal([
    ["send", -2, 0, "c0", "n0", { type: "init", node_id: "n0", node_ids: ["n0", "n1"] }],
    ["recv", -2, 0, "c0", "n0", { type: "init", node_id: "n0", node_ids: ["n0", "n1"] }],
    ["send", -1, 1, "n0", "c0", { type: "init_ok" }],
    ["recv", -1, 1, "n0", "c0", { type: "init_ok" }],
    ["send", 1, 2, "c4", "n0", { type: "broadcast", message: 1 }],
    ["recv", 1, 2, "c4", "n0", { type: "broadcast", message: 1 }],
    ["send", 2, 3, "n0", "n1", { type: "gossip", message: 1 }],
    ["send", 2, 4, "n0", "c4", { type: "error", code: 11, text: "busy" }],
    ["recv", 2, 4, "n0", "c4", { type: "error", code: 11, text: "busy" }],
  ]));
  assert.deepEqual([d.total, d.shown, d.arrows], [5, 5, 2]);
  assert.deepEqual(d.lanes, ["c4", "n0", "n1"]);
  assert.ok(!d.svg.includes("init"));
  assert.ok(d.svg.includes("broadcast {:message 1}"));
  assert.ok(d.svg.includes('fill="#FF1E90"') && d.svg.includes("error busy"));
  // The undelivered gossip is drawn as a dropped stub.
  assert.match(d.svg, /n0 → n1 \(dropped\) \{:type &quot;gossip&quot;, :message 1\}/);
  assert.ok(!d.svg.includes("Additional network events not shown"));
});

Deno.test("lamportSvg() shows only the first events and says so", () => {
  const rows: EventRow[] = [];
  for (let id = 0; id < 30; id++) {
    rows.push(["send", id, id, "n0", "n1", { type: "ping" }]);
    rows.push(["recv", id + 0.5, id, "n0", "n1", { type: "ping" }]);
  }
  const d = lamportSvg(journal(rows), { limit: 10 });
  assert.deepEqual([d.total, d.shown, d.arrows], [60, 10, 5]);
  assert.ok(d.svg.includes("Additional network events not shown (50 more)"));
});

Deno.test("lamportSvg() escapes message text", () => {
  const d = lamportSvg(journal([
    ["send", 0, 0, "n0", "n1", { type: "x", s: "<b>&" }],
    ["recv", 0, 0, "n0", "n1", { type: "x", s: "<b>&" }],
  ]));
  assert.ok(d.svg.includes("&lt;b&gt;&amp;") && !d.svg.includes("<b>&"));
});

import { deepStrictEqual, ok } from "node:assert";
import { type Entry, Replica } from "./replica.ts";

Deno.test("execute() fills reads with null for unwritten keys and own earlier writes", () => {
  const r = new Replica(0, []);
  deepStrictEqual(
    r.execute([["r", 1, null], ["w", 1, 6], ["r", 1, null], ["w", 2, 9]]),
    [["r", 1, null], ["w", 1, 6], ["r", 1, 6], ["w", 2, 9]],
  );
  deepStrictEqual(r.execute([["r", 1, null], ["r", 2, null]]), [["r", 1, 6], ["r", 2, 9]]);
});

Deno.test("execute() logs only each key's final write, as one entry", () => {
  const r = new Replica(0, ["n1"]);
  r.execute([["w", 1, 1], ["w", 2, 1], ["w", 1, 2]]);
  const [e] = r.pending("n1", 10);
  deepStrictEqual(e.writes, [[2, 1], [1, 2]]);
  deepStrictEqual(r.pending("n1", 10).length, 1);
});

Deno.test("read-only txns are not logged", () => {
  const r = new Replica(0, ["n1"]);
  r.execute([["r", 1, null]]);
  deepStrictEqual(r.backlog, 0);
});

Deno.test("receive() applies an origin's entries in seq order, once, stopping at a gap", () => {
  const r = new Replica(1, ["n0"]);
  const e = (seq: number, v: number): Entry => ({ seq, ts: [seq, 0], writes: [[1, v]] });
  deepStrictEqual(r.receive("n0", [e(2, 20)]), 0);
  deepStrictEqual(r.read(1), null);
  deepStrictEqual(r.receive("n0", [e(2, 20), e(1, 10)]), 2);
  deepStrictEqual(r.read(1), 20);
  deepStrictEqual(r.receive("n0", [e(1, 10)]), 2, "duplicates are ignored");
  deepStrictEqual(r.read(1), 20);
});

Deno.test("ack() drops entries every peer has and pending() resends the rest", () => {
  const r = new Replica(0, ["n1", "n2"]);
  for (let i = 1; i <= 3; i++) r.execute([["w", 1, i]]);
  r.ack("n1", 2);
  deepStrictEqual(r.pending("n1", 10).map((e) => e.seq), [3]);
  deepStrictEqual(r.pending("n2", 10).map((e) => e.seq), [1, 2, 3]);
  deepStrictEqual(r.pending("n2", 2).map((e) => e.seq), [1, 2]);
  r.ack("n2", 3);
  deepStrictEqual(r.backlog, 1);
  r.ack("n1", 3);
  deepStrictEqual(r.backlog, 0);
});

Deno.test("replicas converge to the same values whatever the delivery order", () => {
  const a = new Replica(0, ["n1"]), b = new Replica(1, ["n0"]);
  a.execute([["w", 1, 1]]);
  b.execute([["w", 1, 2]]);
  a.execute([["w", 2, 1]]);
  b.execute([["r", 2, null], ["w", 2, 2]]);
  b.receive("n0", a.pending("n1", 10));
  a.receive("n1", b.pending("n0", 10));
  for (const k of [1, 2]) deepStrictEqual(a.read(k), b.read(k));
});

Deno.test("a write made after seeing a remote write wins over it everywhere", () => {
  const a = new Replica(0, ["n1"]), b = new Replica(1, ["n0"]);
  for (let i = 0; i < 5; i++) a.execute([["w", 9, 100 + i]]);
  b.receive("n0", a.pending("n1", 10));
  b.execute([["r", 1, null], ["w", 1, 1]]);
  a.execute([["w", 1, 2]]); // concurrent, lower Lamport time than b's
  b.execute([["r", 1, null], ["w", 1, 3]]); // after seeing everything of a
  a.receive("n1", b.pending("n0", 10));
  b.receive("n0", a.pending("n1", 10));
  deepStrictEqual(a.read(1), 3);
  deepStrictEqual(b.read(1), 3);
  ok(true);
});

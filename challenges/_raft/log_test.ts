import { deepStrictEqual as assertEquals, ok as assert, throws } from "node:assert/strict";
import { RaftLog } from "./log.ts";

const logOf = (...terms: number[]) => {
  const log = new RaftLog<string>();
  terms.forEach((term, i) => log.append({ term, data: `e${i + 1}` }));
  return log;
};

Deno.test("a log numbers entries from 1; index 0 is term 0 and beyond the end is -1", () => {
  const log = logOf(1, 1, 2);
  assertEquals([log.termAt(0), log.termAt(3), log.termAt(4)], [0, 2, -1]);
  assertEquals([log.lastIndex, log.lastTerm], [3, 2]);
  assertEquals(log.slice(2, 3).map((e) => e.data), ["e2", "e3"]);
  throws(() => log.entry(4), RangeError);
});

Deno.test("merge() appends what is new and keeps entries it already holds", () => {
  const log = logOf(1, 1);
  assertEquals(log.merge(1, [{ term: 1, data: "e2" }, { term: 1, data: "e3" }]), 3);
  assertEquals(log.slice(1, 3).map((e) => e.data), ["e1", "e2", "e3"]);
});

Deno.test("merge() of a late, shorter message does not cut off what a newer one added", () => {
  const log = logOf(1, 1, 1, 1);
  assertEquals(log.merge(1, [{ term: 1, data: "e2" }]), 2);
  assertEquals(log.lastIndex, 4);
});

Deno.test("merge() replaces everything from the first entry whose term differs", () => {
  const log = logOf(1, 1, 2, 2);
  assertEquals(log.merge(2, [{ term: 3, data: "x" }]), 3);
  assertEquals([log.lastIndex, log.lastTerm, log.entry(3).data], [3, 3, "x"]);
});

Deno.test("isUpToDate(): a later last term wins; with equal last terms, the longer log", () => {
  const log = logOf(1, 2, 2);
  assert(log.isUpToDate(1, 3));
  assert(log.isUpToDate(3, 2));
  assert(!log.isUpToDate(2, 2));
  assert(!log.isUpToDate(9, 1));
});

Deno.test("termStart() finds the first index of a run of one term", () => {
  const log = logOf(1, 2, 2, 2, 3);
  assertEquals([log.termStart(4), log.termStart(1), log.termStart(5)], [2, 1, 5]);
});

import { deepStrictEqual as assertDeepEqual, ok as assert } from "node:assert";
import {
  boundary,
  canonicalModelName,
  friendlyModelName,
  prohibitedAnomalies,
  validateModels,
} from "./consistency_model.ts";

const sorted = (s: Iterable<string>) => [...s].sort();

const RU = ["G0", "cyclic-versions", "duplicate-elements", "PL-1-cycle-exists"];
const RC = [
  ...RU,
  "G1",
  "G1a",
  "G1b",
  "G1c",
  "future-read",
  "incompatible-order",
  "dirty-update",
  "PL-2-cycle-exists",
];
const RR = [
  ...RC,
  "G2-item",
  "G-single-item",
  "G-nonadjacent-item",
  "lost-update",
  "G-cursor",
  "PL-2.99-cycle-exists",
];
const SI = [
  ...RC,
  "internal",
  "lost-update",
  "G-single",
  "G-single-item",
  "G-nonadjacent",
  "G-nonadjacent-item",
  "G-cursor",
  "G-monotonic",
  "G-MSR",
  "G-SI",
  "G-SIb",
  "PL-SI-cycle-exists",
];
const SER = [
  ...new Set([
    ...SI,
    ...RR,
    "G2",
    "write-skew",
    "predicate-read-miss",
    "G-update",
    "PL-3-cycle-exists",
  ]),
];

Deno.test("prohibitedAnomalies() of read-uncommitted is exactly Elle's set for it", () => {
  assertDeepEqual(sorted(prohibitedAnomalies(["read-uncommitted"])), sorted(RU));
});

Deno.test("prohibitedAnomalies() of read-committed is exactly Elle's set for it", () => {
  assertDeepEqual(sorted(prohibitedAnomalies(["read-committed"])), sorted(RC));
});

Deno.test("prohibitedAnomalies() of repeatable-read is exactly Elle's set for it", () => {
  assertDeepEqual(sorted(prohibitedAnomalies(["repeatable-read"])), sorted(RR));
});

Deno.test("prohibitedAnomalies() of snapshot-isolation is exactly Elle's set for it", () => {
  assertDeepEqual(sorted(prohibitedAnomalies(["snapshot-isolation"])), sorted(SI));
});

Deno.test("prohibitedAnomalies() of serializable is exactly Elle's set for it", () => {
  assertDeepEqual(sorted(prohibitedAnomalies(["serializable"])), sorted(SER));
});

Deno.test("prohibitedAnomalies() of strict-serializable adds process and realtime variants", () => {
  const ss = prohibitedAnomalies(["strict-serializable"]);
  for (const a of SER) assert(ss.has(a), a);
  for (
    const a of [
      "G0-process",
      "G0-realtime",
      "G1c-process",
      "G1c-realtime",
      "G-single-item-realtime",
      "G-single-realtime",
      "G2-item-process",
      "G2-realtime",
      "PL-SS-cycle-exists",
      "strong-PL-1-cycle-exists",
      "strong-session-serializable-cycle-exists",
    ]
  ) assert(ss.has(a), a);
  assert(!ss.has("cycle-search-timeout"));
});

Deno.test("prohibitedAnomalies() of several models is their union", () => {
  assertDeepEqual(
    sorted(prohibitedAnomalies(["read-uncommitted", "read-committed"])),
    sorted(RC),
  );
});

Deno.test("validateModels() rejects a comma-joined name and accepts Elle's other names", () => {
  let threw = false;
  try {
    validateModels(["read-committed,serializable"]);
  } catch (e) {
    threw = true;
    assert(String(e).includes("read-committed,serializable"));
  }
  assert(threw);
  validateModels(["PL-2", "causal", "linearizable", "strong-session-serializable"]);
});

Deno.test("model names canonicalize and come back friendly", () => {
  assertDeepEqual(canonicalModelName("read-committed"), "PL-2");
  assertDeepEqual(friendlyModelName("PL-3"), "serializable");
  assertDeepEqual(friendlyModelName("PL-SS"), "strict-serializable");
  assertDeepEqual(friendlyModelName("PL-1"), "read-uncommitted");
});

Deno.test("boundary() of G1c rules out read-committed and everything stronger", () => {
  const b = boundary(["G1c"]);
  assertDeepEqual(b.not, ["read-committed"]);
  assert(b["also-not"].includes("serializable"));
  assert(b["also-not"].includes("strict-serializable"));
  assert(!b["also-not"].includes("read-uncommitted"));
});

Deno.test("boundary() of G2-item rules out repeatable-read but not snapshot-isolation", () => {
  const b = boundary(["G2-item"]);
  assertDeepEqual(b.not, ["repeatable-read"]);
  assert(!b["also-not"].includes("snapshot-isolation"));
  assert(b["also-not"].includes("serializable"));
});

Deno.test("boundary() of G-single-item-realtime rules out strong-snapshot-isolation only", () => {
  const b = boundary(["G-single-item-realtime"]);
  assertDeepEqual(b.not, ["strong-snapshot-isolation"]);
  assert(b["also-not"].includes("strict-serializable"));
  assert(!b["also-not"].includes("serializable"));
});

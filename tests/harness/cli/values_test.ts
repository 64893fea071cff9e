import assert from "node:assert/strict";
import { cljParseLong, javaDouble, javaLong, readForm, ValueError } from "./values.ts";

Deno.test("javaLong() reads what Long.parseLong reads: a sign and digits, leading zeros too", () => {
  assert.deepEqual(["5", "+5", "-5", "007"].map(javaLong), [5, 5, -5, 7]);
  for (const bad of ["", "1.5", " 5", "5s", "9223372036854775808"]) {
    assert.throws(() => javaLong(bad), ValueError, bad);
  }
});

Deno.test("cljParseLong() is nil, not an error, for what Clojure's parse-long refuses (007 included)", () => {
  assert.deepEqual(["3", "-1", "007", "x", "1.0"].map(cljParseLong), [
    3,
    -1,
    undefined,
    undefined,
    undefined,
  ]);
});

Deno.test("javaDouble() reads Double.parseDouble's forms: exponents, d/f suffixes, spaces around", () => {
  assert.deepEqual([" 2.5 ", "1e1", "5d", ".5", "-0.25"].map(javaDouble), [2.5, 10, 5, 0.5, -0.25]);
  assert.ok(Number.isNaN(javaDouble("NaN")));
  for (const bad of ["", "x", "1/2", "1e", "Infinityd"]) {
    assert.throws(() => javaDouble(bad), ValueError);
  }
});

Deno.test("readForm() reads the reader's numbers: ratios, hex, octal, radix, N and M", () => {
  const n = (s: string) => readForm(s);
  assert.deepEqual(n("1/2"), { kind: "number", value: 0.5 });
  assert.deepEqual(n("0x10"), { kind: "number", value: 16 });
  assert.deepEqual(n("010"), { kind: "number", value: 8 });
  assert.deepEqual(n("2r101"), { kind: "number", value: 5 });
  assert.deepEqual(n("5N"), { kind: "number", value: 5 });
  assert.deepEqual(n("1.5M"), { kind: "number", value: 1.5 });
  assert.deepEqual(n(" 3 4"), { kind: "number", value: 3 });
  assert.throws(() => n("08"), ValueError);
  assert.throws(() => n("1/0"), ValueError);
  assert.throws(() => n("5x"), ValueError);
});

Deno.test("readForm() tells numbers from nil, keywords and symbols; empty is nil only for EDN", () => {
  assert.deepEqual(readForm("abc"), { kind: "other", text: "abc" });
  assert.deepEqual(readForm(":total"), { kind: "keyword", name: "total" });
  assert.deepEqual(readForm("nil"), { kind: "nil" });
  assert.deepEqual(readForm("", true), { kind: "nil" });
  assert.throws(() => readForm(""), ValueError);
});

import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { LineSplitter } from "./lines.ts";

function split(chunks: Uint8Array[]): { lines: string[]; invalid: number[] } {
  const lines: string[] = [];
  const invalid: number[] = [];
  const s = new LineSplitter({ line: (t) => lines.push(t), invalid: (n) => invalid.push(n) });
  for (const c of chunks) s.push(c);
  s.end();
  return { lines, invalid };
}

/** A tiny seeded generator, so a failing chunking can be reproduced. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

function rechunk(bytes: Uint8Array, rand: () => number, max: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length;) {
    const n = 1 + Math.floor(rand() * max);
    out.push(bytes.slice(at, at + n));
    at += n;
  }
  return out;
}

const enc = new TextEncoder();

Deno.test("LineSplitter yields the same lines however the input is chunked", () => {
  const lines = ['{"a":1}', "héllo wörld ✓ 🎉", "", "x".repeat(5000), "last"];
  const bytes = enc.encode(lines.join("\n") + "\n");
  for (let seed = 1; seed <= 200; seed++) {
    const rand = random(seed);
    const got = split(rechunk(bytes, rand, 1 + Math.floor(rand() * 64)));
    assertEquals(got.lines, lines, `seed ${seed}`);
    assertEquals(got.invalid, []);
  }
});

Deno.test("LineSplitter strips CRLF endings and keeps a last line without newline", () => {
  assertEquals(split([enc.encode("a\r\nb\r\nc")]).lines, ["a", "b", "c"]);
});

Deno.test("LineSplitter handles a line of several megabytes split across many chunks", () => {
  const big = "y".repeat(5_000_000);
  const bytes = enc.encode(`${big}\nsmall\n`);
  const got = split(rechunk(bytes, random(7), 65536));
  assertEquals(got.lines.length, 2);
  assertEquals(got.lines[0].length, 5_000_000);
  assertEquals(got.lines[1], "small");
});

Deno.test("LineSplitter reports a line that is not UTF-8 and keeps the lines around it", () => {
  const bad = new Uint8Array([0x66, 0xff, 0xfe, 0x6f]);
  const bytes = new Uint8Array([...enc.encode("ok1\n"), ...bad, 10, ...enc.encode("ok2\n")]);
  const got = split([bytes]);
  assertEquals(got.lines, ["ok1", "ok2"]);
  assertEquals(got.invalid, [4]);
});

Deno.test("LineSplitter yields nothing for empty input", () => {
  assertEquals(split([new Uint8Array(0)]).lines, []);
});

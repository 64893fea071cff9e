import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { Output } from "./output.ts";

const decoder = new TextDecoder();

/** A writer that holds each write for a few ticks and reads its bytes only when done. */
function slowWriter(takeAtMost = Infinity) {
  const writes: string[] = [];
  const bytesWritten: Uint8Array[] = [];
  return {
    writes,
    /** Everything written, decoded as one text. */
    text: () => decoder.decode(new Uint8Array(bytesWritten.flatMap((b) => [...b]))),
    async write(bytes: Uint8Array): Promise<number> {
      for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
      const n = Math.min(bytes.length, takeAtMost);
      bytesWritten.push(bytes.slice(0, n));
      writes.push(decoder.decode(bytes.subarray(0, n)));
      return n;
    },
  };
}

Deno.test("lines queued in the same tick leave in one write, whole and in order", async () => {
  const w = slowWriter();
  const out = new Output(w);
  for (let i = 0; i < 3; i++) out.push(`{"n":${i}}`);
  await out.flush();
  assertEquals(w.writes, ['{"n":0}\n{"n":1}\n{"n":2}\n']);
});

Deno.test("a batch larger than a reusable buffer still leaves in one write", async () => {
  const w = slowWriter();
  const out = new Output(w);
  const big = `{"x":"${"é".repeat(300_000)}"}`;
  out.push(big);
  out.push("{}");
  await out.flush();
  assertEquals(w.writes, [`${big}\n{}\n`]);
});

Deno.test("a reused buffer is not overwritten before its write has finished", async () => {
  const w = slowWriter();
  const out = new Output(w);
  const batches: string[] = [];
  for (let b = 0; b < 40; b++) {
    // Each batch is big enough to be encoded into a pooled buffer.
    const line = `{"batch":${b},"pad":"${String(b % 10).repeat(5000 + b)}"}`;
    out.push(line);
    batches.push(line + "\n");
    await Promise.resolve(); // the next batch is a new tick
    await Promise.resolve();
  }
  ok(out.backlog > 0, "writes are still in flight");
  await out.flush();
  assertEquals(w.writes, batches);
  assertEquals(out.backlog, 0);
});

Deno.test("a writer that takes fewer bytes than offered is given the rest, in order", async () => {
  const w = slowWriter(1000);
  const out = new Output(w);
  const lines = Array.from({ length: 500 }, (_, i) => `{"i":${i},"s":"ünïcödé"}`);
  for (const l of lines) out.push(l);
  await out.flush();
  ok(w.writes.length > 1);
  assertEquals(w.text(), lines.map((l) => l + "\n").join(""));
});

Deno.test("a failing writer is reported once and later lines are dropped, not thrown", async () => {
  const errors: unknown[] = [];
  const out = new Output(
    { write: () => Promise.reject(new Error("EPIPE")) },
    (e) => errors.push(e),
  );
  out.push("{}");
  await out.flush();
  out.push("{}");
  await out.flush();
  assertEquals(errors.length, 1);
  assertEquals(out.backlog, 0);
});

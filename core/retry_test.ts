import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { CodedError, ErrorCode, FakeClock, retry } from "../mod.ts";

Deno.test("retry() retries indefinite errors with back-off until success", async () => {
  const clock = new FakeClock();
  const calls: number[] = [];
  const result = retry((attempt) => {
    calls.push(clock.now());
    if (attempt < 4) return Promise.reject(new CodedError(ErrorCode.Timeout, "slow"));
    return Promise.resolve(attempt);
  }, { clock, delay: 10, factor: 2 });
  await clock.advance(1000);
  assertEquals(await result, 4);
  assertEquals(calls, [0, 10, 30, 70]);
  assertEquals(clock.pending, 0);
});

Deno.test("retry() gives up at once on a definite error", async () => {
  let calls = 0;
  const outcome = await retry(() => {
    calls++;
    return Promise.reject(new CodedError(ErrorCode.PreconditionFailed, "mismatch"));
  }, { delay: 1 }).catch((e: CodedError) => e.code);
  assertEquals([outcome, calls], [22, 1]);
});

Deno.test("retry() stops after the given number of attempts and throws the last error", async () => {
  let calls = 0;
  const error = await retry(() => {
    calls++;
    return Promise.reject(new CodedError(ErrorCode.Crash, `try ${calls}`));
  }, { attempts: 3, delay: 1 }).catch((e: CodedError) => e);
  ok(error instanceof CodedError);
  assertEquals([error.message, calls], ["try 3", 3]);
});

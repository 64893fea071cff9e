import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { CodedError, ErrorCode, FakeClock, isRetrySafe, retry } from "../mod.ts";

const fail = (code: number, text = "failed") => Promise.reject(new CodedError(code, text));

Deno.test("retry() retries error 11 with back-off until success, idempotent or not", async () => {
  const clock = new FakeClock();
  const calls: number[] = [];
  const result = retry((attempt) => {
    calls.push(clock.now());
    if (attempt < 4) return fail(ErrorCode.TemporarilyUnavailable, "no leader yet");
    return Promise.resolve(attempt);
  }, { clock, delay: 10, factor: 2 });
  await clock.advance(1000);
  assertEquals(await result, 4);
  assertEquals(calls, [0, 10, 30, 70]);
  assertEquals(clock.pending, 0);
});

Deno.test("retry() does not retry an indefinite error unless the operation is idempotent", async () => {
  for (const code of [ErrorCode.Timeout, ErrorCode.Crash, 1000]) {
    let calls = 0;
    const outcome = await retry(() => {
      calls++;
      return fail(code, "may have happened");
    }, { delay: 1 }).catch((e: CodedError) => e.code);
    assertEquals([outcome, calls], [code, 1]);
  }
});

Deno.test("retry() retries timeouts and crashes of an idempotent operation", async () => {
  const clock = new FakeClock();
  const codes = [ErrorCode.Timeout, ErrorCode.Crash, 1000];
  const result = retry((attempt) => {
    if (attempt <= codes.length) return fail(codes[attempt - 1]);
    return Promise.resolve("done");
  }, { clock, delay: 10, idempotent: true });
  await clock.advance(1000);
  assertEquals(await result, "done");
});

Deno.test("retry() gives up at once on a definite error other than 11, even if idempotent", async () => {
  for (const code of [ErrorCode.PreconditionFailed, ErrorCode.KeyDoesNotExist, ErrorCode.Abort]) {
    let calls = 0;
    const outcome = await retry(() => {
      calls++;
      return fail(code, "an answer");
    }, { delay: 1, idempotent: true }).catch((e: CodedError) => e.code);
    assertEquals([outcome, calls], [code, 1]);
  }
});

Deno.test("retry() never retries an exception that is not a CodedError", async () => {
  let calls = 0;
  const error = await retry(() => {
    calls++;
    return Promise.reject(new TypeError("a bug"));
  }, { delay: 1, idempotent: true }).catch((e: unknown) => e);
  ok(error instanceof TypeError);
  assertEquals(calls, 1);
});

Deno.test("retry() stops after the given number of attempts and throws the last error", async () => {
  let calls = 0;
  const error = await retry(() => {
    calls++;
    return Promise.reject(new CodedError(ErrorCode.Crash, `try ${calls}`));
  }, { attempts: 3, delay: 1, idempotent: true }).catch((e: CodedError) => e);
  ok(error instanceof CodedError);
  assertEquals([error.message, calls], ["try 3", 3]);
});

Deno.test("retry() with its own retryable test follows it instead of the default", async () => {
  let calls = 0;
  const result = await retry(() => {
    if (++calls < 2) return fail(ErrorCode.TxnConflict, "conflict");
    return Promise.resolve(calls);
  }, { delay: 1, retryable: (e) => e instanceof CodedError && e.code === ErrorCode.TxnConflict });
  assertEquals(result, 2);
});

Deno.test("retry() stops when stopped() says so and throws the failure", async () => {
  let calls = 0;
  const outcome = await retry(() => {
    calls++;
    return fail(ErrorCode.TemporarilyUnavailable);
  }, { delay: 1, stopped: () => calls >= 2 }).catch((e: CodedError) => e.code);
  assertEquals([outcome, calls], [11, 2]);
});

Deno.test("isRetrySafe() is true for 11, and for indefinite codes only when idempotent", () => {
  const cases: Array<[number, boolean, boolean]> = [
    [ErrorCode.TemporarilyUnavailable, false, true],
    [ErrorCode.TemporarilyUnavailable, true, true],
    [ErrorCode.Timeout, false, false],
    [ErrorCode.Timeout, true, true],
    [ErrorCode.Crash, true, true],
    [ErrorCode.TxnConflict, true, false],
    [ErrorCode.NotSupported, true, false],
  ];
  for (const [code, idempotent, safe] of cases) {
    assertEquals([code, idempotent, isRetrySafe(new CodedError(code, "x"), idempotent)], [
      code,
      idempotent,
      safe,
    ]);
  }
  assertEquals(isRetrySafe(new Error("not coded"), true), false);
});

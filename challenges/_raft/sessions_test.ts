import { deepStrictEqual as assertEquals } from "node:assert/strict";
import { Sessions } from "./sessions.ts";

const counter = () => {
  let total = 0;
  return { sessions: new Sessions((n: number) => (total += n)), total: () => total };
};

Deno.test("a request applied twice runs once, and its copy answers with the first result", () => {
  const { sessions, total } = counter();
  assertEquals(sessions.apply({ client: "c1", seq: 1, command: 5 }), { result: 5, ran: true });
  assertEquals(sessions.apply({ client: "c1", seq: 1, command: 5 }), { result: 5, ran: false });
  assertEquals(total(), 5);
});

Deno.test("a request older than the client's last applied one does not run, and has no answer", () => {
  const { sessions, total } = counter();
  sessions.apply({ client: "c1", seq: 2, command: 1 });
  assertEquals(sessions.apply({ client: "c1", seq: 1, command: 10 }), {
    result: undefined,
    ran: false,
  });
  assertEquals(total(), 1);
});

Deno.test("clients are independent: the same number from another client is a new request", () => {
  const { sessions, total } = counter();
  const ran = [
    sessions.apply({ client: "c1", seq: 1, command: 1 }),
    sessions.apply({ client: "c2", seq: 1, command: 2 }),
    sessions.apply({ client: "c1", seq: 1, command: 1 }),
    sessions.apply({ client: "c1", seq: 2, command: 4 }),
  ].map((a) => a.ran);
  assertEquals(ran, [true, true, false, true]);
  assertEquals(total(), 7);
});

Deno.test("with dedupe off (test-only), a copy runs again", () => {
  let total = 0;
  const sessions = new Sessions((n: number) => (total += n), { dedupe: false });
  sessions.apply({ client: "c1", seq: 1, command: 5 });
  sessions.apply({ client: "c1", seq: 1, command: 5 });
  assertEquals(total, 10);
});

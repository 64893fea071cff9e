import assert from "node:assert/strict";
import { type Batch, Link } from "./link.ts";

Deno.test("Link delivers events once and in order, acknowledging them", () => {
  const a = new Link(), b = new Link();
  a.push(["x", 1]);
  a.push(["x", 2]);
  const batch = a.flush(0)!;
  assert.deepEqual(batch, { seq: 1, events: [["x", 1], ["x", 2]], ack: 0 });
  assert.deepEqual(b.receive(batch, 0), [["x", 1], ["x", 2]]);
  assert.deepEqual(b.receive(batch, 1), [], "a repeat delivers nothing");
  assert.equal(a.flush(1), undefined, "nothing new to send");
  const ack = b.flush(100)!;
  assert.equal(ack.ack, 2);
  a.receive(ack, 100);
  assert.equal(a.unacked, 0);
});

Deno.test("Link drops events after a gap and resends unacknowledged ones after rto", () => {
  const a = new Link({ rto: 50 }), b = new Link();
  a.push(["x", 1]);
  a.flush(0); // lost
  a.push(["x", 2]);
  const second = a.flush(10)!;
  assert.equal(second.seq, 2);
  assert.deepEqual(b.receive(second, 10), [], "event 2 waits for event 1");
  assert.equal(b.expected, 1);
  assert.equal(a.flush(40), undefined, "no resend before rto");
  const resend = a.flush(60)!;
  assert.deepEqual(resend.events, [["x", 1], ["x", 2]]);
  assert.deepEqual(b.receive(resend, 60), [["x", 1], ["x", 2]]);
});

Deno.test("Link sends an acknowledgement alone only after ackDelay", () => {
  const a = new Link(), b = new Link({ ackDelay: 30 });
  a.push(["x"]);
  b.receive(a.flush(0)!, 0);
  assert.equal(b.flush(10), undefined);
  const ack: Batch = b.flush(30)!;
  assert.deepEqual(ack, { seq: 1, events: [], ack: 1 });
  assert.equal(b.flush(100), undefined, "owed only once");
});

Deno.test("Link caps a batch at max events and reports what is left unsent", () => {
  const a = new Link({ max: 2 });
  for (let i = 0; i < 5; i++) a.push([i]);
  assert.equal(a.flush(0)!.events.length, 2);
  assert.equal(a.unsent, 3);
  assert.deepEqual(a.flush(0)!.seq, 3);
  a.touch(0);
  assert.equal(a.flush(0)!.events.length, 1);
  assert.equal(a.unsent, 0);
});

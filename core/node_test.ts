import { deepStrictEqual as assertEquals, match as assertMatch, ok } from "node:assert/strict";
import { CodedError, ErrorCode, Node, z } from "../mod.ts";
import { TestNode } from "./testing.ts";

function echo(node: Node): void {
  node.handle("echo", z.object({ echo: z.string() }), (req) => ({
    type: "echo_ok",
    echo: req.body.echo,
  }));
}

async function started(setup: (node: Node) => void, nodeIds = ["n0", "n1", "n2"]) {
  const t = new TestNode(setup, { nodeId: "n0", nodeIds });
  await t.init();
  return t;
}

Deno.test("init is answered with init_ok and sets id, node ids and peers", async () => {
  let seen: string[] = [];
  const t = await started((node) => node.onInit((n) => void (seen = [n.id, ...n.peers])));
  assertEquals(t.node.id, "n0");
  assertEquals(t.node.nodeIds, ["n0", "n1", "n2"]);
  assertEquals(seen, ["n0", "n1", "n2"]);
});

Deno.test("a handler's returned body is sent as the reply with in_reply_to", async () => {
  const t = await started(echo);
  const reply = await t.request("c1", { type: "echo", echo: "héllo ✓" });
  assertEquals(reply, { type: "echo_ok", echo: "héllo ✓", in_reply_to: 1002 });
});

Deno.test("in_reply_to is added to any reply body: nested, empty, or one that already has it; a non-object body becomes error 13", async () => {
  const bodies: unknown[] = [
    { type: "a_ok", nested: { deep: [1, { x: "}}" }] } },
    {},
    { type: "c_ok", in_reply_to: 999 },
    { type: "d_ok", toJSON: () => "not an object" },
    "a string",
    { type: "f", toJSON: () => ({ type: "f_ok", in_reply_to: 5 }) },
    { type: "g", big: 1n },
  ];
  let i = 0;
  const t = await started((node) => node.handle("q", () => bodies[i++] as never));
  assertEquals(await t.request("c1", { type: "q" }), {
    type: "a_ok",
    nested: { deep: [1, { x: "}}" }] },
    in_reply_to: 1002,
  });
  assertEquals(await t.request("c1", { type: "q" }), { in_reply_to: 1003 });
  assertEquals(await t.request("c1", { type: "q" }), { type: "c_ok", in_reply_to: 1004 });
  assertEquals(await t.request("c1", { type: "q" }), {
    type: "error",
    code: 13,
    text: "reply body is not a JSON object",
    in_reply_to: 1005,
  });
  assertEquals(await t.request("c1", { type: "q" }), {
    type: "error",
    code: 13,
    text: "reply body is not a JSON object",
    in_reply_to: 1006,
  });
  assertEquals(await t.request("c1", { type: "q" }), { type: "f_ok", in_reply_to: 1007 });
  const big = await t.request("c1", { type: "q" });
  assertEquals([big.type, big.code, big.in_reply_to], ["error", 13, 1008]);
  for (const line of t.lines) {
    ok(!/in_reply_to.*in_reply_to/.test(line), line);
    JSON.parse(line);
  }
});

Deno.test("an unknown type is answered with error 10 naming the type", async () => {
  const t = await started(echo);
  const reply = await t.request("c1", { type: "frobnicate" });
  assertEquals(reply.code, ErrorCode.NotSupported);
  assertMatch(String(reply.text), /"frobnicate"/);
});

Deno.test("a body that fails its schema is answered with error 12 naming the field", async () => {
  const t = await started(echo);
  const wrong = await t.request("c1", { type: "echo", echo: 42 });
  assertEquals(wrong.code, ErrorCode.MalformedRequest);
  assertMatch(String(wrong.text), /"body\.echo": .*expected string/);
  const missing = await t.request("c1", { type: "echo" });
  assertEquals(missing.code, ErrorCode.MalformedRequest);
  assertMatch(String(missing.text), /"body\.echo" is missing/);
});

Deno.test("a thrown CodedError becomes that error reply; any other exception becomes code 13", async () => {
  const t = await started((node) => {
    node.handle("a", () => {
      throw new CodedError(ErrorCode.TemporarilyUnavailable, "not now");
    });
    node.handle("b", () => {
      throw new TypeError("cannot read x of undefined");
    });
    node.handle("c", () => Promise.reject(new CodedError(ErrorCode.Abort, "aborted")));
  });
  assertEquals(await t.request("c1", { type: "a" }), {
    type: "error",
    code: 11,
    text: "not now",
    in_reply_to: 1002,
  });
  const b = await t.request("c1", { type: "b" });
  assertEquals([b.code, b.text], [13, "cannot read x of undefined"]);
  assertEquals((await t.request("c1", { type: "c" })).code, 14);
});

Deno.test("a thrown CodedError, 13 included, is logged at debug; any other exception at error", async () => {
  const logs: string[] = [];
  const t = new TestNode((node) => {
    node.handle("maybe", () => {
      throw new CodedError(ErrorCode.Crash, "it may have happened");
    });
    node.handle("bug", () => {
      throw new RangeError("off by one");
    });
  }, { logLevel: "debug", logSink: (line) => logs.push(line) });
  await t.init();
  assertEquals((await t.request("c1", { type: "maybe" })).code, 13);
  assertEquals((await t.request("c1", { type: "bug" })).code, 13);
  ok(
    logs.some((l) => l.startsWith("DEBUG") && l.includes("it may have happened")),
    logs.join("\n"),
  );
  ok(
    !logs.some((l) => l.startsWith("ERROR") && l.includes("it may have happened")),
    logs.join("\n"),
  );
  ok(logs.some((l) => l.startsWith("ERROR") && l.includes("off by one")), logs.join("\n"));
});

Deno.test("a request without msg_id gets no reply, even an error", async () => {
  const t = await started(echo);
  await t.deliver({ src: "n1", dest: "n0", body: { type: "echo", echo: "x" } });
  await t.deliver({ src: "n1", dest: "n0", body: { type: "nope" } });
  assertEquals(t.take(), []);
});

Deno.test("a second reply to the same request is dropped", async () => {
  const t = await started((node) =>
    node.handle("twice", (req) => {
      req.reply({ type: "twice_ok", n: 1 });
      req.reply({ type: "twice_ok", n: 2 });
    })
  );
  await t.deliver({ src: "c1", dest: "n0", body: { type: "twice", msg_id: 5 } });
  const out = t.take();
  assertEquals(out.length, 1);
  assertEquals(out[0].body.n, 1);
});

Deno.test("messages that arrive before init are handled after it", async () => {
  const t = new TestNode(echo, { nodeId: "n0", nodeIds: ["n0", "n1"] });
  await t.deliver({ src: "n1", dest: "n0", body: { type: "echo", echo: "early", msg_id: 1 } });
  assertEquals(t.take(), []);
  await t.init();
  const replies = t.take((m) => m.dest === "n1");
  assertEquals(replies.map((m) => m.body.echo), ["early"]);
});

Deno.test("malformed lines are skipped and the node goes on", async () => {
  const t = await started(echo);
  for (
    const line of [
      "not json",
      '{"src":"c1","dest":"n0","body":{"type":"echo"',
      "[1,2]",
      '{"src":1,"dest":"n0","body":{}}',
      '{"src":"c1","dest":"n0","body":"x"}',
      "",
      "   ",
    ]
  ) await t.deliverLine(line);
  assertEquals(t.take(), []);
  assertEquals((await t.request("c1", { type: "echo", echo: "still here" })).echo, "still here");
});

Deno.test("rpc() resolves with the reply body", async () => {
  const t = await started(() => {});
  const pending = t.node.rpc("n1", { type: "ping" });
  await t.advance(0);
  const [sent] = t.take();
  assertEquals(sent.dest, "n1");
  await t.deliver({
    src: "n1",
    dest: "n0",
    body: { type: "pong", in_reply_to: sent.body.msg_id },
  });
  assertEquals((await pending).type, "pong");
  assertEquals(t.node.pendingRpcs, 0);
});

Deno.test("rpc() rejects with code 0 after its timeout and leaves no pending entry or timer", async () => {
  const t = await started(() => {});
  const timersBefore = t.clock.pending;
  const pending = t.node.rpc("n1", { type: "ping" }, { timeout: 500 });
  const outcome = pending.then(() => "resolved", (e) => e);
  await t.advance(499);
  assertEquals(t.node.pendingRpcs, 1);
  await t.advance(1);
  const error = await outcome;
  ok(error instanceof CodedError);
  assertEquals(error.code, ErrorCode.Timeout);
  assertEquals(t.node.pendingRpcs, 0);
  assertEquals(t.clock.pending, timersBefore);
});

Deno.test("rpc() rejects with the code of an error reply, and clears its timer", async () => {
  const t = await started(() => {});
  const pending = t.node.rpc("lin-kv", { type: "read", key: "x" });
  const outcome = pending.then(() => undefined, (e: unknown) => e);
  await t.advance(0);
  const [sent] = t.take();
  await t.deliver({
    src: "lin-kv",
    dest: "n0",
    body: { type: "error", code: 20, text: "key does not exist", in_reply_to: sent.body.msg_id },
  });
  const error = await outcome;
  ok(error instanceof CodedError);
  assertEquals([error.code, error.message, error.definite], [20, "key does not exist", true]);
  assertEquals(t.clock.pending, 0);
});

Deno.test("a reply to an unknown or expired rpc is dropped", async () => {
  const t = await started(() => {});
  await t.deliver({ src: "n1", dest: "n0", body: { type: "pong", in_reply_to: 77 } });
  assertEquals(t.take(), []);
});

Deno.test("a reply from someone other than the rpc's destination does not settle it", async () => {
  const t = await started(() => {});
  const pending = t.node.rpc("n1", { type: "ping" }, { timeout: 100 });
  const outcome = pending.then(() => "resolved", (e: CodedError) => `code ${e.code}`);
  await t.advance(0);
  const [sent] = t.take();
  await t.deliver({ src: "n2", dest: "n0", body: { type: "pong", in_reply_to: sent.body.msg_id } });
  await t.advance(100);
  assertEquals(await outcome, "code 0");
});

Deno.test("every() runs a task periodically without overlap and stops at close", async () => {
  let runs = 0;
  const t = await started((node) =>
    node.every(100, async () => {
      runs++;
      await node.sleep(250);
    })
  );
  await t.advance(100);
  assertEquals(runs, 1);
  await t.advance(300); // still sleeping until 350, next run at 450
  assertEquals(runs, 1);
  await t.advance(100);
  assertEquals(runs, 2);
  await t.node.close();
  assertEquals(t.clock.pending, 0);
  await t.advance(1000);
  assertEquals(runs, 2);
});

Deno.test("an async handler may reply later with req.reply()", async () => {
  const t = await started((node) =>
    node.handle("slow", (req) => {
      node.after(50, () => req.reply({ type: "slow_ok" }));
    })
  );
  await t.deliver({ src: "c1", dest: "n0", body: { type: "slow", msg_id: 9 } });
  assertEquals(t.take(), []);
  await t.advance(50);
  assertEquals(t.take().map((m) => [m.body.type, m.body.in_reply_to]), [["slow_ok", 9]]);
});

Deno.test("the node's id is the src of everything it sends, and the handler sees typed fields", async () => {
  const t = await started((node) =>
    node.handle("add", z.object({ delta: z.int() }), (req) => ({
      type: "add_ok",
      doubled: req.body.delta * 2,
      kind: req.body.type,
    }))
  );
  const reply = await t.request("c3", { type: "add", delta: 21 });
  assertEquals([reply.doubled, reply.kind], [42, "add"]);
  ok(t.lines.every((l) => JSON.parse(l).src === "n0"));
});

Deno.test("run() reads a byte stream chunk by chunk and splits lines across any chunking", async () => {
  const lines = [
    JSON.stringify({
      src: "c0",
      dest: "n0",
      body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] },
    }),
  ];
  for (let i = 0; i < 3000; i++) {
    lines.push(
      JSON.stringify({
        src: "c1",
        dest: "n0",
        body: { type: "echo", msg_id: i + 2, echo: `ü${"x".repeat(i % 97)}` },
      }),
    );
  }
  const bytes = new TextEncoder().encode(lines.join("\r\n") + "\n");
  let seed = 11;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  let at = 0;
  const input: ReadableStream<Uint8Array> = new ReadableStream({
    type: "bytes",
    pull(controller: ReadableByteStreamController) {
      if (at >= bytes.length) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      const n = Math.min(bytes.length - at, 1 + Math.floor(rand() * 70_000));
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
  let written = "";
  const node = new Node({
    args: [],
    logLevel: "off",
    output: { write: (b) => (written += new TextDecoder().decode(b), Promise.resolve(b.length)) },
  });
  echo(node);
  await node.run({ input, exit: false });
  const replies = written.trim().split("\n").map((l) => JSON.parse(l));
  assertEquals(replies.length, 3001);
  for (let i = 0; i < 3000; i++) {
    assertEquals(replies[i + 1].body.in_reply_to, i + 2);
    assertEquals(replies[i + 1].body.echo, `ü${"x".repeat(i % 97)}`);
  }
});

Deno.test("run() stops reading stdin while stdout is not read, and goes on once it is", async () => {
  const line = (i: number) =>
    JSON.stringify({
      src: "c1",
      dest: "n0",
      body: { type: "echo", msg_id: i + 2, echo: "x".repeat(200) },
    }) + "\n";
  const init = JSON.stringify({
    src: "c0",
    dest: "n0",
    body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] },
  }) + "\n";
  const total = 50_000; // about 12 MB of input
  let sent = 0, pulledBytes = 0;
  const encoder = new TextEncoder();
  const input: ReadableStream<Uint8Array> = new ReadableStream({
    type: "bytes",
    pull(controller: ReadableByteStreamController) {
      if (sent >= total) {
        controller.close();
        controller.byobRequest?.respond(0);
        return;
      }
      let text = sent === 0 ? init : "";
      while (text.length < 16_000 && sent < total) text += line(sent++);
      const bytes = encoder.encode(text);
      pulledBytes += bytes.length;
      controller.enqueue(bytes);
    },
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => release = resolve);
  let written = 0;
  const node = new Node({
    args: [],
    logLevel: "off",
    output: {
      write: async (b) => {
        await gate; // stdout blocked until released
        written += b.length;
        return b.length;
      },
    },
  });
  echo(node);
  const running = node.run({ input, exit: false });
  await new Promise((r) => setTimeout(r, 200));
  ok(pulledBytes < 1_000_000, `read ${pulledBytes} bytes while stdout was blocked`);
  release();
  await running;
  assertEquals(sent, total);
  ok(written > pulledBytes, "every reply was written once stdout was read");
});

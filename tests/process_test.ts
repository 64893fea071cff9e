/**
 * Process-level tests: pipe requests into the built binaries (dist/echo,
 * dist/unique-ids) from a foreign working directory, with nothing but the
 * binary, and check stdout, stderr and the exit status.
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const dist = fileURLToPath(new URL("../dist/", import.meta.url));

interface Run {
  code: number;
  stdout: string[];
  stderr: string;
  ms: number;
}

/** Runs a binary with the given input lines and EOF; no deno on PATH, cwd /tmp. */
async function run(
  name: string,
  input: string | Uint8Array,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Run> {
  const start = performance.now();
  const child = new Deno.Command(dist + name, {
    args,
    cwd: Deno.makeTempDirSync(),
    env: { PATH: "/usr/bin:/bin", ...env },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(typeof input === "string" ? new TextEncoder().encode(input) : input);
  await writer.close();
  const out = await child.output();
  const text = new TextDecoder().decode(out.stdout);
  return {
    code: out.code,
    stdout: text.split("\n").filter((l) => l !== ""),
    stderr: new TextDecoder().decode(out.stderr),
    ms: performance.now() - start,
  };
}

const init = (id = "n0", ids = ["n0"]) =>
  JSON.stringify({
    src: "c0",
    dest: id,
    body: { type: "init", msg_id: 1, node_id: id, node_ids: ids },
  });
const req = (msgId: number, body: Record<string, unknown>, src = "c1") =>
  JSON.stringify({ src, dest: "n0", body: { ...body, msg_id: msgId } });

Deno.test("dist/echo answers init and echoes unicode and a 200 kB payload byte for byte", async () => {
  const big = "é✓🎉".repeat(25_000) + "x".repeat(100_000);
  const r = await run(
    "echo",
    [
      init(),
      req(2, { type: "echo", echo: "Please echo 35 — ünïcödé 🎉" }),
      req(3, { type: "echo", echo: big }),
    ].join("\n") + "\n",
  );
  assertEquals(r.code, 0);
  const msgs = r.stdout.map((l) => JSON.parse(l));
  assertEquals(msgs.map((m) => m.body.type), ["init_ok", "echo_ok", "echo_ok"]);
  assertEquals(msgs[1].body.echo, "Please echo 35 — ünïcödé 🎉");
  assertEquals(msgs[2].body.echo, big);
  ok(msgs.every((m) => m.src === "n0" && m.dest === (m.body.type === "init_ok" ? "c0" : "c1")));
});

Deno.test("dist/echo skips non-JSON and truncated lines with a note on stderr, and goes on", async () => {
  const r = await run(
    "echo",
    [
      init(),
      "console.log debugging",
      '{"src":"c1","dest":"n0","body":{"type":"echo","msg_id":2,"echo":"x"',
      "",
      "\r",
      req(3, { type: "echo", echo: "after" }),
    ].join("\n") + "\r\n",
  );
  assertEquals(r.code, 0);
  assertEquals(r.stdout.length, 2);
  assertEquals(JSON.parse(r.stdout[1]).body, { type: "echo_ok", echo: "after", in_reply_to: 3 });
  ok(r.stderr.includes("not JSON: console.log debugging"), r.stderr);
  ok(
    r.stderr.includes("Unexpected end of JSON input") || r.stderr.includes("not JSON: {"),
    r.stderr,
  );
});

Deno.test("dist/echo skips a line that is not UTF-8", async () => {
  const enc = new TextEncoder();
  const bytes = new Uint8Array([
    ...enc.encode(init() + "\n"),
    0xc3,
    0x28,
    0x0a,
    ...enc.encode(req(2, { type: "echo", echo: "ok" }) + "\n"),
  ]);
  const r = await run("echo", bytes);
  assertEquals(r.stdout.length, 2);
  ok(r.stderr.includes("not UTF-8"), r.stderr);
});

Deno.test("dist/echo answers an unknown type with error 10 and a missing field with error 12", async () => {
  const r = await run(
    "echo",
    [init(), req(2, { type: "frob" }), req(3, { type: "echo" })].join("\n") + "\n",
  );
  const [, unknown, missing] = r.stdout.map((l) => JSON.parse(l).body);
  assertEquals([unknown.type, unknown.code, unknown.in_reply_to], ["error", 10, 2]);
  assertEquals([missing.type, missing.code, missing.in_reply_to], ["error", 12, 3]);
  ok(String(missing.text).includes('"body.echo" is missing'), missing.text);
});

Deno.test("dist/echo writes only JSON protocol lines to stdout and exits 0 soon after EOF", async () => {
  const lines = [init()];
  for (let i = 0; i < 2000; i++) {
    lines.push(req(i + 2, { type: "echo", echo: `Please echo ${i % 128}` }));
  }
  lines.push("garbage");
  const r = await run("echo", lines.join("\n") + "\n");
  assertEquals(r.code, 0);
  assertEquals(r.stdout.length, 2001);
  for (const line of r.stdout) {
    const m = JSON.parse(line);
    assertEquals(Object.keys(m).sort(), ["body", "dest", "src"]);
  }
  ok(r.ms < 3000, `took ${r.ms} ms`);
});

/** Whether dist/<name> is a bundle started by its shell launcher (not a `deno compile` binary). */
function isBundle(name: string): boolean {
  const head = new Uint8Array(9);
  const file = Deno.openSync(dist + name);
  try {
    file.readSync(head);
  } finally {
    file.close();
  }
  return new TextDecoder().decode(head) === "#!/bin/sh";
}

// A standalone binary has no launcher and no permission to read its
// environment: there, only the argument works (see the README).
Deno.test({
  name: "dist/echo takes its log level from MAELSTROM_LOG, and a --log-level= argument wins",
  ignore: !isBundle("echo"),
}, async () => {
  const input = [init(), "not json", req(2, { type: "nope" })].join("\n") + "\n";
  const quiet = await run("echo", input, [], { MAELSTROM_LOG: "off" });
  assertEquals(quiet.stderr, "");
  assertEquals(quiet.stdout.length, 2);
  const chatty = await run("echo", input, [], { MAELSTROM_LOG: "debug" });
  ok(/WARN .*not JSON/.test(chatty.stderr), chatty.stderr);
  ok(/DEBUG .*error 10/.test(chatty.stderr), chatty.stderr);
  const overridden = await run("echo", input, ["--log-level=warn"], { MAELSTROM_LOG: "off" });
  ok(/WARN .*not JSON/.test(overridden.stderr), overridden.stderr);
  ok(!/DEBUG/.test(overridden.stderr), overridden.stderr);
  assertEquals([quiet.code, chatty.code, overridden.code], [0, 0, 0]);
});

Deno.test("dist/echo exits 0 on EOF without any input", async () => {
  const r = await run("echo", "");
  assertEquals([r.code, r.stdout], [0, []]);
});

Deno.test("dist/unique-ids gives distinct integer ids across nodes with no coordination", async () => {
  const ids = ["n0", "n1", "n2"];
  const seen = new Set<unknown>();
  for (const id of ids) {
    const lines = [init(id, ids)];
    for (let i = 0; i < 500; i++) {
      lines.push(
        JSON.stringify({ src: "c9", dest: id, body: { type: "generate", msg_id: i + 2 } }),
      );
    }
    const r = await run("unique-ids", lines.join("\n") + "\n");
    assertEquals(r.code, 0);
    const replies = r.stdout.slice(1).map((l) => JSON.parse(l).body);
    assertEquals(replies.length, 500);
    for (const b of replies) {
      assertEquals(b.type, "generate_ok");
      ok(Number.isInteger(b.id));
      seen.add(b.id);
    }
  }
  assertEquals(seen.size, 1500);
});

Deno.test("a node survives exceptions from timers, forgotten rejections and hung handlers, and exits 0 at EOF", async () => {
  const fixture = fileURLToPath(new URL("./fixtures/unruly.ts", import.meta.url));
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", fixture],
    cwd: Deno.makeTempDirSync(),
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  const send = (line: string) => writer.write(new TextEncoder().encode(line + "\n"));
  const replies = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let seen = "";
  const until = async (type: string) => {
    while (!seen.includes(`"type":"${type}"`)) {
      const { value, done } = await replies.read();
      if (done) throw new Error(`stdout ended before ${type}: ${seen}`);
      seen += value;
    }
  };
  await send(init());
  await send(req(2, { type: "boom" }));
  await send(req(3, { type: "hang" }));
  await until("boom_ok");
  await new Promise((r) => setTimeout(r, 200)); // the periodic task fails a few times
  await send(req(4, { type: "echo", echo: "alive" }));
  await until("echo_ok");
  const start = performance.now();
  await writer.close();
  const [status, stderrBytes] = await Promise.all([
    child.status,
    new Response(child.stderr).arrayBuffer(),
  ]);
  for (;;) {
    const { value, done } = await replies.read();
    if (done) break;
    seen += value;
  }
  const waited = performance.now() - start;
  const bodies = seen.trim().split("\n").map((l) => JSON.parse(l).body);
  const stderr = new TextDecoder().decode(stderrBytes);
  assertEquals(status.code, 0);
  assertEquals(bodies.map((b) => b.type), ["init_ok", "boom_ok", "echo_ok"]);
  ok(stderr.includes("thrown from a timer"), stderr);
  ok(stderr.includes("rejected and forgotten"), stderr);
  ok(stderr.includes("periodic failure"), stderr);
  ok(waited < 1500, `exit took ${waited} ms after EOF`);
});

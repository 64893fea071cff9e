import assert from "node:assert/strict";
import { NodeOutputError, NodeProcess, parseOutputLine } from "./process.ts";

Deno.test("stdout lines that Maelstrom rejects are rejected with a reason", () => {
  for (
    const [line, reason] of [
      ["hello", /JSON/],
      ["", /blank/],
      ["   ", /blank/],
      ['{"src":"n0","dest":"c1","body":{},"extra":1}', /extra/],
      ['{"src":"n0","dest":5,"body":{}}', /dest/],
      ['{"src":"n0","dest":"c1","body":{},"id":"x7"}', /id/],
      ['{"src":"n0","dest":"c1"}', /body/],
      ['{"src":"n0","dest":"c1","body":"oops"}', /body.*object/],
      ['{"src":"n0","dest":"c1","body":7}', /body.*object/],
      ['{"src":"n0","dest":"c1","body":false}', /body.*object/],
      ["[1,2]", /object/],
    ] as const
  ) {
    assert.throws(
      () => parseOutputLine("n0", line),
      (e) => e instanceof NodeOutputError && reason.test(e.reason) && e.line === line,
    );
  }
});

Deno.test("stdout lines keep only the first JSON object and accept an integer id", () => {
  assert.equal(parseOutputLine("n0", '{"src":"n0","dest":"c1","body":{"a":1}}{"x":1}').dest, "c1");
  assert.equal(parseOutputLine("n0", '{"src":"n0","dest":"c1","body":{},"id":3}').src, "n0");
});

Deno.test("a null body travels as an empty one, as Maelstrom reads it", () => {
  assert.deepEqual(parseOutputLine("n0", '{"src":"n0","dest":"c1","body":null}').body, {});
});

Deno.test("stdin writes hold the delivery loop only once a node leaves more than a pipe's worth unread", async () => {
  const dir = await Deno.makeTempDir();
  const node = await NodeProcess.spawn({
    id: "n0",
    bin: "/bin/sleep",
    args: ["30"], // never reads its stdin
    logFile: `${dir}/n0.log`,
    onMessage: () => {},
    onOutputError: () => {},
  });
  const message = (n: number) => ({
    id: n,
    src: "c0",
    dest: "n0",
    body: { pad: "x".repeat(1000) },
  });
  assert.equal(node.write([message(0)]), undefined, "a write to a node with room does not wait");
  let held: void | Promise<void> = undefined;
  for (let n = 1; n < 200 && held === undefined; n++) held = node.write([message(n)]);
  assert.ok(held instanceof Promise, "past the backlog limit the loop waits");
  const settled = await Promise.race([held.then(() => true), delay(100).then(() => false)]);
  assert.equal(settled, false, "and keeps waiting while the node does not read");
  await node.kill();
  await Deno.remove(dir, { recursive: true });
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("kill() returns soon when the node's own child keeps its pipes open, and ends that child's input", async () => {
  // A wrapper script that starts the real node without `exec`: killing the
  // wrapper leaves its child holding stdout and stderr.
  const dir = await Deno.makeTempDir();
  const pidFile = `${dir}/child.pid`;
  const node = await NodeProcess.spawn({
    id: "n0",
    bin: "/bin/sh",
    args: ["-c", `exec 3<&0; cat <&3 >/dev/null & echo $! > ${pidFile}; wait`],
    logFile: `${dir}/n0.log`,
    onMessage: () => {},
    onOutputError: () => {},
  });
  let child: number | undefined;
  for (let i = 0; i < 100 && child === undefined; i++) {
    await delay(20);
    child = Number(await Deno.readTextFile(pidFile).catch(() => "")) || undefined;
  }
  assert.ok(child !== undefined, "the wrapper started its child");
  const t0 = performance.now();
  await node.kill();
  const took = performance.now() - t0;
  assert.ok(took < 3000, `kill() took ${took} ms`);
  let alive = true;
  for (let i = 0; i < 100 && alive; i++) {
    await delay(20);
    alive = await Deno.readTextFile(`/proc/${child}/stat`)
      .then((stat) => stat.split(" ")[2] !== "Z", () => false);
  }
  if (alive) Deno.kill(child!, "SIGKILL");
  assert.equal(alive, false, "the child got end of input and exited");
  await Deno.remove(dir, { recursive: true });
});

/**
 * What someone writing their first node meets: `--bin` of a TypeScript
 * source, the cause of a malformed reply in the printed summary, a node
 * that dies at once reported at once, and a `--bin` that cannot run.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runFixture } from "./fixtures/mod.ts";
import { defaultOptions, nodeIds } from "./options.ts";
import { runTest } from "./run.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const store = Deno.makeTempDirSync({ prefix: "node-author-" });

async function printed<T>(f: () => Promise<T>): Promise<{ value: T; out: string; err: string }> {
  const { log, error } = console;
  let out = "", err = "";
  console.log = (...a: unknown[]) => void (out += a.join(" ") + "\n");
  console.error = (...a: unknown[]) => void (err += a.join(" ") + "\n");
  try {
    return { value: await f(), out, err };
  } finally {
    Object.assign(console, { log, error });
  }
}

/**
 * A node source in a fresh project of its own, importing this project's
 * API (its deno.json maps the same packages).
 */
function source(name: string, text: string): string {
  const dir = Deno.makeTempDirSync({ prefix: "node-src-" });
  const { imports } = JSON.parse(Deno.readTextFileSync(join(root, "deno.json")));
  Deno.writeTextFileSync(join(dir, "deno.json"), JSON.stringify({ imports }));
  const path = join(dir, name);
  Deno.writeTextFileSync(path, text.replaceAll("$MOD", join(root, "mod.ts")));
  return path;
}

const ECHO = `import { Node, z } from "$MOD";
await new Node()
  .handle("echo", z.object({ echo: z.unknown() }), (req) => ({ type: "echo_ok", echo: req.body.echo }))
  .run();
`;

const echoTest = (bin: string) => ({
  ...defaultOptions(),
  workload: "echo",
  bin,
  nodes: nodeIds(1),
  concurrency: 1,
  timeLimit: 1,
  rate: 10,
  storeDir: store,
  progress: false,
  quiet: true,
});

Deno.test("--bin of a .ts source runs it on Deno with no permissions, shebang line or not", async () => {
  for (const text of [ECHO, `#!/usr/bin/env -S deno run\n${ECHO}`]) {
    const r = await runTest(echoTest(source("echo.ts", text)));
    assert.equal(r.exitCode, 0, r.error);
  }
});

Deno.test("--bin of a .ts source finds its own project's import map from any working directory", async () => {
  // "maelstrom-ts" is mapped by the source's deno.json alone, not by the
  // one of the directory the bench runs in.
  const bin = source("mapped.ts", ECHO.replace('"$MOD"', '"maelstrom-ts"'));
  const config = join(dirname(bin), "deno.json");
  const { imports } = JSON.parse(Deno.readTextFileSync(config));
  imports["maelstrom-ts"] = join(root, "mod.ts");
  Deno.writeTextFileSync(config, JSON.stringify({ imports }));
  const r = await runTest(echoTest(bin));
  assert.equal(r.exitCode, 0, r.error);
});

Deno.test("--bin of a .ts source that needs a permission crashes the test, naming the node", async () => {
  const bin = source("env.ts", `Deno.env.get("HOME");\n${ECHO}`);
  const { value: r, err } = await printed(() => runTest(echoTest(bin)));
  assert.equal(r.exitCode, 255);
  assert.match(r.error!, /Node n0 crashed/);
  // Deno's message, without its colour codes, on the console and in the log.
  const log = await Deno.readTextFile(join(r.dir!, "node-logs", "n0.log"));
  for (const text of [err, log]) {
    assert.match(text, /NotCapable|Requires env access/);
    assert.equal(text.includes("\x1b["), false, text);
  }
});

Deno.test("--bin of a .ts source with a type error crashes the test with the checker's message", async () => {
  const bin = source("bad.ts", `const n: number = "one";\n${ECHO}`);
  const { value: r } = await printed(() => runTest(echoTest(bin)));
  assert.equal(r.exitCode, 255);
  assert.match(r.error!, /does not type-check[\s\S]*TS2322/);
});

Deno.test("a --bin that does not exist, or cannot run, crashes the test (exit 255) before any store", async () => {
  for (const bin of [join(store, "missing"), source("plain.txt", "hello")]) {
    const { value: r, err } = await printed(() => runTest(echoTest(bin)));
    assert.equal(r.exitCode, 255);
    assert.equal(r.dir, undefined);
    assert.match(err, /Test crashed: Cannot (find|run) --bin/);
  }
});

Deno.test("a reply with a wrong field name shows its cause, the malformed reply, in the printed summary", async () => {
  const { value: r, out } = await printed(() =>
    runFixture("echo", "misnamed", { workload: "echo", nodeCount: 1, rate: 10, quiet: false })
  );
  assert.equal(r.exitCode, 1);
  assert.match(out, /exceptions +\d+ × .*Malformed RPC response: .*echoed/);
  assert.match(out, /e\.g\. op \d+, process 0, echo/);
});

Deno.test("a node that dies at start is reported at once, with its stderr, not after init's 10 s", async () => {
  const t0 = performance.now();
  const { value: r, err } = await printed(() =>
    runFixture("echo", "dead", { workload: "echo", nodeCount: 3, rate: 10 })
  );
  assert.equal(r.exitCode, 255);
  assert.ok(performance.now() - t0 < 5000, `took ${performance.now() - t0} ms`);
  assert.match(r.error!, /Node n\d crashed with exit status 2/);
  assert.match(err, /dying at start on purpose/);
});

/**
 * The build: `tests/build.sh` makes a working node where `deno compile`
 * cannot, and says so in one line.
 */
import { deepStrictEqual as assertEquals, match as assertMatch } from "node:assert/strict";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));

/** Runs `tests/build.sh` with `args`, building into `dir` (its `DIST`). */
async function build(
  args: string[],
  dir: string,
  env: Record<string, string> = {},
): Promise<{ code: number; stderr: string }> {
  const out = await new Deno.Command("sh", {
    args: ["tests/build.sh", ...args],
    cwd: root,
    env: { ...env, DIST: dir },
    stdout: "null",
    stderr: "piped",
  }).output();
  return { code: out.code, stderr: new TextDecoder().decode(out.stderr) };
}

const INIT = JSON.stringify({
  src: "c0",
  dest: "n0",
  body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] },
});

const INIT_OK = '{"src":"n0","dest":"c0","body":{"type":"init_ok","in_reply_to":1}}\n';

async function answersInit(bin: string): Promise<string> {
  const child = new Deno.Command(bin, {
    cwd: Deno.makeTempDirSync(),
    env: { PATH: "/usr/bin:/bin" },
    clearEnv: true,
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const w = child.stdin.getWriter();
  await w.write(new TextEncoder().encode(INIT + "\n"));
  await w.close();
  return new TextDecoder().decode((await child.output()).stdout);
}

Deno.test("build.sh rejects a compiled binary that is not a node (DENORT_BIN=deno) and falls back to a working bundle, with a one-line notice", async () => {
  const deno = Deno.execPath();
  const dir = Deno.makeTempDirSync();
  const r = await build(["echo"], dir, {
    DENORT_BIN: deno,
    PATH: `${deno.replace(/\/[^/]*$/, "")}:/usr/bin:/bin`,
  });
  try {
    assertEquals(r.code, 0);
    const lines = r.stderr.trim().split("\n");
    assertEquals(lines.length, 1, r.stderr);
    assertMatch(
      lines[0],
      /^notice: deno compile failed \(the compiled binary does not run as a node/,
    );
    assertEquals(
      await answersInit(`${dir}/echo`),
      INIT_OK,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("build.sh builds any node source, one that starts with a shebang line too, into dist/<its name>", async () => {
  const dir = Deno.makeTempDirSync();
  const src = `${dir}/mine.ts`;
  const echo = Deno.readTextFileSync(`${root}challenges/echo/main.ts`)
    .replace(`"../../mod.ts"`, JSON.stringify(`${root}mod.ts`));
  Deno.writeTextFileSync(src, `#!/usr/bin/env -S deno run\n${echo}`);
  const out = await build([src], dir);
  try {
    assertEquals(out.code, 0, out.stderr);
    assertEquals(
      await answersInit(`${dir}/mine`),
      INIT_OK,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("build.sh builds a source of another project with that project's import map, from any working directory", async () => {
  const dir = Deno.makeTempDirSync();
  // "maelstrom-ts" is mapped by the source's project alone, not by ours,
  // where the build runs.
  Deno.writeTextFileSync(
    `${dir}/deno.json`,
    JSON.stringify({
      imports: {
        ...JSON.parse(Deno.readTextFileSync(`${root}deno.json`)).imports,
        "maelstrom-ts": `${root}mod.ts`,
      },
    }),
  );
  const echo = Deno.readTextFileSync(`${root}challenges/echo/main.ts`)
    .replace(`"../../mod.ts"`, `"maelstrom-ts"`);
  Deno.writeTextFileSync(`${dir}/mine.ts`, echo);
  const out = await build([`${dir}/mine.ts`], dir);
  try {
    assertEquals(out.code, 0, out.stderr);
    assertEquals(
      await answersInit(`${dir}/mine`),
      INIT_OK,
    );
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("a built node's uncaught error reaches its stderr without colour codes", async () => {
  const dir = Deno.makeTempDirSync();
  // Answers init (the build checks that it does), then dies at the next line.
  Deno.writeTextFileSync(
    `${dir}/thrower.ts`,
    `for await (const chunk of Deno.stdin.readable) {
  for (const line of new TextDecoder().decode(chunk).split("\\n").filter(Boolean)) {
    const m = JSON.parse(line);
    if (m.body.type !== "init") throw new Error("dying on purpose");
    const body = { type: "init_ok", in_reply_to: m.body.msg_id };
    console.log(JSON.stringify({ src: m.dest, dest: m.src, body }));
  }
}
`,
  );
  const built = await build([`${dir}/thrower.ts`], dir);
  try {
    assertEquals(built.code, 0, built.stderr);
    const run = await new Deno.Command(`${dir}/thrower`, {
      env: { PATH: "/usr/bin:/bin" },
      clearEnv: true,
      stdin: "piped",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    const w = run.stdin.getWriter();
    await w.write(new TextEncoder().encode(`${INIT}\n{"src":"c0","dest":"n0","body":{}}\n`));
    await w.close().catch(() => {});
    const { code, stderr: err } = await run.output();
    const stderr = new TextDecoder().decode(err);
    assertEquals(code, 1);
    assertMatch(stderr, /error: Uncaught .*dying on purpose/);
    assertEquals(stderr.includes("\x1b["), false, stderr);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("build.sh --bench builds the bench, which answers test --help with exit 0", async () => {
  const dir = Deno.makeTempDirSync();
  const out = await build(["--bench", "tests/harness/cli.ts", `${dir}/maelstrom`], dir);
  try {
    assertEquals(out.code, 0, out.stderr);
    const help = await new Deno.Command(`${dir}/maelstrom`, { args: ["test", "--help"] }).output();
    assertEquals(help.code, 0);
    assertMatch(new TextDecoder().decode(help.stdout), /Usage: maelstrom test/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

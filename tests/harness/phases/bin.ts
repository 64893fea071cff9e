/**
 * What `--bin` names, made into a command: an executable runs as it is (as
 * in Maelstrom); a TypeScript or JavaScript source (ours) is type-checked
 * once and each node runs it with the pinned Deno and no permissions, as
 * the built nodes run. A `--bin` that cannot run crashes the test (exit
 * 255), as in Maelstrom.
 * @module
 */

import { basename, dirname, extname } from "node:path";
import { TestCrashed } from "../errors.ts";

/** How to start a node. */
export interface NodeCommand {
  /** The executable (absolute). */
  command: string;
  /** Its arguments before the test's own. */
  prefix: string[];
  /** Its arguments after the test's own. */
  suffix: string[];
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
}

const SOURCES = new Set([".ts", ".mts", ".tsx", ".js", ".mjs", ".jsx"]);
const TYPED = new Set([".ts", ".mts", ".tsx"]);

/**
 * The Deno that runs source nodes: the one running the bench, unless the
 * bench is a compiled binary (then `$DENO`, else `deno` on PATH).
 * @returns A command name or path.
 */
export function denoPath(): string {
  const self = Deno.execPath();
  if (/^deno(\.exe)?$/.test(basename(self))) return self;
  return Deno.env.get("DENO") ?? "deno";
}

async function startsWithShebang(path: string): Promise<boolean> {
  const file = await Deno.open(path);
  try {
    const head = new Uint8Array(2);
    const n = await file.read(head);
    return n === 2 && head[0] === 0x23 && head[1] === 0x21;
  } finally {
    file.close();
  }
}

/**
 * Checks `--bin` and makes the command that starts a node.
 * @param bin The `--bin` value.
 * @returns The command.
 * @throws {TestCrashed} when the file does not exist, is not executable
 * (and not a source), or a TypeScript source has type errors.
 */
export async function nodeCommand(bin: string): Promise<NodeCommand> {
  let path: string, info: Deno.FileInfo;
  try {
    path = await Deno.realPath(bin);
    info = await Deno.stat(path);
  } catch (error) {
    throw new TestCrashed(`Cannot find --bin: "${bin}" (no such file)`, { cause: error });
  }
  if (!info.isFile) throw new TestCrashed(`Cannot run --bin: "${bin}" is not a file`);
  const executable = ((info.mode ?? 0) & 0o111) !== 0;
  const ext = extname(path).toLowerCase();
  // An executable script with its own interpreter line (say a Node.js
  // node) runs as Maelstrom would run it; a TypeScript source always runs
  // on Deno.
  if (!SOURCES.has(ext) || (!TYPED.has(ext) && executable && await startsWithShebang(path))) {
    if (!executable) {
      throw new TestCrashed(
        `Cannot run --bin: "${bin}" is not executable (chmod +x it, or give a .ts/.js source)`,
      );
    }
    return { command: path, prefix: [], suffix: [] };
  }
  const deno = denoPath();
  if (TYPED.has(ext)) await typeCheck(deno, path, bin);
  const level = Deno.env.get("MAELSTROM_LOG");
  return {
    command: deno,
    prefix: ["run", "--quiet", "--no-prompt", path],
    // As the built nodes' launcher: the log level as an argument, since a
    // node has no permission to read the environment.
    suffix: level ? [`--log-level=${level}`] : [],
    // Deno colours its own messages (an uncaught error) even into a pipe:
    // without this, node-logs/ and the crash report hold escape codes.
    env: { NO_COLOR: "1" },
  };
}

async function typeCheck(deno: string, path: string, bin: string): Promise<void> {
  let out: Deno.CommandOutput;
  try {
    out = await new Deno.Command(deno, {
      args: ["check", "--quiet", path],
      // Where the node will run from: `deno run` finds the source's
      // deno.json (its import map) from the source's folder, `deno check`
      // from its working directory. Checked from the bench's, a node in a
      // project of its own fails on its first mapped import ("not a
      // dependency") whenever the bench is started elsewhere.
      cwd: dirname(path),
      env: { NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
  } catch (error) {
    throw new TestCrashed(`Cannot type-check --bin "${bin}": no deno at "${deno}"`, {
      cause: error,
    });
  }
  if (out.code !== 0) {
    const text = new TextDecoder().decode(out.stderr) + new TextDecoder().decode(out.stdout);
    throw new TestCrashed(`--bin "${bin}" does not type-check:\n${text.trimEnd()}`);
  }
}

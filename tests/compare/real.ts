/**
 * Where the real Maelstrom is (MAELSTROM=/path: its root or its
 * `bin/maelstrom` launcher) and how to call it and its JVM.
 * @module
 */

import { dirname, join } from "node:path";

/** The real Maelstrom's root directory, from `MAELSTROM`. */
export function maelstromRoot(): string {
  const m = Deno.env.get("MAELSTROM");
  if (m === undefined || m === "") throw new Error("set MAELSTROM=/path/to/maelstrom");
  const stat = Deno.statSync(m);
  // bin/maelstrom (our build) or the released ./maelstrom script: root holds lib/.
  if (stat.isFile) {
    const d = dirname(m);
    return d.endsWith("/bin") ? dirname(d) : d;
  }
  return m;
}

/** The `maelstrom` launcher. */
export function maelstromBin(): string {
  const root = maelstromRoot();
  for (const p of [join(root, "bin", "maelstrom"), join(root, "maelstrom")]) {
    try {
      if (Deno.statSync(p).isFile) return p;
    } catch {
      // next
    }
  }
  throw new Error(`no maelstrom launcher under ${root}`);
}

/**
 * A `java` command with Maelstrom's classes on the class path, running
 * `clojure.main` with `args`.
 * @param args Arguments of clojure.main (a script and its arguments).
 * @returns The command (stdout and stderr piped).
 */
export function maelstromJava(args: string[]): Deno.Command {
  const lib = join(maelstromRoot(), "lib");
  let cp = join(lib, "maelstrom.jar");
  try {
    // A Maelstrom built against Debian's jars lists them here; a release is one uberjar.
    cp += ":" + Deno.readTextFileSync(join(lib, "deb-classpath")).trim();
  } catch {
    // Uberjar.
  }
  return new Deno.Command("java", {
    args: ["-cp", cp, "clojure.main", ...args],
    stdout: "piped",
    stderr: "piped",
  });
}

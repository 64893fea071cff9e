/**
 * `maelstrom serve [-b HOST] [-p PORT]`: a web server over `store/`. The
 * options are Jepsen's (`-b/--host` 0.0.0.0, `-p/--port` 8080, `-h`); the
 * server itself is the `serve` module's, imported here.
 * @module
 */

import { HELP } from "./test_options.ts";
import { type OptionSpec, parseOpts, summarize } from "./parse.ts";
import { javaLong } from "./values.ts";
import { serve } from "../serve.ts";

/** Jepsen's options of `serve`. */
export const SERVE_OPTIONS: readonly OptionSpec[] = [
  HELP,
  { short: "-b", long: "--host", arg: "HOST", desc: "Hostname to bind to", default: "0.0.0.0" },
  {
    short: "-p",
    long: "--port",
    arg: "NUMBER",
    desc: "Port number to bind to",
    default: 8080,
    parse: javaLong,
    validate: { check: (v) => typeof v === "number" && v > 0, message: "Must be positive" },
  },
];

/**
 * The help of `serve`.
 * @returns The text.
 */
export function serveUsage(): string {
  return `Usage: maelstrom serve [-b HOST] [-p PORT]

Serves store/ (in the current directory) over HTTP: every run, its files and its report.

${summarize(SERVE_OPTIONS).join("\n")}`;
}

/**
 * Runs `maelstrom serve`.
 * @param args The words after `serve`.
 * @returns The exit status (when the server stops).
 */
export function serveCommand(args: readonly string[]): Promise<number> {
  const parsed = parseOpts(args, SERVE_OPTIONS);
  if (parsed.options.help === true) {
    console.log(serveUsage());
    return Promise.resolve(0);
  }
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    return Promise.resolve(254);
  }
  const { host, port } = parsed.options as { host: string; port: number };
  return serve({ host, port }).finished.then(() => 0);
}

/**
 * A small leveled logger that writes to stderr, never stdout (stdout carries
 * only protocol messages).
 * @module
 */

/** Log levels, from the most verbose. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "off";

const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3, off: 4 };

/** Whether a string names a log level. */
export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === "string" && Object.hasOwn(RANK, value);
}

/** Where log lines go: stderr by default. */
export type LogSink = (line: string) => void;

const encoder = new TextEncoder();

/** Writes a line to stderr synchronously; a closed stderr is ignored. */
export const stderrSink: LogSink = (line) => {
  try {
    const bytes = encoder.encode(line + "\n");
    let written = 0;
    while (written < bytes.length) written += Deno.stderr.writeSync(bytes.subarray(written));
  } catch {
    // stderr is gone: nowhere left to report to.
  }
};

/**
 * The log level a node starts with: `--log-level=LEVEL` among its arguments,
 * else the environment variable `MAELSTROM_LOG` where the process may read it,
 * else `info`. A node runs with no permissions, so it may not read its
 * environment itself: the launcher of a `dist/` bundle passes `MAELSTROM_LOG`
 * on as `--log-level=` after the node's own arguments.
 */
export function defaultLogLevel(args: readonly string[] = []): LogLevel {
  for (const arg of args) {
    const m = /^--log-level=(.*)$/.exec(arg);
    if (m && isLogLevel(m[1])) return m[1];
  }
  try {
    const state = Deno.permissions.querySync({ name: "env", variable: "MAELSTROM_LOG" }).state;
    if (state === "granted") {
      const value = Deno.env.get("MAELSTROM_LOG");
      if (isLogLevel(value)) return value;
    }
  } catch {
    // no permission API or no access: keep the default
  }
  return "info";
}

/**
 * A leveled logger. Each line starts with the level and, once known, the
 * node's id.
 *
 * @example
 * ```ts
 * import { Logger } from "./log.ts";
 * const lines: string[] = [];
 * const log = new Logger({ level: "info", sink: (l) => lines.push(l) });
 * log.debug("hidden");
 * log.info("shown", { n: 1 });
 * console.assert(lines.length === 1 && lines[0].includes("shown {\"n\":1}"));
 * ```
 */
export class Logger {
  /** The current level; lines below it are dropped. */
  level: LogLevel;
  /** A prefix naming the node, set after `init`. */
  prefix = "";
  #sink: LogSink;

  constructor(options: { level?: LogLevel; sink?: LogSink } = {}) {
    this.level = options.level ?? "info";
    this.#sink = options.sink ?? stderrSink;
  }

  /** Whether lines of this level are written. */
  enabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[this.level] && level !== "off";
  }

  /** Logs at debug level. */
  debug(...parts: unknown[]): void {
    this.#write("debug", parts);
  }
  /** Logs at info level. */
  info(...parts: unknown[]): void {
    this.#write("info", parts);
  }
  /** Logs at warn level. */
  warn(...parts: unknown[]): void {
    this.#write("warn", parts);
  }
  /** Logs at error level. */
  error(...parts: unknown[]): void {
    this.#write("error", parts);
  }

  #write(level: LogLevel, parts: unknown[]): void {
    if (!this.enabled(level)) return;
    const text = parts.map(format).join(" ");
    this.#sink(`${level.toUpperCase().padEnd(5)} ${this.prefix}${text}`);
  }
}

function format(part: unknown): string {
  if (typeof part === "string") return part;
  if (part instanceof Error) {
    const cause = part.cause === undefined ? "" : ` (cause: ${format(part.cause)})`;
    return `${part.name}: ${part.message}${cause}`;
  }
  try {
    return JSON.stringify(part) ?? String(part);
  } catch {
    return String(part);
  }
}

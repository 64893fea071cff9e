/**
 * Node processes, as Maelstrom runs them (src/maelstrom/process.clj): spawn
 * with cwd = the OS temp directory,
 * inherited environment and piped stdio; stdin gets one JSON message per
 * line; stdout is read line by line and each line must be a valid envelope
 * — the first bad line stops the reading of that node's stdout for
 * the rest of the run, like Maelstrom, and is reported loudly; stderr is
 * appended to `node-logs/<id>.log`. Nodes are SIGKILLed at teardown; a node
 * that exits before that is a crash.
 * @module
 */

import type { Message } from "./history.ts";

/** Envelope keys a node may write. */
const ENVELOPE_KEYS = new Set(["src", "dest", "body", "id"]);
const TAIL = 32;

/**
 * Bytes of stdin a node may leave unread before its deliveries wait (the
 * size of a Linux pipe buffer).
 */
export const STDIN_BUFFER = 65536;

/**
 * How long {@link NodeProcess.kill} reads a node's output after the node
 * exited, for what a process it started still writes to the inherited pipes.
 */
export const DRAIN_MS = 200;

/** A line a node wrote to stdout that Maelstrom would reject (src/maelstrom/process.clj). */
export class NodeOutputError extends Error {
  /**
   * @param node The node.
   * @param line The offending line.
   * @param reason Why it is rejected.
   * @param options Standard error options.
   */
  constructor(
    readonly node: string,
    readonly line: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(`Node ${node} wrote a bad line to stdout (${reason}): ${JSON.stringify(line)}`, options);
    this.name = "NodeOutputError";
  }
}

/** A parsed node output envelope. */
export interface Envelope {
  src: string;
  dest: string;
  body: Record<string, unknown>;
}

/** Length of the first JSON value in `text` if it is an object or array, else -1. */
function firstValueEnd(text: string): number {
  let depth = 0, inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if (c === "}" || c === "]") {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Parses and checks one stdout line like Maelstrom (only the first JSON
 * value on a line is used).
 * @param node The node that wrote it.
 * @param line The line, without its newline.
 * @returns The envelope.
 * @throws {NodeOutputError} for a non-JSON or blank line, a non-object, a key
 * other than `src`/`dest`/`body`/`id`, a non-string `src`/`dest`, a missing
 * `body`, a string, number or boolean `body`, or a non-integer `id`.
 * @example
 * ```ts
 * import { parseOutputLine } from "./process.ts";
 * import assert from "node:assert";
 * assert.throws(() => parseOutputLine("n0", "hello"));
 * assert.equal(parseOutputLine("n0", '{"src":"n0","dest":"c1","body":{}}').dest, "c1");
 * ```
 */
export function parseOutputLine(node: string, line: string): Envelope {
  const bad = (reason: string, cause?: unknown) =>
    new NodeOutputError(node, line, reason, cause === undefined ? undefined : { cause });
  if (line.trim() === "") throw bad("blank line");
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch (error) {
    const trimmed = line.trimStart();
    const end = firstValueEnd(trimmed);
    try {
      if (end < 0) throw error;
      parsed = JSON.parse(trimmed.slice(0, end));
    } catch {
      throw bad("not well-formed JSON", error);
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw bad("not a JSON object");
  }
  const obj = parsed as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (!ENVELOPE_KEYS.has(key)) throw bad(`disallowed key ${JSON.stringify(key)}`);
  }
  if (typeof obj.src !== "string") throw bad(`"src" is not a string`);
  if (typeof obj.dest !== "string") throw bad(`"dest" is not a string`);
  if (!("body" in obj)) throw bad(`"body" is missing`);
  // Maelstrom turns the body's keys into keywords before it checks the
  // message: a string, number or boolean body throws there and cuts the
  // node off; a null body becomes an empty map.
  if (["string", "number", "boolean"].includes(typeof obj.body)) {
    throw bad(`"body" is not a JSON object`);
  }
  if ("id" in obj && !Number.isInteger(obj.id)) throw bad(`"id" is not an integer`);
  return { src: obj.src, dest: obj.dest, body: (obj.body ?? {}) as Record<string, unknown> };
}

/** Options of {@link NodeProcess.spawn}. */
export interface SpawnOptions {
  /** Node id (for logs and errors). */
  id: string;
  /** Executable (absolute path). */
  bin: string;
  /** Its argv after the executable. */
  args: string[];
  /** File to append stderr to. */
  logFile: string;
  /** Working directory; default the OS temp directory. */
  cwd?: string;
  /** Variables added to the inherited environment. */
  env?: Record<string, string>;
  /**
   * Start the node with this `nice` increment (used to undo the bench's own
   * priority boost, see {@link boostPriority}, so nodes run at the normal
   * priority).
   */
  niceIncrement?: number;
  /** Also echo stderr lines here (`--log-stderr`). */
  echoStderr?: (line: string) => void;
  /**
   * Called with each stdout line's envelope. Throwing stops the reading of
   * this node's stdout (like Maelstrom's "invalid dest").
   */
  onMessage: (envelope: Envelope) => void;
  /** Called once when stdout reading stops because of a bad line. */
  onOutputError: (error: Error, line: string) => void;
}

/** How a process ended before teardown. */
export interface Crash {
  code: number;
  signal: string | null;
}

/** How {@link boostPriority} raised the bench's priority. */
export type Boost = "realtime" | "nice" | false;

async function onEveryThread(cmd: string, args: (tid: string) => string[]): Promise<boolean> {
  const tids: string[] = [];
  for await (const e of Deno.readDir("/proc/self/task")) tids.push(e.name);
  const results = await Promise.all(tids.map(async (tid) => {
    const { code } = await new Deno.Command(cmd, {
      args: args(tid),
      stdout: "null",
      stderr: "null",
    }).output();
    return code === 0;
  }));
  return results.every((ok) => ok);
}

/**
 * Raises the scheduling priority of the bench process (Linux, needs the
 * privilege), so that the simulated network keeps its deadlines when the
 * nodes and other work saturate the CPU. The bench is mostly idle and its
 * delays come from waiting for a core when a timer is due, so it first tries
 * the round-robin realtime policy at the lowest realtime priority with
 * reset-on-fork, on every thread: threads and processes started later
 * (nodes included) run normally, and the kernel's realtime throttling still
 * leaves the other tasks a share of the CPU. Failing that, it lowers the
 * nice value of every thread by `amount`: threads and processes started
 * later inherit it, so start nodes with `niceIncrement: amount`. Set
 * `HARNESS_NO_REALTIME=1` to skip the realtime policy.
 * @param amount How much to lower the nice value in the fallback.
 * @returns `"realtime"`, `"nice"` (then start nodes with `niceIncrement`) or false.
 */
export async function boostPriority(amount = 10): Promise<Boost> {
  let noRt = "";
  try {
    noRt = Deno.env.get("HARNESS_NO_REALTIME") ?? "";
  } catch {
    // No env permission: try the realtime policy.
  }
  try {
    if (noRt === "" || noRt === "0") {
      if (await onEveryThread("chrt", (tid) => ["-r", "-R", "-p", "1", tid])) return "realtime";
    }
    const ok = await onEveryThread("renice", (tid) => ["-n", String(-amount), "-p", tid]);
    return ok ? "nice" : false;
  } catch {
    return false;
  }
}

/**
 * Undoes a `"realtime"` {@link boostPriority} (back to the normal policy),
 * so CPU-heavy work after the run, such as checkers, does not crowd out
 * other processes.
 */
export async function restorePriority(): Promise<void> {
  try {
    await onEveryThread("chrt", (tid) => ["-o", "-p", "0", tid]);
  } catch {
    // Nothing to undo.
  }
}

/** The OS temp directory (Maelstrom's `java.io.tmpdir`). */
export function tmpDir(): string {
  return Deno.env.get("TMPDIR") ?? "/tmp";
}

/** A running node process. */
export class NodeProcess {
  readonly id: string;
  #child: Deno.ChildProcess;
  #writer: WritableStreamDefaultWriter<Uint8Array>;
  #encoder = new TextEncoder();
  #stdoutTail: string[] = [];
  #stderrTail = "";
  #tornDown = false;
  #crash: Crash | undefined;
  #done: Promise<void>;
  #exited: Promise<Crash>;
  #writeFailed = false;
  #unwritten = 0;
  #readers: ReadableStreamDefaultReader<Uint8Array>[] = [];

  private constructor(options: SpawnOptions, child: Deno.ChildProcess, log: Deno.FsFile) {
    this.id = options.id;
    this.#child = child;
    this.#writer = child.stdin.getWriter();
    const stdout = this.#readStdout(options);
    const stderr = this.#readStderr(options, log);
    let died!: (crash: Crash) => void;
    this.#exited = new Promise((resolve) => died = resolve);
    const status = child.status.then((s) => {
      if (this.#tornDown) return;
      this.#crash = { code: s.code, signal: s.signal };
      died(this.#crash);
    });
    this.#done = Promise.all([stdout, stderr, status]).then(() => {}, () => {});
  }

  /**
   * Spawns a node.
   * @param options What to run and where its output goes.
   * @returns The process.
   * @throws {Deno.errors.NotFound} if the executable does not exist.
   */
  static async spawn(options: SpawnOptions): Promise<NodeProcess> {
    const log = await Deno.open(options.logFile, { append: true, create: true });
    try {
      const nice = options.niceIncrement;
      const child = new Deno.Command(nice ? "nice" : options.bin, {
        args: nice ? ["-n", String(nice), options.bin, ...options.args] : options.args,
        cwd: options.cwd ?? tmpDir(),
        env: options.env,
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      return new NodeProcess(options, child, log);
    } catch (error) {
      log.close();
      throw error;
    }
  }

  /** The OS process id. */
  get pid(): number {
    return this.#child.pid;
  }

  /** Set when the process exited before teardown. */
  get crash(): Crash | undefined {
    return this.#crash;
  }

  /**
   * Settles when the process exits before teardown (a crash); never if it
   * is still running at {@link kill}.
   */
  get exited(): Promise<Crash> {
    return this.#exited;
  }

  /** The last 32 stdout lines. */
  get stdoutTail(): string[] {
    return [...this.#stdoutTail];
  }

  /** The last 32 stderr lines. */
  get stderrTail(): string[] {
    const lines = this.#stderrTail.split("\n");
    if (lines.at(-1) === "") lines.pop();
    return lines.slice(-TAIL);
  }

  /**
   * Writes messages to stdin, one JSON line each, in one write. Like
   * Maelstrom's blocking write to the pipe, it holds the caller only when
   * the node is not reading: writes are queued (in order) without waiting
   * until more than {@link STDIN_BUFFER} bytes are unwritten, and then the
   * returned promise settles once they are.
   * @param messages The messages (with their network `id`).
   * @returns Nothing, or when the backlog was written (or failed: a dead
   * node's stdin is ignored).
   */
  write(messages: readonly Message[]): void | Promise<void> {
    if (this.#writeFailed) return;
    let text = "";
    for (const m of messages) {
      text += `{"id":${m.id},"src":${JSON.stringify(m.src)},"dest":${
        JSON.stringify(m.dest)
      },"body":${JSON.stringify(m.body)}}\n`;
    }
    const bytes = this.#encoder.encode(text);
    this.#unwritten += bytes.length;
    const done = this.#writer.write(bytes).then(
      () => void (this.#unwritten -= bytes.length),
      () => void (this.#writeFailed = true),
    );
    if (this.#unwritten > STDIN_BUFFER) return done;
  }

  /**
   * SIGKILLs the process (if still running), closes its stdin and waits for
   * its output to end, at most {@link DRAIN_MS} after it exited. A node
   * started by a wrapper (a shell script without `exec`) leaves the real
   * node holding the pipes: without the bound teardown would wait for it
   * forever. Like the JVM at a process's exit (Maelstrom's stop-node!), the
   * bench then drops the pipes, so that child reads end of input.
   */
  async kill(): Promise<void> {
    this.#tornDown = this.#crash === undefined;
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // Already exited.
    }
    await this.#child.status.catch(() => {});
    await this.#writer.abort().catch(() => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const drained = await Promise.race([
        this.#done.then(() => true),
        new Promise<false>((resolve) => timer = setTimeout(() => resolve(false), DRAIN_MS)),
      ]);
      if (!drained) await Promise.all(this.#readers.map((r) => r.cancel().catch(() => {})));
    } finally {
      clearTimeout(timer);
    }
    await this.#done;
  }

  async #readStdout(options: SpawnOptions): Promise<void> {
    const decoder = new TextDecoder();
    const reader = this.#child.stdout.getReader();
    this.#readers.push(reader);
    let rest = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const text = rest + decoder.decode(value, { stream: true });
        const lines = text.split("\n");
        rest = lines.pop()!;
        for (const line of lines) {
          this.#stdoutTail.push(line);
          if (this.#stdoutTail.length > TAIL) this.#stdoutTail.shift();
          try {
            options.onMessage(parseOutputLine(options.id, line));
          } catch (error) {
            options.onOutputError(error as Error, line);
            // Like Maelstrom: never read this node's stdout again. The pipe
            // stays open, so the node eventually blocks on write.
            return;
          }
        }
      }
    } catch {
      // Stream closed by the kill.
    }
  }

  async #readStderr(options: SpawnOptions, log: Deno.FsFile): Promise<void> {
    const decoder = new TextDecoder();
    let partial = "";
    const reader = this.#child.stderr.getReader();
    this.#readers.push(reader);
    try {
      for (;;) {
        const { value: chunk, done } = await reader.read();
        if (done) return;
        await log.write(chunk);
        const text = decoder.decode(chunk, { stream: true });
        this.#stderrTail = (this.#stderrTail + text).slice(-8192);
        if (options.echoStderr !== undefined) {
          const lines = (partial + text).split("\n");
          partial = lines.pop()!;
          for (const line of lines) options.echoStderr(line);
        }
      }
    } catch {
      // Stream closed by the kill.
    } finally {
      log.close();
    }
  }
}

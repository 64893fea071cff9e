/**
 * The bench's log on stderr: plain lines, or with `--logging-json` one JSON
 * object per line (as Jepsen's structured log); nothing with `--quiet`.
 * With `--log-net-send`/`--log-net-recv` the network logs each message as
 * Maelstrom does (`:send`/`:recv` and the message as Clojure prints it).
 * @module
 */

import type { Message } from "../history.ts";
import { type Deliver, Network, type NetworkOptions, type RegisterOptions } from "../network.ts";
import type { TestOptions } from "../options.ts";
import { edn } from "../report/_edn.ts";

/** Writes one log line; `logger` names its source (default `maelstrom.bench`). */
export type Log = (line: string, logger?: string) => void;

/**
 * Makes the run's logger.
 * @param options The run's options (`quiet`, `loggingJson`).
 * @param write Where lines go (default stderr).
 * @returns The logger.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { defaultOptions } from "../options.ts";
 * import { makeLog } from "./log.ts";
 * const lines: string[] = [];
 * makeLog({ ...defaultOptions(), loggingJson: true }, (l) => lines.push(l))("hello");
 * assert.equal(JSON.parse(lines[0]).message, "hello");
 * ```
 */
export function makeLog(
  options: TestOptions,
  write: (line: string) => void = (line) => console.error(line),
): Log {
  if (options.quiet) return () => {};
  if (options.loggingJson) {
    return (message, logger = "maelstrom.bench") =>
      write(JSON.stringify({
        "@timestamp": new Date().toISOString(),
        level: "INFO",
        logger_name: logger,
        message,
      }));
  }
  return (message, logger) => write(logger === undefined ? message : `INFO ${logger} - ${message}`);
}

/**
 * A message as Maelstrom's log prints it: its record as Clojure prints it.
 * @param m The message.
 * @returns `#maelstrom.net.message.Message{:id 3, :src "c1", :dest "n1", :body {…}}`.
 */
export function printMessage(m: Message): string {
  return `#maelstrom.net.message.Message{:id ${m.id}, :src ${JSON.stringify(m.src)}, :dest ${
    JSON.stringify(m.dest)
  }, :body ${edn(m.body)}}`;
}

/** Options of {@link LoggedNetwork}. */
export interface LoggedNetworkOptions extends NetworkOptions {
  /** Log each message the network accepts. */
  logSend?: boolean;
  /** Log each message as it is delivered (not those a partition drops). */
  logRecv?: boolean;
  log: Log;
}

/** The network, logging messages at send and at delivery when asked to. */
export class LoggedNetwork extends Network {
  #o: LoggedNetworkOptions;
  /** Lines logged during a send (a zero-latency message is delivered at once): kept in order. */
  #held: string[] | undefined;

  /** @param options The network's options and what to log. */
  constructor(options: LoggedNetworkOptions) {
    super(options);
    this.#o = options;
  }

  /** As {@link Network.send}, then logs `:send`. */
  override send(src: string, dest: string, body: Record<string, unknown>): Message {
    const outer = this.#held === undefined;
    const held = this.#held ??= [];
    // This send's line goes before whatever it caused.
    const at = held.length;
    try {
      const m = super.send(src, dest, body);
      if (this.#o.logSend) held.splice(at, 0, `:send ${printMessage(m)}`);
      return m;
    } finally {
      if (outer) {
        this.#held = undefined;
        for (const line of held) this.#o.log(line, "maelstrom.net");
      }
    }
  }

  /** As {@link Network.register}, logging `:recv` at each delivery. */
  override register(id: string, deliver: Deliver, options?: RegisterOptions): void {
    if (!this.#o.logRecv) return super.register(id, deliver, options);
    super.register(id, (messages) => {
      for (const m of messages) {
        const line = `:recv ${printMessage(m)}`;
        if (this.#held !== undefined) this.#held.push(line);
        else this.#o.log(line, "maelstrom.net");
      }
      return deliver(messages);
    }, options);
  }
}

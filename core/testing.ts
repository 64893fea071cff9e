/**
 * In-memory drivers for unit-testing nodes without processes: feed a node
 * messages, capture what it sends, move a fake clock.
 *
 * @example
 * ```ts
 * import { Node, z } from "../mod.ts";
 * import { TestNode } from "./testing.ts";
 *
 * const t = new TestNode((node) =>
 *   node.handle("echo", z.object({ echo: z.string() }), (req) => ({
 *     type: "echo_ok",
 *     echo: req.body.echo,
 *   }))
 * );
 * await t.init();
 * const reply = await t.request("c1", { type: "echo", echo: "hi" });
 * console.assert(reply.echo === "hi");
 * ```
 * @module
 */
import { FakeClock, settle } from "./clock.ts";
import type { Body, Message, OutBody } from "./message.ts";
import { Node, type NodeOptions } from "./node.ts";

/** Options of {@linkcode TestNode}. */
export interface TestNodeOptions extends Omit<NodeOptions, "output" | "clock"> {
  /** This node's id. Default `"n0"`. */
  nodeId?: string;
  /** All node ids. Default `[nodeId]`. */
  nodeIds?: string[];
  /** A shared clock (for several nodes). Default: a new one. */
  clock?: FakeClock;
}

const decoder = new TextDecoder();

/** One node driven in memory, with everything it writes captured as messages. */
export class TestNode {
  /** The node under test. */
  readonly node: Node;
  /** The fake clock its timers run on. */
  readonly clock: FakeClock;
  /** Messages the node sent and nobody has taken yet, in order. */
  outbox: Message[] = [];
  /** Every line the node wrote, raw. */
  readonly lines: string[] = [];
  readonly #nodeId: string;
  readonly #nodeIds: string[];
  #clientMsgId = 1000;
  #partial = "";

  constructor(setup: (node: Node) => void, options: TestNodeOptions = {}) {
    this.clock = options.clock ?? new FakeClock();
    this.#nodeId = options.nodeId ?? "n0";
    this.#nodeIds = options.nodeIds ?? [this.#nodeId];
    this.node = new Node({
      args: [],
      logLevel: "off",
      ...options,
      clock: this.clock,
      output: {
        write: (bytes) => {
          this.#capture(decoder.decode(bytes));
          return Promise.resolve(bytes.length);
        },
      },
    });
    setup(this.node);
  }

  #capture(text: string): void {
    const parts = (this.#partial + text).split("\n");
    this.#partial = parts.pop() ?? "";
    for (const line of parts) {
      this.lines.push(line);
      this.outbox.push(JSON.parse(line));
    }
  }

  /** Sends `init` and waits for `init_ok`. */
  async init(): Promise<void> {
    const reply = await this.request("c0", {
      type: "init",
      node_id: this.#nodeId,
      node_ids: this.#nodeIds,
    });
    if (reply.type !== "init_ok") throw new Error(`Expected init_ok: got ${JSON.stringify(reply)}`);
  }

  /** Delivers a message as if read from stdin and lets the node run. */
  async deliver(message: Message): Promise<void> {
    this.node.receiveLine(JSON.stringify(message));
    await settle();
  }

  /** Delivers a raw input line. */
  async deliverLine(line: string): Promise<void> {
    this.node.receiveLine(line);
    await settle();
  }

  /**
   * Sends a request from `src` and returns the node's reply body.
   * @throws when the node did not reply (yet)
   */
  async request(src: string, body: OutBody): Promise<Body> {
    const msgId = ++this.#clientMsgId;
    await this.deliver({ src, dest: this.#nodeId, body: { ...body, msg_id: msgId } });
    const reply = this.take((m) => m.dest === src && m.body.in_reply_to === msgId)[0];
    if (reply === undefined) throw new Error(`No reply from ${this.#nodeId} to msg_id ${msgId}`);
    return reply.body;
  }

  /** Removes and returns the captured messages that match `filter` (all by default). */
  take(filter: (m: Message) => boolean = () => true): Message[] {
    const taken = this.outbox.filter(filter);
    this.outbox = this.outbox.filter((m) => !filter(m));
    return taken;
  }

  /** Moves the fake clock forward, firing due timers. */
  async advance(ms: number): Promise<void> {
    await this.clock.advance(ms);
  }
}

/**
 * Several in-memory nodes on one fake clock, wired to each other and to
 * fake services, with partitions: enough of a network to unit-test gossip
 * and service protocols without processes.
 * @module
 */
import { FakeClock, type Node } from "../../mod.ts";
import type { Body, Message, OutBody } from "../../mod.ts";
import { TestNode } from "../../core/testing.ts";
import { settle } from "../../core/clock.ts";

/** A fake service: answers a request body from `src` (undefined: no reply). */
export interface FakeService {
  /** Handles one request; returns the reply body without `in_reply_to`. */
  handle(src: string, body: Body): OutBody | undefined;
}

/** Options of {@linkcode Cluster}. */
export interface ClusterOptions {
  /** Services by id (`"seq-kv"`). */
  services?: Record<string, FakeService>;
}

/**
 * Nodes `ids` built by `setup`, delivering each other's messages whenever
 * {@linkcode Cluster.pump} runs (zero latency, FIFO), except across a cut.
 *
 * @example
 * ```ts
 * import { Cluster } from "./cluster.ts";
 * import { z } from "../../mod.ts";
 * const c = new Cluster(["n0"], (node) =>
 *   node.handle("ping", z.object({}), () => ({ type: "pong" })));
 * await c.init();
 * console.assert((await c.request("n0", { type: "ping" })).type === "pong");
 * ```
 */
export class Cluster {
  /** The shared clock. */
  readonly clock = new FakeClock();
  /** The nodes by id. */
  readonly nodes = new Map<string, TestNode>();
  /** Every message a node sent to another node (delivered or dropped), in order. */
  readonly sent: Message[] = [];
  /** Decides whether a message is dropped (a partition, a lost reply). */
  drop: (m: Message) => boolean = () => false;
  #services: Record<string, FakeService>;
  #replies: Message[] = [];
  #client = 0;

  /**
   * Builds the nodes (call {@linkcode Cluster.init} next).
   * @param ids the node ids (`["n0", "n1"]`)
   * @param setup builds each node's handlers
   * @param options fake services
   */
  constructor(ids: string[], setup: (node: Node) => void, options: ClusterOptions = {}) {
    this.#services = options.services ?? {};
    for (const id of ids) {
      this.nodes.set(id, new TestNode(setup, { nodeId: id, nodeIds: ids, clock: this.clock }));
    }
  }

  /** The node `id`. */
  node(id: string): TestNode {
    const t = this.nodes.get(id);
    if (t === undefined) throw new Error(`No such node: "${id}"`);
    return t;
  }

  /** Initialises every node. */
  async init(): Promise<void> {
    for (const t of this.nodes.values()) await t.init();
  }

  /** Cuts every link between `a` and `b` groups both ways (until {@linkcode Cluster.heal}). */
  partition(a: string[], b: string[]): void {
    const cut = (x: string, y: string) =>
      (a.includes(x) && b.includes(y)) || (b.includes(x) && a.includes(y));
    this.drop = (m) => cut(m.src, m.dest);
  }

  /** Removes every cut. */
  heal(): void {
    this.drop = () => false;
  }

  /** Delivers messages until none is left in flight; returns how many moved. */
  async pump(): Promise<number> {
    let moved = 0;
    for (let round = 0; round < 1000; round++) {
      await settle();
      const batch: Message[] = [];
      for (const t of this.nodes.values()) batch.push(...t.take());
      if (batch.length === 0) return moved;
      for (const m of batch) {
        moved++;
        const service = this.#services[m.dest];
        if (this.nodes.has(m.dest)) this.sent.push(m);
        if (this.drop(m)) continue;
        if (service !== undefined) {
          const reply = service.handle(m.src, m.body);
          if (reply !== undefined && m.body.msg_id !== undefined) {
            await this.node(m.src).deliver({
              src: m.dest,
              dest: m.src,
              body: { ...reply, in_reply_to: m.body.msg_id },
            });
          }
        } else if (this.nodes.has(m.dest)) {
          await this.node(m.dest).deliver(m);
        } else {
          this.#replies.push(m);
        }
      }
    }
    throw new Error("Cannot pump: messages keep flowing after 1000 rounds");
  }

  /** Moves the clock forward `ms` in steps of `step`, pumping messages after each. */
  async run(ms: number, step = 50): Promise<void> {
    for (let t = 0; t < ms; t += step) {
      await this.clock.advance(Math.min(step, ms - t));
      await this.pump();
    }
  }

  /**
   * Sends a client request to node `id` and returns its reply, running the
   * clock (in 10 ms steps, up to `maxMs`) until it comes.
   * @throws when no reply came within `maxMs`
   */
  async request(id: string, body: OutBody, maxMs = 0): Promise<Body> {
    const pending = this.send(id, body);
    for (let t = 0;; t += 10) {
      await this.pump();
      const reply = pending();
      if (reply !== undefined) return reply;
      if (t >= maxMs) throw new Error(`No reply from ${id} to ${JSON.stringify(body)}`);
      await this.clock.advance(10);
    }
  }

  /**
   * Sends a client request to node `id` without waiting; the returned
   * function gives its reply once there is one.
   */
  send(id: string, body: OutBody): () => Body | undefined {
    const src = `c${++this.#client}`;
    void this.node(id).deliver({ src, dest: id, body: { ...body, msg_id: 1 } });
    return () => this.#replies.find((m) => m.dest === src)?.body;
  }

  /** Every reply sent to client `c…` ids so far. */
  get replies(): readonly Message[] {
    return this.#replies;
  }
}

/**
 * The efficient kafka design: every node answers every request locally and
 * nodes exchange one batch per peer per tick (`kafka_sync`, carried by a
 * {@linkcode Link}: reliable, ordered, exactly once).
 *
 * - **Offsets without coordination.** Node `i` of `N` gives a `send` the
 *   smallest offset above every offset it has seen (any key) that is
 *   `≡ i (mod N)`: offsets are unique, increase per node (so per client),
 *   and are sparse per key (gaps stay empty forever).
 * - **Replication.** Each appended message goes to every peer as
 *   `["e", key, offset, msg]`; raised committed offsets as
 *   `["c", key, offset]`.
 * - **Watermarks.** A batch that carries all of its sender's queued events
 *   also carries `w`: the sender will never assign an offset below `w`, and
 *   the receiver now has all of the sender's messages below it. A node
 *   exposes to polls only offsets below its *frontier*, the minimum of its
 *   own next offset and every peer's latest `w`. Below the frontier the
 *   log can never change, so a poll never skips an offset that will later
 *   hold a message; above it nothing is shown yet.
 *
 * Polls, commits and committed-offset lists are local; so with N = 2 the
 * servers exchange about two messages per tick in all.
 * @module
 */
import { type Node, z } from "../../mod.ts";
import { type Batch, type Event, Link } from "./link.ts";
import { Logs } from "./logs.ts";

/** Options of {@linkcode replicatedKafka}. */
export interface ReplicatedOptions {
  /** Milliseconds between batches to a peer. Default 10. */
  tick?: number;
}

const Offsets = z.record(z.string(), z.int());
const SyncBody = z.object({
  seq: z.int(),
  events: z.array(z.array(z.unknown())),
  ack: z.int(),
  w: z.optional(z.int()),
});

/**
 * The offset node `index` of `count` assigns after having seen `seen`.
 * @param seen The highest offset seen so far (-1 for none).
 * @param index This node's position in `node_ids`.
 * @param count The number of nodes.
 * @returns The smallest offset above `seen` that is `≡ index (mod count)`.
 */
export function nextOffset(seen: number, index: number, count: number): number {
  const o = seen + 1;
  return o + (((index - o) % count) + count) % count;
}

/**
 * Installs the local-offsets, batched-replication kafka design on a node.
 * @param node The node.
 * @param options The tick.
 * @returns The node.
 */
export function replicatedKafka(node: Node, options: ReplicatedOptions = {}): Node {
  const tick = options.tick ?? 10;
  const logs = new Logs();
  const links = new Map<string, Link>();
  const marks = new Map<string, number>();
  let index = 0, count = 1;
  /** The highest offset assigned or seen, any key. */
  let seen = -1;
  const now = () => node.clock.now();

  const frontier = () => {
    let f = seen + 1;
    for (const w of marks.values()) f = Math.min(f, w);
    return f;
  };

  const flush = (peer: string, link: Link) => {
    const batch: Batch & { w?: number } | undefined = link.flush(now());
    if (batch === undefined) return;
    // The watermark holds only if this batch completes the stream so far.
    if (link.unsent === 0) batch.w = seen + 1;
    node.send(peer, { type: "kafka_sync", ...batch });
  };

  const apply = (src: string, ev: Event) => {
    switch (ev[0]) {
      case "e": {
        const offset = Number(ev[2]);
        logs.insert(String(ev[1]), offset, ev[3]);
        if (offset > seen) {
          seen = offset;
          // Tell every peer our watermark rose (it bounds their frontiers).
          for (const [peer, link] of links) if (peer !== src) link.touch(now());
        }
        break;
      }
      case "c":
        logs.commit({ [String(ev[1])]: Number(ev[2]) });
        break;
      default:
        node.log.warn(`Cannot apply event from ${src}: ${JSON.stringify(ev)}`);
    }
  };

  node.onInit((n) => {
    index = n.nodeIds.indexOf(n.id);
    count = n.nodeIds.length;
    for (const peer of n.peers) {
      links.set(peer, new Link({ rto: 30 * tick, ackDelay: 3 * tick }));
      marks.set(peer, 0);
    }
  });

  node.every(tick, () => {
    for (const [peer, link] of links) flush(peer, link);
  });

  return node
    .handle("send", z.object({ key: z.string(), msg: z.unknown() }), (req) => {
      const { key, msg } = req.body;
      const offset = seen = nextOffset(seen, index, count);
      logs.insert(key, offset, msg);
      for (const link of links.values()) link.push(["e", key, offset, msg]);
      return { type: "send_ok", offset };
    })
    .handle("poll", z.object({ offsets: Offsets }), (req) => ({
      type: "poll_ok",
      msgs: logs.poll(req.body.offsets, frontier()),
    }))
    .handle("commit_offsets", z.object({ offsets: Offsets }), (req) => {
      for (const [key, offset] of logs.commit(req.body.offsets)) {
        for (const link of links.values()) link.push(["c", key, offset]);
      }
      return { type: "commit_offsets_ok" };
    })
    .handle("list_committed_offsets", z.object({ keys: z.array(z.string()) }), (req) => ({
      type: "list_committed_offsets_ok",
      offsets: logs.committed(req.body.keys),
    }))
    .handle("kafka_sync", SyncBody, (req) => {
      const link = links.get(req.src);
      if (link === undefined) return;
      const { w, ...batch } = req.body;
      const complete = batch.seq <= link.expected;
      for (const ev of link.receive(batch, now())) apply(req.src, ev);
      if (w !== undefined && complete) marks.set(req.src, Math.max(marks.get(req.src)!, w));
    });
}

/**
 * The efficient kafka design: every key has an owner node (numeric keys:
 * `key mod N`; others: a hash) that alone assigns its offsets, densely. All
 * node-to-node traffic is one batch per peer per tick (`kafka_sync`, a
 * {@linkcode Link}) carrying, in order:
 *
 * - `["f", id, key, msg]`: a `send` that reached a non-owner, forwarded to
 *   the owner;
 * - `["e", key, offset, msg]`: a message the owner appended, copied to every
 *   other node (before any `r` for it, so the forwarding node has it too);
 * - `["r", id, offset]`: the offset the owner gave a forwarded send;
 * - `["c", key, offset]`: a raised committed offset.
 *
 * Polls, commits and committed-offset lists are served locally. A node's
 * copy of a log is always a prefix of the owner's (copies arrive in order,
 * exactly once), so a poll never skips an offset that will hold a message,
 * and every acknowledged message reaches every node. A forwarded send that
 * gets no offset within 4 s is answered with the indefinite error 0 (it may
 * still land), never later than that (the client is gone after 5 s).
 * @module
 */
import { CodedError, ErrorCode, type Node, type Request, z } from "../../mod.ts";
import { type Batch, type Event, Link } from "./link.ts";
import { Logs } from "./logs.ts";

/** Options of {@linkcode replicatedKafka}. */
export interface ReplicatedOptions {
  /** Milliseconds between batches to a peer. Default 10. */
  tick?: number;
  /** Milliseconds a forwarded send may wait for its offset. Default 4000. */
  sendTimeout?: number;
}

/**
 * The index of a key's owner among `n` nodes.
 * @param key The key.
 * @param n The number of nodes.
 * @returns An index in `0 … n-1`.
 */
export function ownerIndex(key: string, n: number): number {
  if (/^\d{1,15}$/.test(key)) return Number(key) % n;
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % n;
}

const Offsets = z.record(z.string(), z.int());
const SyncBody = z.object({ seq: z.int(), events: z.array(z.array(z.unknown())), ack: z.int() });

/**
 * Installs the owner-based, batched kafka design on a node.
 * @param node The node.
 * @param options Tick and send timeout.
 * @returns The node.
 */
export function replicatedKafka(node: Node, options: ReplicatedOptions = {}): Node {
  const tick = options.tick ?? 10;
  const sendTimeout = options.sendTimeout ?? 4000;
  const logs = new Logs();
  const links = new Map<string, Link>();
  const waiting = new Map<number, { req: Request<unknown>; deadline: number }>();
  let nextId = 0;
  const now = () => node.clock.now();

  const appendOwned = (key: string, msg: unknown): number => {
    const offset = logs.append(key, msg);
    for (const link of links.values()) link.push(["e", key, offset, msg]);
    return offset;
  };

  const apply = (src: string, ev: Event) => {
    switch (ev[0]) {
      case "e":
        if (!logs.put(String(ev[1]), Number(ev[2]), ev[3])) {
          node.log.warn(`Cannot copy ${JSON.stringify(ev)} from ${src}: not the next offset`);
        }
        break;
      case "f": {
        const offset = appendOwned(String(ev[2]), ev[3]);
        links.get(src)?.push(["r", ev[1], offset]);
        break;
      }
      case "r": {
        const w = waiting.get(Number(ev[1]));
        if (w === undefined) break;
        waiting.delete(Number(ev[1]));
        if (now() <= w.deadline) w.req.reply({ type: "send_ok", offset: ev[2] });
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
    for (const peer of n.peers) links.set(peer, new Link({ rto: 30 * tick, ackDelay: 3 * tick }));
  });

  node.every(tick, () => {
    const t = now();
    for (const [peer, link] of links) {
      const batch = link.flush(t);
      if (batch !== undefined) node.send(peer, { type: "kafka_sync", ...batch });
    }
    for (const [id, w] of waiting) {
      if (t < w.deadline) continue;
      waiting.delete(id);
      w.req.reply(new CodedError(ErrorCode.Timeout, "no offset from the key's owner yet").toBody());
    }
  });

  return node
    .handle("send", z.object({ key: z.string(), msg: z.unknown() }), (req) => {
      const { key, msg } = req.body;
      const owner = node.nodeIds[ownerIndex(key, node.nodeIds.length)];
      if (owner === node.id) return { type: "send_ok", offset: appendOwned(key, msg) };
      const id = ++nextId;
      waiting.set(id, { req: req as Request<unknown>, deadline: now() + sendTimeout });
      links.get(owner)!.push(["f", id, key, msg]);
    })
    .handle("poll", z.object({ offsets: Offsets }), (req) => ({
      type: "poll_ok",
      msgs: logs.poll(req.body.offsets),
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
      for (const ev of link.receive(req.body as Batch, now())) apply(req.src, ev);
    });
}

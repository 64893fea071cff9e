/**
 * Kafka-style log, rung 1: logs kept on each node. Each node keeps its own
 * log per key, gives a `send` the next offset of that log, and answers polls
 * and committed offsets from what it holds.
 *
 * Verdict: valid on 5a (one node: a log of its own is the log). INVALID on
 * 5b (two nodes): clients send to both nodes, and each hands out offsets 0,
 * 1, 2, … on its own, so two messages get the same offset of one key, and a
 * client polling one node never sees what was sent to the other. The checker
 * reports offsets shared by different messages (`inconsistent-offsets`:
 * 3331 of them in a 20 s run).
 *
 * ```sh
 * maelstrom test -w kafka --bin dist/steps/kafka/1-local --node-count 2 --concurrency 2n --time-limit 20 --rate 1000
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
const logs = new Map<string, unknown[]>();
const committed = new Map<string, number>();
const Offsets = z.record(z.string(), z.int());

node.handle("send", z.object({ key: z.string(), msg: z.unknown() }), (req) => {
  const { key, msg } = req.body;
  const log = logs.get(key) ?? [];
  logs.set(key, log);
  log.push(msg);
  return { type: "send_ok", offset: log.length - 1 };
});
node.handle("poll", z.object({ offsets: Offsets }), (req) => {
  const msgs: Record<string, Array<[number, unknown]>> = {};
  for (const [key, from] of Object.entries(req.body.offsets)) {
    const log = logs.get(key) ?? [];
    msgs[key] = log.slice(from).map((msg, i) => [from + i, msg]);
  }
  return { type: "poll_ok", msgs };
});
node.handle("commit_offsets", z.object({ offsets: Offsets }), (req) => {
  for (const [key, offset] of Object.entries(req.body.offsets)) {
    committed.set(key, Math.max(committed.get(key) ?? -1, offset));
  }
  return { type: "commit_offsets_ok" };
});
node.handle("list_committed_offsets", z.object({ keys: z.array(z.string()) }), (req) => {
  const offsets: Record<string, number> = {};
  for (const key of req.body.keys) {
    const offset = committed.get(key);
    if (offset !== undefined) offsets[key] = offset;
  }
  return { type: "list_committed_offsets_ok", offsets };
});

if (import.meta.main) await node.run();

/**
 * Maelstrom's lin-kv workload on our own Raft (challenges/_raft): every node
 * keeps the registers itself, replicated through a Raft log, and answers on
 * the majority side of any partition. Writes and cas go through the log;
 * reads are answered by the leader under its lease, without a log entry.
 *
 * One word after `--` picks the profile (see `../_raft/profile.ts`):
 * `latency` (default) or `frugal`.
 *
 * `maelstrom test -w lin-kv --bin dist/lin-kv --node-count 3 --concurrency 2n
 *  --time-limit 60 --rate 100 [--nemesis partition] [-- frugal]`
 * @module
 */
import { Node, type OutBody, z } from "../../mod.ts";
import { RaftServer, type RaftServerOptions } from "../_raft/server.ts";
import { type KvCommand, type KvQuery, KvStore } from "./store.ts";

const Read = z.object({ key: z.int() });
const Write = z.object({ key: z.int(), value: z.int() });
const Cas = z.object({ key: z.int(), from: z.int(), to: z.int() });

/** Options of {@linkcode linKvNode}: those of the Raft server, but the state machine. */
export type LinKvOptions = Omit<RaftServerOptions<KvCommand, KvQuery, OutBody>, "machine">;

/**
 * Builds the lin-kv node.
 * @param node The node to wire (default: a new one on stdin/stdout).
 * @param options Raft settings (default: from the node's arguments)
 * @returns The node.
 */
export function linKvNode(node: Node = new Node(), options: LinKvOptions = {}): Node {
  const raft = new RaftServer(node, { ...options, machine: () => new KvStore() });
  return node
    .handle("read", Read, (req) => {
      raft.submit(req, { kind: "read", query: { key: req.body.key } });
    })
    .handle("write", Write, (req) => {
      const { key, value } = req.body;
      raft.submit(req, { kind: "write", command: { f: "write", key, value } });
    })
    .handle("cas", Cas, (req) => {
      const { key, from, to } = req.body;
      raft.submit(req, { kind: "write", command: { f: "cas", key, from, to } });
    });
}

if (import.meta.main) await linKvNode().run();

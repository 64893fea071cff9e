/**
 * Maelstrom's txn-list-append workload on our own Raft (challenges/_raft),
 * strict-serializable and available on the majority side of any partition.
 *
 * The state machine is `lists.ts`: txns run one at a time, entirely, in log
 * order, on every node. A txn that appends goes through the log and is
 * answered by the leader once committed; a txn that only reads is answered
 * by the leader from its state under its lease, with no log entry. Either
 * way the answer reflects every txn answered before it was asked: the
 * order is serial and respects real time.
 *
 * One word after `--` picks the profile (see `../_raft/profile.ts`):
 * `latency` (default) or `frugal`.
 *
 * `maelstrom test -w txn-list-append --bin dist/txn-list-append --node-count 3
 *  --concurrency 2n --time-limit 60 --rate 100 [--nemesis partition]`
 * @module
 */
import { Node, type OutBody, z } from "../../mod.ts";
import { RaftServer, type RaftServerOptions } from "../_raft/server.ts";
import { Lists, type MicroOp } from "./lists.ts";

/** `["r", k, null]` or `["append", k, v]`, integers; a field-by-field check names the bad one. */
const MOP = z.tuple([z.enum(["r", "append"]), z.int(), z.nullable(z.int())]).check(
  z.refine(([f, , v]) => (f === "r") === (v === null), {
    message: "Invalid micro-op: a read's value must be null, an append's an integer",
  }),
);
const Txn = z.object({ txn: z.array(MOP) });

/** Options of {@linkcode txnListAppendNode}: those of the Raft server, but the state machine. */
export type TxnListAppendOptions = Omit<
  RaftServerOptions<MicroOp[], MicroOp[], OutBody>,
  "machine"
>;

/**
 * Builds the txn-list-append node.
 * @param node The node to wire (default: a new one on stdin/stdout).
 * @param options Raft settings (default: from the node's arguments)
 * @returns The node.
 */
export function txnListAppendNode(
  node: Node = new Node(),
  options: TxnListAppendOptions = {},
): Node {
  const raft = new RaftServer(node, {
    ...options,
    machine: () => {
      const lists = new Lists();
      const run = (txn: MicroOp[]): OutBody => ({ type: "txn_ok", txn: lists.execute(txn) });
      // A read-only txn changes nothing: the same code answers it as a query.
      return { apply: run, query: run };
    },
  });
  return node.handle("txn", Txn, (req) => {
    const txn = req.body.txn as MicroOp[];
    const readOnly = txn.every(([f]) => f === "r");
    raft.submit(req, readOnly ? { kind: "read", query: txn } : { kind: "write", command: txn });
  });
}

if (import.meta.main) await txnListAppendNode().run();

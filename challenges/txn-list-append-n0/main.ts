/**
 * Maelstrom's txn-list-append workload, strict-serializable: every txn runs
 * on one node, the leader (the first of `node_ids`), one at a time, in
 * memory (see `lists.ts`), and is answered after it ran. Other nodes forward
 * each txn to the leader and relay its answer; when the leader does not
 * answer within {@linkcode FORWARD_TIMEOUT} ms the txn may or may not have
 * run, so the client gets the indefinite error 13, never a definite one.
 *
 * `maelstrom test -w txn-list-append --bin dist/txn-list-append --node-count 2
 *  --concurrency 2n --time-limit 20 --rate 100 --nemesis partition`
 * @module
 */
import { type Body, CodedError, ErrorCode, isDefinite, Node, z } from "../../mod.ts";
import { Lists, type MicroOp } from "../txn-list-append/lists.ts";

/**
 * How long a non-leader waits for the leader's answer, ms: well inside the
 * client's 5 s timeout, with room for `--latency`.
 */
export const FORWARD_TIMEOUT = 1000;

/** Options of {@linkcode txnListAppendNode}. */
export interface TxnListAppendOptions {
  /** Milliseconds a non-leader waits for the leader. Default {@linkcode FORWARD_TIMEOUT}. */
  timeout?: number;
}

/** `["r", k, null]` or `["append", k, v]`, integers; a field-by-field check names the bad one. */
const MOP = z.tuple([z.enum(["r", "append"]), z.int(), z.nullable(z.int())]).check(
  z.refine(([f, , v]) => (f === "r") === (v === null), {
    message: "Invalid micro-op: a read's value must be null, an append's an integer",
  }),
);
const Txn = z.object({ txn: z.array(MOP) });
const TxnOk = z.object({ type: z.literal("txn_ok"), txn: z.array(z.unknown()) });

/**
 * Builds the txn-list-append node.
 * @param node The node to wire (default: a new one on stdin/stdout).
 * @param options how long to wait for the leader
 * @returns The node.
 */
export function txnListAppendNode(
  node: Node = new Node(),
  options: TxnListAppendOptions = {},
): Node {
  const timeout = options.timeout ?? FORWARD_TIMEOUT;
  const lists = new Lists();
  let leader = "";
  node.onInit((n) => {
    leader = n.nodeIds[0] ?? n.id;
  });

  const forward = async (txn: MicroOp[]): Promise<unknown[]> => {
    let reply: Body;
    try {
      reply = await node.rpc(leader, { type: "txn", txn }, { timeout });
    } catch (error) {
      if (error instanceof CodedError && isDefinite(error.code)) throw error;
      const why = error instanceof Error ? error.message : String(error);
      throw new CodedError(
        ErrorCode.Crash,
        `txn may or may not have happened: leader ${leader} did not answer: ${why}`,
        { cause: error },
      );
    }
    const parsed = z.safeParse(TxnOk, reply);
    if (!parsed.success) {
      throw new CodedError(
        ErrorCode.Crash,
        `txn may or may not have happened: malformed reply from ${leader}: ${
          JSON.stringify(reply)
        }`,
      );
    }
    return parsed.data.txn;
  };

  return node.handle("txn", Txn, async (req) => {
    const txn = req.body.txn as MicroOp[];
    if (node.id === leader) return { type: "txn_ok", txn: lists.execute(txn) };
    if (node.nodeIds.includes(req.src)) {
      // Only the leader executes; a peer's forward to us would loop.
      throw new CodedError(
        ErrorCode.TemporarilyUnavailable,
        `Not the leader: ${node.id} received a forwarded txn; the leader is ${leader}`,
      );
    }
    return { type: "txn_ok", txn: await forward(txn) };
  });
}

if (import.meta.main) await txnListAppendNode().run();

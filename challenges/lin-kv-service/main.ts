/**
 * Maelstrom's lin-kv workload: a linearizable key/value store of integer
 * registers with read, write and compare-and-set. Every client op is handed
 * to Maelstrom's own `lin-kv` service, which is linearizable and never
 * partitioned, so the node is linearizable and available. Only the failure
 * modes are the node's: the service's errors (20, 22) pass through, and a
 * service that does not answer within {@linkcode SERVICE_TIMEOUT} ms gives 11
 * for a read (nothing changed) and 13 for a write or cas (it may have landed).
 *
 * `maelstrom test -w lin-kv --bin dist/lin-kv --node-count 3 --concurrency 2n
 *  --time-limit 20 --rate 100 --nemesis partition`
 * @module
 */
import { CodedError, ErrorCode, isDefinite, KV, Node, z } from "../../mod.ts";

/**
 * How long each op waits for the service, ms: less than the client's 1 s, so
 * the client gets our answer rather than its own timeout.
 */
export const SERVICE_TIMEOUT = 800;

/** Options of {@linkcode linKvNode}. */
export interface LinKvOptions {
  /** Milliseconds to wait for the service. Default {@linkcode SERVICE_TIMEOUT}. */
  timeout?: number;
}

const Read = z.object({ key: z.int() });
const Write = z.object({ key: z.int(), value: z.int() });
const Cas = z.object({ key: z.int(), from: z.int(), to: z.int() });

/**
 * Turns a failed service call into the node's answer: definite errors (20,
 * 22, …) pass through; anything else (a timeout, a malformed reply, an
 * unknown code) becomes `unsure`: 11 for a read, 13 for a write or cas.
 */
function mapError(error: unknown, op: string, unsure: number): never {
  if (error instanceof CodedError && isDefinite(error.code)) throw error;
  const why = error instanceof Error ? error.message : String(error);
  const text = unsure === ErrorCode.TemporarilyUnavailable
    ? `${op} not done: lin-kv did not answer: ${why}`
    : `${op} may or may not have happened: lin-kv did not answer: ${why}`;
  throw new CodedError(unsure, text, { cause: error });
}

/**
 * Builds the lin-kv node.
 * @param node The node to wire (default: a new one on stdin/stdout).
 * @param options the service timeout
 * @returns The node.
 */
export function linKvNode(node: Node = new Node(), options: LinKvOptions = {}): Node {
  const kv = new KV(node, "lin-kv", { timeout: options.timeout ?? SERVICE_TIMEOUT });
  return node
    .handle("read", Read, async (req) => {
      try {
        return { type: "read_ok", value: await kv.read(req.body.key) };
      } catch (error) {
        mapError(error, "read", ErrorCode.TemporarilyUnavailable);
      }
    })
    .handle("write", Write, async (req) => {
      try {
        await kv.write(req.body.key, req.body.value);
        return { type: "write_ok" };
      } catch (error) {
        mapError(error, "write", ErrorCode.Crash);
      }
    })
    .handle("cas", Cas, async (req) => {
      try {
        await kv.cas(req.body.key, req.body.from, req.body.to);
        return { type: "cas_ok" };
      } catch (error) {
        mapError(error, "cas", ErrorCode.Crash);
      }
    });
}

if (import.meta.main) await linKvNode().run();

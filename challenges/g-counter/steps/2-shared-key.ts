/**
 * Grow-only counter, rung 2: one shared key in seq-kv. An add reads the key
 * and compare-and-sets it from the value read to value + delta, again until
 * the CAS succeeds (another node may have changed it in between); a read
 * reads the key.
 *
 * Verdict: INVALID. The adds are right: the CAS applies each delta exactly
 * once. The reads are not: seq-kv is only sequentially consistent, so a read
 * may be served from an older version of the store, as long as that node
 * has not seen anything newer. A node whose last write came before other
 * nodes' final adds can read a total that misses them, even 10 s after the
 * last add: its final read falls below the acceptable value.
 *
 * ```sh
 * maelstrom test -w g-counter --bin dist/steps/g-counter/2-shared-key --node-count 3 --rate 100 --time-limit 20 --nemesis partition
 * ```
 * @module
 */
import { CodedError, ErrorCode, KV, Node, z } from "../../../mod.ts";

const KEY = "counter";
const node = new Node();
const kv = new KV(node, "seq-kv");

node.handle("add", z.object({ delta: z.int() }), async (req) => {
  while (true) {
    const value = await kv.readOr(KEY, 0);
    try {
      await kv.cas(KEY, value, value + req.body.delta, { createIfNotExists: true });
      return { type: "add_ok" };
    } catch (error) {
      // 22: someone changed the key since our read; read again. Anything
      // else (a timeout) goes to the client as an error.
      if (!(error instanceof CodedError && error.code === ErrorCode.PreconditionFailed)) {
        throw error;
      }
    }
  }
});
// The mistake: a plain read may be stale (see above).
node.handle(
  "read",
  z.object({}),
  async () => ({ type: "read_ok", value: await kv.readOr(KEY, 0) }),
);

if (import.meta.main) await node.run();

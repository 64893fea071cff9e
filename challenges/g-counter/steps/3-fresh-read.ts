/**
 * Grow-only counter, rung 3: a read that cannot be stale. As rung 2, but a
 * read first writes a value no one has written before to a key of its own
 * node, then reads the counter.
 *
 * Verdict: valid. seq-kv runs every write on its newest version, and from
 * then on serves that node nothing older: the write pins the node to the
 * present, so the read after it sees every add acknowledged before the write.
 * The cost is messages: every read is now two round trips (4 messages), every
 * add at least two more, and the adds of all nodes contend on one key, each
 * failed CAS another round trip. `main.ts` gives each node a key of its own
 * (no contention), makes its adds' CAS the pin, and serves reads within
 * 250 ms from the last fresh sum.
 *
 * ```sh
 * maelstrom test -w g-counter --bin dist/steps/g-counter/3-fresh-read --node-count 3 --rate 100 --time-limit 20 --nemesis partition
 * ```
 * @module
 */
import { CodedError, ErrorCode, KV, Node, z } from "../../../mod.ts";

const KEY = "counter";
const node = new Node();
const kv = new KV(node, "seq-kv");
let reads = 0;

node.handle("add", z.object({ delta: z.int() }), async (req) => {
  while (true) {
    const value = await kv.readOr(KEY, 0);
    try {
      await kv.cas(KEY, value, value + req.body.delta, { createIfNotExists: true });
      return { type: "add_ok" };
    } catch (error) {
      if (!(error instanceof CodedError && error.code === ErrorCode.PreconditionFailed)) {
        throw error;
      }
    }
  }
});
node.handle("read", z.object({}), async () => {
  // A new value each time: writing a value the key already holds would not
  // change the store, and seq-kv would not have to run it on the newest version.
  await kv.write(`pin-${node.id}`, ++reads);
  return { type: "read_ok", value: await kv.readOr(KEY, 0) };
});

if (import.meta.main) await node.run();

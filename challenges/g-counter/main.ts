/**
 * Challenge 4, grow-only counter: every node keeps its own running total
 * under its own key in `seq-kv` and a read sums every node's key after a
 * write that pins it to seq-kv's newest version (see counter.ts).
 *
 * `maelstrom test -w g-counter --bin dist/g-counter --node-count 3 --rate 100
 *  --time-limit 20 --nemesis partition`
 * @module
 */
import { KV, Node, z } from "../../mod.ts";
import { SeqKvCounter, type SeqKvCounterOptions } from "./counter.ts";

/** Reads younger than this many ms are served from the last fresh sum. */
export const MAX_STALENESS = 250;

/**
 * Builds the g-counter node. Its command line may set the read cache's
 * lifetime: `--max-staleness=MS` (default {@linkcode MAX_STALENESS}; 0: every
 * read goes to seq-kv).
 */
export function gCounterNode(
  node: Node = new Node(),
  options: SeqKvCounterOptions = { maxStaleness: maxStalenessArg(node.args) },
): Node {
  const counter = new SeqKvCounter(node, new KV(node, "seq-kv"), options);
  return node
    .handle("add", z.object({ delta: z.int() }), async (req) => {
      await counter.add(req.body.delta);
      return { type: "add_ok" };
    })
    .handle("read", z.object({}), async () => ({ type: "read_ok", value: await counter.read() }));
}

function maxStalenessArg(args: readonly string[]): number {
  const arg = args.find((a) => a.startsWith("--max-staleness="));
  const ms = arg === undefined ? NaN : Number(arg.slice("--max-staleness=".length));
  return Number.isFinite(ms) && ms >= 0 ? ms : MAX_STALENESS;
}

if (import.meta.main) await gCounterNode().run();

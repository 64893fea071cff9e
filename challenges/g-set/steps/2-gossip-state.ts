/**
 * Grow-only set, rung 2: gossip the whole state. As rung 1, but every 500 ms
 * each node sends its whole set to every other node, and a node merges what
 * it gets by union.
 *
 * Verdict: valid. This is a state-based CRDT: union is commutative,
 * associative and idempotent, so it does not matter in which order, how
 * often, or after how long a node merges a state; and since the whole state
 * goes out again every 500 ms, a message lost to a partition needs no retry:
 * the next one after the heal carries everything. The price is size: every
 * message holds the whole set, growing with every add (thousands of elements
 * by the end of a run), to tell a peer the few it may lack. `main.ts` sends
 * only what a peer has not acknowledged (deltas, with version vectors).
 *
 * ```sh
 * maelstrom test -w g-set --bin dist/steps/g-set/2-gossip-state --node-count 5 --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const GOSSIP_MS = 500;

const node = new Node();
/** Keyed by JSON, so that equal elements that are not the same object are one. */
const elements = new Map<string, unknown>();
const add = (element: unknown) => elements.set(JSON.stringify(element), element);

node.handle("add", z.object({ element: z.unknown() }), (req) => {
  add(req.body.element);
  return { type: "add_ok" };
});
node.handle("read", z.object({}), () => ({ type: "read_ok", value: [...elements.values()] }));
node.handle("state", z.object({ elements: z.array(z.unknown()) }), (req) => {
  for (const element of req.body.elements) add(element);
});
node.every(GOSSIP_MS, () => {
  const body = { type: "state", elements: [...elements.values()] };
  for (const peer of node.peers) node.send(peer, body);
});

if (import.meta.main) await node.run();

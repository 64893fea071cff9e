/**
 * PN-counter, rung 2: two grow-only counters. As rung 1, but each node keeps
 * two totals per node, one of its increments and one of its decrements (as a
 * positive number), and merges each by max. A read is the sum of increments
 * minus the sum of decrements.
 *
 * Verdict: valid. Both totals only grow, so the larger one is always the
 * newer one: max is commutative, associative and idempotent on them, and
 * every node ends with every node's latest totals whatever the order and
 * repetition of the gossip. The value itself may go down; its parts never
 * do. `main.ts` is the same CRDT, sent as deltas with acknowledgements
 * instead of the whole map every 500 ms.
 *
 * ```sh
 * maelstrom test -w pn-counter --bin dist/steps/pn-counter/2-two-counters --node-count 5 --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const GOSSIP_MS = 500;

const node = new Node();
const incs = new Map<string, number>();
const decs = new Map<string, number>();
const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
const Totals = z.record(z.string(), z.int());

function merge(into: Map<string, number>, from: Record<string, number>): void {
  for (const [id, total] of Object.entries(from)) {
    into.set(id, Math.max(into.get(id) ?? 0, total));
  }
}

node.handle("add", z.object({ delta: z.int() }), (req) => {
  const { delta } = req.body;
  const totals = delta >= 0 ? incs : decs;
  totals.set(node.id, (totals.get(node.id) ?? 0) + Math.abs(delta));
  return { type: "add_ok" };
});
node.handle("read", z.object({}), () => ({ type: "read_ok", value: sum(incs) - sum(decs) }));
node.handle("state", z.object({ incs: Totals, decs: Totals }), (req) => {
  merge(incs, req.body.incs);
  merge(decs, req.body.decs);
});
node.every(GOSSIP_MS, () => {
  const body = { type: "state", incs: Object.fromEntries(incs), decs: Object.fromEntries(decs) };
  for (const peer of node.peers) node.send(peer, body);
});

if (import.meta.main) await node.run();

/**
 * PN-counter, rung 1: a grow-only counter's merge on a signed total. Each node
 * keeps, per node, that node's running total of deltas (which may now be
 * negative), gossips the whole map to every peer every 500 ms, and merges a
 * map it gets by taking the larger total per node, as a g-counter does. A
 * read is the sum.
 *
 * Verdict: INVALID. Max is the right merge only for values that never go
 * down: then the larger of two totals is the newer one. A signed total goes
 * down with every negative delta, so after n1's total drops from 7 to 4, a
 * node that has seen 7 keeps 7; even n1 takes 7 back when a peer's map
 * returns it. Final reads come out above the true sum.
 *
 * ```sh
 * maelstrom test -w pn-counter --bin dist/steps/pn-counter/1-signed-max --node-count 5 --time-limit 20 --rate 100 --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const GOSSIP_MS = 500;

const node = new Node();
const totals = new Map<string, number>();
const sum = () => [...totals.values()].reduce((a, b) => a + b, 0);

node.handle("add", z.object({ delta: z.int() }), (req) => {
  totals.set(node.id, (totals.get(node.id) ?? 0) + req.body.delta);
  return { type: "add_ok" };
});
node.handle("read", z.object({}), () => ({ type: "read_ok", value: sum() }));
node.handle("state", z.object({ totals: z.record(z.string(), z.int()) }), (req) => {
  for (const [id, total] of Object.entries(req.body.totals)) {
    totals.set(id, Math.max(totals.get(id) ?? total, total)); // the mistake
  }
});
node.every(GOSSIP_MS, () => {
  const body = { type: "state", totals: Object.fromEntries(totals) };
  for (const peer of node.peers) node.send(peer, body);
});

if (import.meta.main) await node.run();

/**
 * Unique ids, rung 1: a counter per node. Each node answers `generate` with
 * 1, 2, 3, … from its own counter.
 *
 * Verdict: INVALID. Every node counts from 1, so n0, n1 and n2 all hand out
 * 1, 2, 3, …: the checker finds the same id given to several requests
 * (`duplicated-count`). Unique per node is not unique per cluster.
 *
 * ```sh
 * maelstrom test -w unique-ids --bin dist/steps/unique-ids/1-counter --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
let next = 0;
node.handle("generate", z.object({}), () => ({ type: "generate_ok", id: ++next }));

if (import.meta.main) await node.run();

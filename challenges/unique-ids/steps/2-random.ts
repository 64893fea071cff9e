/**
 * Unique ids, rung 2: a random id. Each node answers `generate` with a random
 * UUID (122 random bits), asking no one.
 *
 * Verdict: valid, and available under any partition (`--availability total`):
 * no node waits for another. But unique only with high probability: n ids
 * collide with a chance of about n² / 2¹²³, some 10⁻²⁸ for the 30 000 ids
 * of a run. Fewer random bits show the birthday bound quickly: with 32 bits,
 * 30 000 ids collide in about one run in ten. `main.ts` needs no luck: node
 * i of N hands out i, i + N, i + 2N, …, which no other node can produce.
 *
 * ```sh
 * maelstrom test -w unique-ids --bin dist/steps/unique-ids/2-random --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition
 * ```
 * @module
 */
import { Node, z } from "../../../mod.ts";

const node = new Node();
node.handle("generate", z.object({}), () => ({ type: "generate_ok", id: crypto.randomUUID() }));

if (import.meta.main) await node.run();

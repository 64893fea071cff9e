/**
 * Totally-available transactions' ladder, for `make txn-steps` (tests/harness/steps.ts).
 * @module
 */
import type { Ladder } from "../../../tests/harness/steps.ts";

const tx = (nodes: number, model: string, extra: string[] = []) => [
  ..."-w txn-rw-register --concurrency 2n --time-limit 20 --rate 1000".split(" "),
  "--node-count",
  String(nodes),
  "--consistency-models",
  model,
  ...extra,
];
const total = ["--availability", "total", "--nemesis", "partition"];
const c6bi = tx(2, "read-uncommitted");
const c6bii = tx(2, "read-uncommitted", total);
// Our bench's --check-convergence (not Maelstrom's): after the heal and the
// recovery every node reads every key written, and all must agree.
const c6c = tx(2, "read-committed", total);

/** The ladder. */
export const LADDER: Ladder = {
  runs: [
    {
      rung: "1-forward",
      config: "6b i",
      args: c6bi,
      expect: true,
      why: "one copy, one txn at a time: serializable",
    },
    {
      rung: "1-forward",
      config: "6b ii",
      // With 2 nodes, two of the nemesis's four partition kinds cut nothing
      // (minority-third isolates ⌊(2 − 1) / 3⌋ = 0 nodes; the only ring of
      // majorities of 2 is both), and at the default interval (10 s) a 20 s
      // run has one or two partitions: it can pass by luck. At 3 s a run
      // still saw only no-op kinds (5 starts); at 1 s some 10 starts leave
      // about one run in a thousand without a cut.
      args: [...c6bii, "--nemesis-interval", "1"],
      expect: false,
      why: "a node cut off from n0 can answer nothing: not totally available",
      // A cut has to come within a short run: about 8 partitions in 4 s
      // leave some 1 run in 250 without one.
      short: { timeLimit: 4, args: ["--nemesis-interval", "1/4"] },
    },
    {
      rung: "2-replicate",
      config: "6c",
      args: c6c,
      expect: true,
      why: "every node answers alone; the checker finds no anomaly in the reads",
    },
    {
      rung: "2-replicate",
      config: "6c+conv",
      args: c6c,
      benchArgs: ["--check-convergence"],
      expect: false,
      why: "writes applied in arrival order: replicas disagree forever",
    },
    {
      rung: "main",
      config: "6c+conv",
      args: c6c,
      benchArgs: ["--check-convergence"],
      expect: true,
      why: "last writer wins by (Lamport clock, node): every replica agrees",
    },
  ],
  keyFigure(results) {
    const w = results.workload as Record<string, unknown>;
    const conv = w.convergence as Record<string, unknown> | undefined;
    const avail = (results.availability as Record<string, number> | undefined)?.["ok-fraction"];
    const types = (w["anomaly-types"] ?? []) as string[];
    const parts = [`ok ${avail?.toFixed(3) ?? "–"}`];
    if (types.length > 0) parts.push(types.join(", "));
    if (conv !== undefined) parts.push(`divergent keys ${conv["divergent-count"]}`);
    return parts.join(", ");
  },
};

/**
 * The `maelstrom test` commands of Maelstrom's own tutorial (doc/ in
 * github.com/jepsen-io/maelstrom: the echo, broadcast, g-set/counters,
 * datomic and raft chapters) and of Fly.io's Gossip Glomers pages
 * (fly.io/dist-sys), word for word, each once (where a page repeats a
 * command, its first place is named). Only `--bin` differs: each names the
 * tutorial's own node, and the tests give it ours for the same workload.
 * @module
 */

/** One command of the docs. */
export interface DocCommand {
  /** Where it is given. */
  source: string;
  /** The command, as printed there (after `./maelstrom` or `maelstrom`). */
  command: string;
  /**
   * The words Maelstrom passes to the node, when there are any. Fly.io's
   * 6c page prints `–-nemesis` with an en dash, which is no option but a
   * word for the node: the real Maelstrom runs that test with no nemesis,
   * launching each node with `["–-nemesis" "partition"]`, and so do we.
   */
  args?: readonly string[];
  /** Run it (with a short time limit) in `make test`; else its arguments are checked only. */
  run?: boolean;
}

/** Every command, by source. */
export const DOC_COMMANDS: readonly DocCommand[] = [
  {
    source: "doc/01-getting-ready",
    command: "test -w echo --bin demo/ruby/echo.rb --time-limit 5",
  },
  {
    source: "doc/02-echo",
    command: "test -w echo --bin echo.rb --nodes n1 --time-limit 10 --log-stderr",
    run: true,
  },
  { source: "doc/02-echo", command: "test -w echo --bin echo.rb --nodes n1 --time-limit 10" },
  { source: "doc/02-echo", command: "test -w echo --bin demo/clojure/echo.clj --time-limit 10" },
  {
    source: "doc/03-broadcast",
    command: "test -w broadcast --bin broadcast.rb --time-limit 5 --log-stderr",
  },
  {
    source: "doc/03-broadcast",
    command: "test -w broadcast --bin broadcast.rb --time-limit 5 --rate 10",
  },
  {
    source: "doc/03-broadcast",
    command:
      "test -w broadcast --bin demo/clojure/gossip.clj --time-limit 10  --nemesis partition --log-stderr",
    run: true,
  },
  {
    source: "doc/03-broadcast/02-performance",
    command: "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command: "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology line",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology line --latency 10",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology grid --latency 10",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology grid --latency 100",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology grid --latency 100 --latency-dist exponential",
    run: true,
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology total --latency 100",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --rate 100 --node-count 25 --topology tree4 --latency 100",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command: "test -w broadcast --bin broadcast.rb --time-limit 20 --nemesis partition",
  },
  {
    source: "doc/03-broadcast/02-performance",
    command:
      "test -w broadcast --bin broadcast.rb --time-limit 20 --topology tree4 --nemesis partition",
  },
  { source: "doc/04-crdts/01-g-set", command: "test -w g-set --bin g_set.rb" },
  { source: "doc/04-crdts/01-g-set", command: "test -w g-set --bin g_set.rb --time-limit 10" },
  {
    source: "doc/04-crdts/01-g-set",
    command: "test -w g-set --bin g_set.rb --time-limit 10 --rate 100",
  },
  {
    source: "doc/04-crdts/01-g-set",
    command: "test -w g-set --bin g_set.rb --time-limit 30 --rate 10 --nemesis partition",
    run: true,
  },
  {
    source: "doc/04-crdts/01-g-set",
    command: "test -w g-set --bin g_set.rb --time-limit 20 --rate 10",
  },
  {
    source: "doc/04-crdts/02-counters",
    command: "test -w g-counter --bin counter.rb --time-limit 20 --rate 10",
  },
  {
    source: "doc/04-crdts/02-counters",
    command: "test -w pn-counter --bin counter.rb --time-limit 20 --rate 10",
  },
  {
    source: "doc/04-crdts/02-counters",
    command: "test -w pn-counter --bin counter.rb --time-limit 30 --rate 10 --nemesis partition",
  },
  {
    source: "doc/05-datomic/01-single-node",
    command: "test -w txn-list-append --bin datomic.rb --time-limit 10 --log-stderr --node-count 1",
  },
  {
    source: "doc/05-datomic/01-single-node",
    command: "test -w txn-list-append --bin datomic.rb --time-limit 10 --node-count 1",
  },
  {
    source: "doc/05-datomic/01-single-node",
    command:
      "test -w txn-list-append --bin datomic.rb --time-limit 30 --node-count 1 --concurrency 10n --rate 100",
  },
  {
    source: "doc/05-datomic/01-single-node",
    command: "test -w txn-list-append --bin datomic.rb --time-limit 10 --node-count 2",
  },
  {
    source: "doc/05-datomic/02-shared-state",
    command: "test -w txn-list-append --bin datomic.rb --time-limit 10 --node-count 2 --rate 100",
  },
  {
    source: "doc/05-datomic/04-optimization",
    command: "test -w txn-list-append --bin datomic.rb --time-limit 10 --node-count 2 --rate 1",
  },
  {
    source: "doc/05-datomic/04-optimization",
    command: "test -w txn-list-append --bin datomic.rb --time-limit 10 --node-count 2 --rate 10",
  },
  {
    source: "doc/05-datomic/04-optimization",
    command:
      "test -w txn-list-append --bin datomic.rb --time-limit 10 --node-count 2 --rate 100 --consistency-models serializable",
    run: true,
  },
  {
    source: "doc/06-raft/01-key-value",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 10 --rate 10 --node-count 1 --concurrency 2n",
  },
  {
    source: "doc/06-raft/01-key-value",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 10 --node-count 2 --rate 10 --concurrency 2n",
  },
  {
    source: "doc/06-raft/02-leader-election",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 10 --node-count 3 --concurrency 2n --rate 10",
  },
  {
    source: "doc/06-raft/02-leader-election",
    command: "test -w lin-kv --bin raft.rb --time-limit 10 --node-count 3 --concurrency 2n",
  },
  {
    source: "doc/06-raft/02-leader-election",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 10 --node-count 3 --concurrency 2n --rate 0 --log-stderr",
    run: true,
  },
  {
    source: "doc/06-raft/03-replication",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 10 --node-count 3 --concurrency 2n --rate 5",
  },
  {
    source: "doc/06-raft/03-replication",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 60 --node-count 3 --concurrency 2n --rate 1 --nemesis partition",
  },
  {
    source: "doc/06-raft/04-committing",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 60 --node-count 3 --concurrency 10n --rate 100 --nemesis partition --nemesis-interval 3 --test-count 5",
  },
  {
    source: "doc/06-raft/04-committing",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 10 --node-count 3 --concurrency 2n --rate 100",
  },
  {
    source: "doc/06-raft/04-committing",
    command:
      "test -w lin-kv --bin raft.rb --time-limit 30 --node-count 3 --concurrency 2n --rate 1 --nemesis partition --nemesis-interval 10",
  },
  {
    source: "doc/06-raft/04-committing",
    command:
      "test -w lin-kv --bin raft.rb --node-count 3 --concurrency 4n --rate 30 --time-limit 60 --nemesis partition --nemesis-interval 10 --test-count 10",
    run: true,
  },
  {
    source: "fly.io/dist-sys/1",
    command: "test -w echo --bin ~/go/bin/maelstrom-echo --node-count 1 --time-limit 10",
    run: true,
  },
  {
    source: "fly.io/dist-sys/2",
    command:
      "test -w unique-ids --bin ~/go/bin/maelstrom-unique-ids --time-limit 30 --rate 1000 --node-count 3 --availability total --nemesis partition",
    run: true,
  },
  {
    source: "fly.io/dist-sys/3a",
    command:
      "test -w broadcast --bin ~/go/bin/maelstrom-broadcast --node-count 1 --time-limit 20 --rate 10",
  },
  {
    source: "fly.io/dist-sys/3b",
    command:
      "test -w broadcast --bin ~/go/bin/maelstrom-broadcast --node-count 5 --time-limit 20 --rate 10",
  },
  {
    source: "fly.io/dist-sys/3c",
    command:
      "test -w broadcast --bin ~/go/bin/maelstrom-broadcast --node-count 5 --time-limit 20 --rate 10 --nemesis partition",
  },
  {
    source: "fly.io/dist-sys/3d",
    command:
      "test -w broadcast --bin ~/go/bin/maelstrom-broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100",
  },
  {
    source: "fly.io/dist-sys/3e",
    command:
      "test -w broadcast --bin ~/go/bin/maelstrom-broadcast --node-count 25 --time-limit 20 --rate 100 --latency 100",
  },
  {
    source: "fly.io/dist-sys/4",
    command:
      "test -w g-counter --bin ~/go/bin/maelstrom-counter --node-count 3 --rate 100 --time-limit 20 --nemesis partition",
    run: true,
  },
  {
    source: "fly.io/dist-sys/5a",
    command:
      "test -w kafka --bin ~/go/bin/maelstrom-kafka --node-count 1 --concurrency 2n --time-limit 20 --rate 1000",
  },
  {
    source: "fly.io/dist-sys/5b",
    command:
      "test -w kafka --bin ~/go/bin/maelstrom-kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000",
    run: true,
  },
  {
    source: "fly.io/dist-sys/5c",
    command:
      "test -w kafka --bin ~/go/bin/maelstrom-kafka --node-count 2 --concurrency 2n --time-limit 20 --rate 1000",
  },
  {
    source: "fly.io/dist-sys/6a",
    command:
      "test -w txn-rw-register --bin ~/go/bin/maelstrom-txn --node-count 1 --time-limit 20 --rate 1000 --concurrency 2n --consistency-models read-uncommitted --availability total",
  },
  {
    source: "fly.io/dist-sys/6b",
    command:
      "test -w txn-rw-register --bin ~/go/bin/maelstrom-txn --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-uncommitted",
  },
  {
    source: "fly.io/dist-sys/6b",
    command:
      "test -w txn-rw-register --bin ~/go/bin/maelstrom-txn --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-uncommitted --availability total --nemesis partition",
  },
  {
    source: "fly.io/dist-sys/6c",
    command:
      "test -w txn-rw-register --bin ~/go/bin/maelstrom-txn --node-count 2 --concurrency 2n --time-limit 20 --rate 1000 --consistency-models read-committed --availability total –-nemesis partition",
    args: ["–-nemesis", "partition"],
    run: true,
  },
];

/** Our node for each workload (the `dist/` name). */
export const NODE_OF: Readonly<Record<string, string>> = {
  "echo": "echo",
  "unique-ids": "unique-ids",
  "broadcast": "broadcast",
  "g-set": "g-set",
  "g-counter": "g-counter",
  "pn-counter": "pn-counter",
  "kafka": "kafka",
  "lin-kv": "lin-kv",
  "txn-list-append": "txn-list-append",
  "txn-rw-register": "txn",
};

/**
 * A doc command's words, with `--bin` naming our node for its workload.
 * @param command The command as printed in the docs.
 * @param dist Where our nodes are.
 * @returns The words after `maelstrom`.
 */
export function ourWords(command: string, dist: string): string[] {
  const words = command.split(/\s+/);
  const workload = words[words.indexOf("-w") + 1];
  const bin = words.indexOf("--bin") + 1;
  words[bin] = `${dist}/${NODE_OF[workload]}`;
  return words;
}

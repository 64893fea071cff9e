import assert from "node:assert/strict";
import { main, parseTestArgs } from "./cli.ts";
import { UsageError } from "./errors.ts";

Deno.test("cli has Maelstrom's defaults: n1…n5, 60 s, rate 5, concurrency 1n", () => {
  const o = parseTestArgs(["--bin", "x"]);
  assert.deepEqual(o.nodes, ["n1", "n2", "n3", "n4", "n5"]);
  assert.deepEqual([o.workload, o.timeLimit, o.rate, o.concurrency], ["lin-kv", 60, 5, 5]);
  assert.deepEqual([o.latency, o.latencyDist, o.nemesisInterval, o.recovery], [
    0,
    "constant",
    10,
    10,
  ]);
});

Deno.test("cli passes trailing words and words after -- to the node", () => {
  const o = parseTestArgs([
    "-w",
    "broadcast",
    "--bin",
    "x",
    "--node-count",
    "25",
    "latency",
    "--",
    "--v",
  ]);
  assert.deepEqual(o.args, ["latency", "--v"]);
  assert.equal(o.nodes.length, 25);
});

Deno.test("cli splits consistency models only on commas surrounded by whitespace", () => {
  assert.deepEqual(
    parseTestArgs(["--bin", "x", "--consistency-models", "read-committed , serializable"])
      .consistencyModels,
    ["read-committed", "serializable"],
  );
  assert.deepEqual(
    parseTestArgs(["--bin", "x", "--consistency-models", "a,b"]).consistencyModels,
    ["a,b"],
  );
});

Deno.test("cli rejects bad arguments naming the option", () => {
  for (
    const [args, re] of [
      [["--bin", "x", "--concurrency", "2x"], /--concurrency/],
      [["--bin", "x", "--rate", "fast"], /--rate/],
      [["--bin", "x", "--nemesis", "kill"], /--nemesis/],
      [["--bin", "x", "--topology", "ring"], /--topology/],
      [["--bin", "x", "--bogus"], /--bogus/],
      [["-w", "echo"], /--bin/],
    ] as const
  ) {
    assert.throws(() => parseTestArgs(args), (e) => e instanceof UsageError && re.test(e.message));
  }
});

Deno.test("cli exits 254 on bad arguments", async () => {
  const error = console.error;
  console.error = () => {};
  try {
    assert.equal(await main(["test", "--bin", "x", "--time-limit", "soon"]), 254);
  } finally {
    console.error = error;
  }
});

Deno.test("cli crashes (255) on a missing file, run or busy port in one line, without a stack trace", async () => {
  const error = console.error;
  let err = "";
  console.error = (...a: unknown[]) =>
    void (err += a.map((x) => typeof x === "string" ? x : Deno.inspect(x)).join(" ") + "\n");
  const busy = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  try {
    const cases: [string[], RegExp][] = [
      [
        ["analyze", "-t", "/nonexistent/run"],
        /StoredRunError: No stored run at "\/nonexistent\/run"/,
      ],
      [
        ["test", "-w", "echo", "--bin", "x", "--nodes-file", "/nonexistent/nodes"],
        /NodesFileError: Cannot read --nodes-file: "\/nonexistent\/nodes"/,
      ],
      [["serve", "-b", "127.0.0.1", "-p", String(busy.addr.port)], /AddrInUse: /],
    ];
    for (const [argv, re] of cases) {
      err = "";
      assert.equal(await main(argv), 255, argv.join(" "));
      const lines = err.trimEnd().split("\n");
      assert.equal(lines.length, 2, err);
      assert.match(lines[0], /^Oh jeez, I'm sorry, Jepsen broke/);
      assert.match(lines[1], re);
    }
  } finally {
    busy.close();
    console.error = error;
  }
});

import assert from "node:assert/strict";
import { DOC_COMMANDS, ourWords } from "./doc_commands.ts";
import { parseTest } from "./test_options.ts";

for (const { source, command, args } of DOC_COMMANDS) {
  Deno.test(`${source}: "maelstrom ${command}" parses as Maelstrom parses it`, () => {
    const words = ourWords(command, "dist");
    assert.equal(words[0], "test");
    const parsed = parseTest(words.slice(1));
    assert.deepEqual(parsed.errors, []);
    const o = parsed.options;
    const value = (flag: string) => {
      const i = words.indexOf(flag);
      return i < 0 ? undefined : words[i + 1];
    };
    assert.equal(o.workload, value("-w"));
    assert.equal(o.timeLimit, Number(value("--time-limit") ?? 60));
    assert.equal(o.rate, Number(value("--rate") ?? 5));
    const count = value("--node-count");
    const nodes = count !== undefined
      ? Array.from({ length: Number(count) }, (_, i) => `n${i}`)
      : value("--nodes")?.split(",") ?? ["n1", "n2", "n3", "n4", "n5"];
    assert.deepEqual(o.nodes, nodes);
    const c = value("--concurrency") ?? "1n";
    assert.equal(o.concurrency, c.endsWith("n") ? parseInt(c) * nodes.length : Number(c));
    assert.deepEqual(o.nemesis, value("--nemesis") ? [value("--nemesis")] : []);
    assert.equal(o.logStderr, words.includes("--log-stderr"));
    assert.equal(parsed.testCount, Number(value("--test-count") ?? 1));
    assert.deepEqual(o.args, args ?? []);
  });
}

import assert from "node:assert/strict";
import { z } from "zod";
import { main } from "../cli.ts";
import { defaultOptions, nodeIds } from "../options.ts";
import { Random } from "../random.ts";
import { kafka } from "../workloads/kafka.ts";
import { recordRpcs, typeOf } from "./doc.ts";

Deno.test("typeOf() writes a JSON Schema as a one-line type", () => {
  const schema = z.toJSONSchema(z.object({
    type: z.literal("poll_ok"),
    msgs: z.record(z.string(), z.array(z.tuple([z.int(), z.unknown()]))),
    value: z.optional(z.union([z.string(), z.null()])),
  }));
  assert.equal(
    typeOf(schema as Record<string, unknown>),
    '{type: "poll_ok", msgs: {[string]: [int, any][]}, value?: string | null}',
  );
});

Deno.test("recordRpcs() finds every RPC a workload's clients make, with the reply schema they check", async () => {
  const workload = kafka({
    options: { ...defaultOptions(), workload: "kafka", nodes: nodeIds(3), concurrency: 6 },
    random: new Random(1),
  });
  const rpcs = await recordRpcs(workload);
  assert.deepEqual(
    [...rpcs.keys()].sort(),
    [
      "commit_offsets",
      "list_committed_offsets",
      "poll",
      "send",
    ].filter((t) => rpcs.has(t)).sort(),
  );
  assert.ok(rpcs.has("send") && rpcs.has("poll"));
  assert.deepEqual(Object.keys(rpcs.get("send")!.reply), ["offset"]);
  assert.equal(rpcs.get("send")!.request.type, "send");
});

Deno.test("doc prints the protocol, every workload's RPCs and the services, and exits 0", async () => {
  const { log } = console;
  let out = "";
  console.log = (s: string) => void (out += s + "\n");
  try {
    assert.equal(await main(["doc"]), 0);
  } finally {
    console.log = log;
  }
  for (
    const w of ["echo", "broadcast", "g-set", "kafka", "lin-kv", "txn-list-append", "unique-ids"]
  ) {
    assert.match(out, new RegExp(`^## ${w}$`, "m"));
  }
  assert.match(
    out,
    /`\{"type":"echo","echo":"Please echo \d+","msg_id":1\}` \| `\{type: "echo_ok", in_reply_to: int, echo: any\}`/,
  );
  assert.match(out, /\| 11 \| temporarily-unavailable \| ✓ \|/);
  assert.match(out, /## lin-tso[\s\S]*"ts_ok"/);
});

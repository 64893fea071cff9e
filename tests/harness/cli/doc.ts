/**
 * `maelstrom doc`: the reference a node's author needs, printed from what
 * the bench itself runs on, so it cannot drift from it — each workload's
 * RPCs as its client sends them (an example request and the reply's
 * schema, the very zod schema the bench checks replies against, as JSON
 * Schema), the built-in services' requests and replies as they answer
 * them, and the protocol: envelopes, `init`, error codes. Maelstrom's
 * `doc` writes doc/workloads.md and doc/protocol.md from its registries;
 * ours prints Markdown to stdout (redirect it to keep it).
 * @module
 */

import { z } from "zod";
import { ERROR_CODES, RpcError } from "../errors.ts";
import { clients, stagger, timeLimit } from "../generator.ts";
import { Interpreter } from "../interpreter.ts";
import { defaultOptions, nodeIds } from "../options.ts";
import { Random } from "../random.ts";
import { Recorder } from "../recorder.ts";
import { defaultServices } from "../services/mod.ts";
import type { Connection, ReplyFields, Workload } from "../workload.ts";
import { WORKLOADS } from "../workloads/mod.ts";
import { parseOpts } from "./parse.ts";

/** One RPC as a workload's client makes it. */
export interface RpcDoc {
  /** An example request body (with `msg_id`). */
  request: Record<string, unknown>;
  /** The reply's fields besides `type`, `in_reply_to` and `msg_id`. */
  reply: ReplyFields;
}

/**
 * Records the RPCs a workload's clients make, by running its setup and
 * generators for a moment against connections that answer every request
 * with a definite error (so the run goes on, and nothing is sent anywhere).
 * @param workload The workload.
 * @returns Its RPCs by request type, in the order first made.
 */
export async function recordRpcs(workload: Workload): Promise<Map<string, RpcDoc>> {
  const rpcs = new Map<string, RpcDoc>();
  let ids = 0;
  const open = (node: string): Connection & { close(): void } => {
    let msgId = 1;
    return {
      id: `c${ids++}`,
      node,
      rpc: (body, reply) => {
        const request = { ...body, msg_id: msgId++ };
        if (!rpcs.has(body.type)) rpcs.set(body.type, { request, reply });
        return Promise.reject(new RpcError({ type: "error", code: 11, text: "doc" }));
      },
      close: () => {},
    };
  };
  const nodes = nodeIds(3);
  await workload.setup?.(open(nodes[0])).catch(() => {});
  const interpreter = new Interpreter({
    workload,
    nodes,
    concurrency: 2 * nodes.length,
    recorder: new Recorder(performance.now()),
    random: new Random(1),
    connections: { open },
  });
  await interpreter.run(timeLimit(0.3, clients(stagger(0.005, workload.generator()))));
  if (workload.finalGenerator) await interpreter.run(clients(workload.finalGenerator()));
  interpreter.close();
  return rpcs;
}

type Json = Record<string, unknown>;

/**
 * A JSON Schema as a one-line type: `{type: "send_ok", offset: int}`,
 * `[int, any][]`, `{[string]: int}`, `int | null`.
 * @param s The schema.
 * @returns The type.
 */
export function typeOf(s: Json): string {
  const sub = (x: unknown) => typeOf((x ?? {}) as Json);
  if (Array.isArray(s.anyOf)) return s.anyOf.map(sub).join(" | ");
  if ("const" in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(s.type)) return s.type.map((type) => typeOf({ ...s, type })).join(" | ");
  switch (s.type) {
    case "integer":
      return "int";
    case "number":
    case "string":
    case "boolean":
    case "null":
      return s.type;
    case "array":
      if (Array.isArray(s.prefixItems)) return `[${s.prefixItems.map(sub).join(", ")}]`;
      return Array.isArray((s.items as Json)?.anyOf) ? `(${sub(s.items)})[]` : `${sub(s.items)}[]`;
    case "object": {
      const props = Object.entries((s.properties ?? {}) as Record<string, Json>);
      const required = new Set((s.required ?? []) as string[]);
      const fields = props.map(([k, v]) => `${k}${required.has(k) ? "" : "?"}: ${typeOf(v)}`);
      if (typeof s.additionalProperties === "object") {
        fields.push(
          `[${sub(s.propertyNames ?? { type: "string" })}]: ${sub(s.additionalProperties)}`,
        );
      }
      return `{${fields.join(", ")}}`;
    }
  }
  return "any";
}

function replyType(reply: RpcDoc["reply"], type: string): string {
  const shape = z.object({ type: z.literal(`${type}_ok`), in_reply_to: z.int(), ...reply });
  try {
    return typeOf(z.toJSONSchema(shape, { unrepresentable: "any" }) as Json);
  } catch {
    return `{type: "${type}_ok", in_reply_to: int, ${Object.keys(reply).join(", ")}}`;
  }
}

/** Code in a Markdown table cell (a `|` would end the cell). */
const cell = (code: string) => `\`${code.replaceAll("|", "\\|")}\``;

async function workloadsDoc(): Promise<string[]> {
  const out = ["# Workloads", ""];
  for (const [name, load] of Object.entries(WORKLOADS).sort(([a], [b]) => a.localeCompare(b))) {
    const workload = (await load())({
      options: { ...defaultOptions(), workload: name, nodes: nodeIds(3), concurrency: 6 },
      random: new Random(1),
    });
    out.push(
      `## ${name}`,
      "",
      "| request (an example) | reply (its type; any other key is an error) |",
    );
    out.push("| --- | --- |");
    for (const [type, rpc] of await recordRpcs(workload)) {
      out.push(`| ${cell(JSON.stringify(rpc.request))} | ${cell(replyType(rpc.reply, type))} |`);
    }
    out.push("");
  }
  return out;
}

/** Example requests to the built-in services (what nodes send them). */
const SERVICE_REQUESTS: Record<string, Array<Record<string, unknown>>> = {
  kv: [
    { type: "write", key: "x", value: 1 },
    { type: "read", key: "x" },
    { type: "cas", key: "x", from: 1, to: 2 },
    { type: "cas", key: "x", from: 1, to: 3 },
    { type: "read", key: "y" },
    { type: "cas", key: "y", from: 0, to: 1, create_if_not_exists: true },
  ],
  tso: [{ type: "ts" }, { type: "ts" }],
};

function servicesDoc(): string[] {
  const out = [
    "# Services",
    "",
    "Nodes send these to the service's id as `dest`; the reply's `in_reply_to` is the request's `msg_id`.",
    "Each table is one run of requests, in order: seq-kv and lww-kv may answer from an older state.",
    "",
  ];
  for (const [id, service] of defaultServices(new Random(1))) {
    out.push(`## ${id}`, "", "| request | reply |", "| --- | --- |");
    for (const body of SERVICE_REQUESTS[id === "lin-tso" ? "tso" : "kv"]) {
      const request = { ...body, msg_id: 1 };
      const reply = service.handle("n0", request);
      out.push(`| ${cell(JSON.stringify(request))} | ${cell(JSON.stringify(reply ?? null))} |`);
    }
    out.push("");
  }
  return out;
}

function protocolDoc(): string[] {
  const out = [
    "# Protocol",
    "",
    "A node reads messages from stdin and writes messages to stdout, one JSON object per line:",
    '`{"src": "c1", "dest": "n1", "body": {…}}` (a key other than src, dest, body or id, a',
    "line that is not such an object, or a message to an unknown `dest` stops the reading of",
    "that node's stdout for the rest of the test). stderr is the node's log.",
    "",
    "Every body has a `type`; a request has a `msg_id`, its reply the same number as `in_reply_to`.",
    'First comes `{"type": "init", "msg_id": 1, "node_id": "n1", "node_ids": ["n1", "n2"]}`,',
    'answered by `{"type": "init_ok", "in_reply_to": 1}` within 10 s.',
    "",
    'An error reply: `{"type": "error", "in_reply_to": 5, "code": 11, "text": "…"}`.',
    "A definite error means the request certainly did not take effect.",
    "",
    "| code | name | definite |",
    "| ---: | :--- | :---: |",
  ];
  for (const [code, [name, definite]] of ERROR_CODES) {
    out.push(`| ${code} | ${name} | ${definite ? "✓" : ""} |`);
  }
  return [...out, ""];
}

/**
 * Runs `maelstrom doc` (like Maelstrom's, it has no options).
 * @param args The words after `doc`.
 * @returns The exit status.
 */
export async function docCommand(args: readonly string[]): Promise<number> {
  const parsed = parseOpts(args, []);
  if (parsed.errors.length > 0) {
    for (const e of parsed.errors) console.error(e);
    console.error("Usage: maelstrom doc  (prints the protocol, workloads and services reference)");
    return 254;
  }
  console.log([...protocolDoc(), ...(await workloadsDoc()), ...servicesDoc()].join("\n"));
  return 0;
}

import assert from "node:assert/strict";
import { type OptionSpec, parseOpts, summarize } from "./parse.ts";

const specs: OptionSpec[] = [
  { short: "-h", long: "--help", desc: "help" },
  { short: "-w", long: "--workload", arg: "NAME", desc: "w", default: "lin-kv" },
  {
    long: "--time-limit",
    arg: "SECONDS",
    desc: "t",
    default: 60,
    parse: Number,
    validate: { check: (v) => (v as number) > 0, message: "Must be positive" },
  },
  { long: "--bin", arg: "FILE", desc: "b", missing: "Expected a --bin" },
  { long: "--log-stderr", desc: "l", default: false },
];

Deno.test("parseOpts() takes values glued, after =, or next, even when they start with -", () => {
  const r = parseOpts(["-wecho", "--time-limit=5", "--bin", "--x"], specs);
  assert.deepEqual([r.options.workload, r.options["time-limit"], r.options.bin], [
    "echo",
    5,
    "--x",
  ]);
  assert.deepEqual(r.errors, []);
});

Deno.test("parseOpts() keeps every plain word and everything after -- as arguments", () => {
  const r = parseOpts(["a", "--bin", "x", "b", "--", "--log-stderr", "-w"], specs);
  assert.deepEqual(r.arguments, ["a", "b", "--log-stderr", "-w"]);
  assert.equal(r.options["log-stderr"], false);
});

Deno.test("parseOpts() collects tools.cli's error texts in order, then the missing options", () => {
  const r = parseOpts(["--bogus", "--time-limit", "0", "-x", "--workload"], specs);
  assert.deepEqual(r.errors, [
    'Unknown option: "--bogus"',
    'Failed to validate "--time-limit 0": Must be positive',
    'Unknown option: "-x"',
    'Missing required argument for "--workload NAME"',
    "Expected a --bin",
  ]);
  assert.equal(r.options["time-limit"], 60);
});

Deno.test("parseOpts() expands a clump of short flags until one takes a value", () => {
  const r = parseOpts(["-hwecho", "--bin", "b"], specs);
  assert.deepEqual([r.options.help, r.options.workload], [true, "echo"]);
});

Deno.test("parseOpts() sets a flag given with =value, ignoring the value, as tools.cli", () => {
  assert.equal(parseOpts(["--log-stderr=no", "--bin", "b"], specs).options["log-stderr"], true);
});

Deno.test("summarize() aligns forms, defaults of valued options, and descriptions", () => {
  const lines = summarize(specs.slice(0, 2));
  assert.deepEqual(lines, [
    "  -h, --help                   help",
    "  -w, --workload NAME  lin-kv  w",
  ]);
});

/**
 * Runs every row of the command-line table (`tests/harness/cli/option_table.ts`)
 * through a `maelstrom` launcher, the real one or ours, and prints each
 * row's exit status beside the one the table expects. Not part of
 * `make test` (it needs a real Maelstrom); run it by hand:
 *
 * ```sh
 * flock /work/team/cpu.lock deno run -A tests/cli_compare.ts --launcher /path/to/maelstrom \
 *   --bin "$PWD/dist/echo" --column maelstrom [--from N] [--to N]
 * deno run -A tests/cli_compare.ts --launcher dist/maelstrom --bin "$PWD/dist/echo" --column ours
 * ```
 *
 * Each launcher runs in a fresh directory (it writes `store/` there); a
 * row that runs longer than 120 s counts as a hang (status "hang").
 * Exits 1 when a status differs from the table's.
 * @module
 */

import { parseArgs } from "node:util";
import { join, resolve } from "node:path";
import { OPTION_ROWS, type OptionRow } from "./harness/cli/option_table.ts";

const { values } = parseArgs({
  options: {
    launcher: { type: "string" },
    bin: { type: "string" },
    column: { type: "string", default: "ours" },
    dir: { type: "string" },
    from: { type: "string", default: "0" },
    to: { type: "string" },
  },
});
if (values.launcher === undefined || values.bin === undefined) {
  console.error("usage: cli_compare.ts --launcher PATH --bin ECHO_NODE [--column maelstrom|ours]");
  Deno.exit(2);
}
const launcher = resolve(values.launcher);
const dir = values.dir ?? await Deno.makeTempDir({ prefix: "cli-compare-" });
await Deno.mkdir(dir, { recursive: true });
const nodesFile = join(dir, "nodes.txt");
await Deno.writeTextFile(nodesFile, "n1\nn2\n");
const vars: Record<string, string> = {
  $BIN: resolve(values.bin),
  $NODES: nodesFile,
  $MISSING: join(dir, "does-not-exist"),
};

async function run(row: OptionRow): Promise<number | "hang"> {
  const child = new Deno.Command(launcher, {
    args: row.argv.map((a) => vars[a] ?? a),
    cwd: dir,
    stdout: "null",
    stderr: "null",
    stdin: "null",
  }).spawn();
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  try {
    const status = await child.status;
    return status.signal === "SIGKILL" ? "hang" : status.code;
  } finally {
    clearTimeout(timer);
  }
}

const expectedOf = (row: OptionRow) =>
  values.column === "maelstrom" ? row.maelstrom : row.ours ?? row.maelstrom;
let differ = 0;
const to = values.to === undefined ? OPTION_ROWS.length : Number(values.to);
console.log(`| # | command | expected | got |\n|---|---|---|---|`);
for (let i = Number(values.from); i < to; i++) {
  const row = OPTION_ROWS[i];
  const got = await run(row);
  const ok = got === expectedOf(row);
  if (!ok) differ++;
  console.log(
    `| ${i} | \`maelstrom ${row.argv.join(" ")}\` | ${expectedOf(row)} | ${got}${
      ok ? "" : " **differs**"
    } |`,
  );
}
console.error(`${differ} row(s) differ; store in ${dir}`);
Deno.exit(differ === 0 ? 0 : 1);

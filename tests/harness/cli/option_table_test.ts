/**
 * The command-line table, row by row, in this process: every row that
 * ends before a test runs gives the table's exit status, and every row
 * that runs a test is accepted by the parser. `tests/maelstrom_test.ts`
 * runs those through `dist/maelstrom`.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { main } from "../../harness/cli.ts";
import { OPTION_ROWS } from "./option_table.ts";
import { parseTest } from "./test_options.ts";

const dir = Deno.makeTempDirSync({ prefix: "option-table-" });
const nodes = join(dir, "nodes.txt");
Deno.writeTextFileSync(nodes, "n1\nn2\n");
const vars: Record<string, string> = {
  $BIN: "/bin/true",
  $NODES: nodes,
  $MISSING: join(dir, "does-not-exist"),
};
const argvOf = (argv: readonly string[]) => argv.map((a) => vars[a] ?? a);

async function silently<T>(f: () => Promise<T>): Promise<T> {
  const { log, error } = console;
  console.log = console.error = () => {};
  try {
    return await f();
  } finally {
    Object.assign(console, { log, error });
  }
}

for (const row of OPTION_ROWS) {
  const expected = row.ours ?? row.maelstrom;
  if (row.runs && expected === 0) {
    if (row.argv[0] !== "test") continue;
    Deno.test(`maelstrom ${row.argv.join(" ")}: accepted (${row.name})`, () => {
      const parsed = parseTest(argvOf(row.argv.slice(1)));
      assert.deepEqual(parsed.errors, []);
      assert.equal(parsed.help, false);
    });
  } else {
    Deno.test(`maelstrom ${row.argv.join(" ")}: exits ${expected} (${row.name})`, async () => {
      assert.equal(await silently(() => main(argvOf(row.argv))), expected);
    });
  }
}

Deno.test("every row where ours differs from Maelstrom says why", () => {
  for (const row of OPTION_ROWS) {
    if (row.ours !== undefined) assert.match(row.note ?? "", /extension|ours/, row.name);
  }
});

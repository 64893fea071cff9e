/**
 * The ladders' pages, kept by tests: a learner who meets `make <name>-steps`
 * on a course page must find, one click away, what each rung does, the
 * command that runs it and the verdict it gets. So every challenge with a
 * ladder (`challenges/<name>/steps/ladder.ts`) has `steps/README.md`, which
 * names every rung's source and the make target, and both the challenge's
 * README and a course page link to it.
 * @module
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

/** The challenges with a ladder, and the rung sources of each (`1-local.ts`, …). */
function ladders(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const entry of Deno.readDirSync(new URL("challenges/", ROOT))) {
    if (!entry.isDirectory || entry.name.startsWith("_")) continue;
    const dir = new URL(`challenges/${entry.name}/steps/`, ROOT);
    let files: string[];
    try {
      files = [...Deno.readDirSync(dir)].map((e) => e.name);
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) continue;
      throw e;
    }
    if (!files.includes("ladder.ts")) continue;
    out.set(
      entry.name,
      files.filter((f) => /^\d+-.*\.ts$/.test(f) && !f.endsWith("_test.ts")).sort(),
    );
  }
  return out;
}

const read = (path: string) => Deno.readTextFileSync(new URL(path, ROOT));

Deno.test("every ladder has a steps/README.md naming its make target and every rung's source", () => {
  const all = ladders();
  ok(all.size >= 10, `expected a ladder per challenge, found ${[...all.keys()].join(", ")}`);
  const problems: string[] = [];
  for (const [name, rungs] of all) {
    let text: string;
    try {
      text = read(`challenges/${name}/steps/README.md`);
    } catch {
      problems.push(`challenges/${name}/steps/README.md is missing`);
      continue;
    }
    if (!text.includes(`make ${name}-steps`)) problems.push(`${name}: no \`make ${name}-steps\``);
    for (const rung of rungs) {
      if (!text.includes(`\`${rung}\``)) problems.push(`${name}: rung ${rung} is not named`);
    }
  }
  assertEquals(problems, []);
});

Deno.test("every ladder's page is linked from its challenge's README and from a course page", () => {
  const course = [...Deno.readDirSync(new URL("docs/", ROOT))]
    .filter((e) => e.name.endsWith(".md"))
    .map((e) => read(`docs/${e.name}`))
    .join("\n");
  const problems: string[] = [];
  for (const name of ladders().keys()) {
    if (!read(`challenges/${name}/README.md`).includes("](steps/README.md)")) {
      problems.push(`challenges/${name}/README.md does not link steps/README.md`);
    }
    if (!course.includes(`](../challenges/${name}/steps/README.md)`)) {
      problems.push(`no page of docs/ links challenges/${name}/steps/README.md`);
    }
  }
  assertEquals(problems, []);
});

/**
 * The course's shape, kept by tests: every challenge has a README with the
 * same six sections in the same order (so a learner always finds the
 * checker, the naive failure and what holds only in the simulation in the
 * same place), and every relative link in the course and the READMEs leads
 * to a file that exists.
 * @module
 */
import { deepStrictEqual as assertEquals, ok } from "node:assert/strict";

const ROOT = new URL("../", import.meta.url);

/** The `##` sections of a challenge README, in order. */
export const CHALLENGE_SECTIONS: readonly string[] = [
  "The problem",
  "What Maelstrom checks",
  "The naive approach and how it fails",
  "Our design",
  "Figures",
  "What holds only in the simulation",
];

/** Every challenge folder: `challenges/<name>/`, not `_`-prefixed (shared code). */
function challengeFolders(): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(new URL("challenges/", ROOT))) {
    if (entry.isDirectory && !entry.name.startsWith("_")) out.push(entry.name);
  }
  return out.sort();
}

/** The `## ` headings of a markdown text, outside fenced code blocks. */
export function sections(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    else if (!fenced && line.startsWith("## ")) out.push(line.slice(3).trim());
  }
  return out;
}

Deno.test("sections() lists level-2 headings in order and skips fenced code", () => {
  const md = "# T\n## A\ntext\n```sh\n## not a heading\n```\n### sub\n## B\n";
  assertEquals(sections(md), ["A", "B"]);
});

Deno.test("every challenge folder has a README with exactly the six course sections, in order", () => {
  const folders = challengeFolders();
  ok(folders.length >= 10, `expected the challenge folders, found ${folders.join(", ")}`);
  const problems: string[] = [];
  for (const name of folders) {
    const path = new URL(`challenges/${name}/README.md`, ROOT);
    let text: string;
    try {
      text = Deno.readTextFileSync(path);
    } catch {
      problems.push(`challenges/${name}/README.md is missing`);
      continue;
    }
    const found = sections(text);
    if (JSON.stringify(found) !== JSON.stringify(CHALLENGE_SECTIONS)) {
      problems.push(
        `challenges/${name}/README.md has sections ${JSON.stringify(found)}; ` +
          `expected ${JSON.stringify(CHALLENGE_SECTIONS)}`,
      );
    }
  }
  assertEquals(problems, []);
});

/** The markdown files of the course and the READMEs (steps/ included). */
function markdownFiles(): string[] {
  const out = ["README.md"];
  const walk = (dir: string) => {
    for (const entry of Deno.readDirSync(new URL(dir, ROOT))) {
      const path = `${dir}${entry.name}`;
      if (entry.isDirectory) walk(`${path}/`);
      else if (entry.name.endsWith(".md")) out.push(path);
    }
  };
  for (const dir of ["docs/", "challenges/"]) {
    try {
      walk(dir);
    } catch (e) {
      if (!(e instanceof Deno.errors.NotFound)) throw e;
    }
  }
  return out.sort();
}

/** The relative link targets of a markdown text (no scheme, no pure anchor), without anchors. */
export function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  const text = markdown.replace(/```[\s\S]*?```/g, "");
  for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    out.push(decodeURIComponent(target.split("#")[0]));
  }
  return out;
}

Deno.test("relativeLinks() keeps file links and drops URLs, anchors and code", () => {
  const md = "[a](docs/x.md#top) [b](https://x.org) [c](#here)\n```\n[d](no.md)\n```\n";
  assertEquals(relativeLinks(md), ["docs/x.md"]);
});

Deno.test("every relative link in README.md, docs/ and the challenge READMEs leads to a file", () => {
  const broken: string[] = [];
  for (const file of markdownFiles()) {
    const base = new URL(file, ROOT);
    for (const target of relativeLinks(Deno.readTextFileSync(base))) {
      try {
        Deno.statSync(new URL(target, base));
      } catch {
        broken.push(`${file} → ${target}`);
      }
    }
  }
  assertEquals(broken, []);
});

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

/**
 * Challenge READMEs that the Raft work (issue 11) is rewriting in the six
 * sections; until it lands they must only exist. Empty this set when it does.
 */
const AWAITING_REWRITE: ReadonlySet<string> = new Set([]);

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
    if (AWAITING_REWRITE.has(name)) continue;
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

/** A link inside the repository: a file path (empty for the same file) and an optional anchor. */
export interface LocalLink {
  path: string;
  anchor?: string;
}

/** The links of a markdown text that stay in the repository (no scheme), outside code blocks. */
export function relativeLinks(markdown: string): LocalLink[] {
  const out: LocalLink[] = [];
  const text = markdown.replace(/```[\s\S]*?```/g, "");
  for (const m of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [path, anchor] = target.split("#");
    out.push(
      anchor === undefined ? { path: decodeURIComponent(path) } : {
        path: decodeURIComponent(path),
        anchor,
      },
    );
  }
  return out;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

/** The anchors of a markdown text's headings, numbered as GitHub numbers repeats. */
export function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const m = /^#{1,6}\s+(.*)$/.exec(line);
    if (fenced || m === null) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

Deno.test("relativeLinks() keeps links into the repository, with their anchors, and drops URLs and code", () => {
  const md = "[a](docs/x.md#top) [b](https://x.org) [c](#here)\n```\n[d](no.md)\n```\n";
  assertEquals(relativeLinks(md), [{ path: "docs/x.md", anchor: "top" }, {
    path: "",
    anchor: "here",
  }]);
});

Deno.test("anchors() follows GitHub: punctuation dropped, code marks dropped, repeats numbered", () => {
  const md = "# Adya's anomalies\n## 1. Set up\n### `--check-convergence`\n## Tests\n## Tests\n";
  assertEquals([...anchors(md)], [
    "adyas-anomalies",
    "1-set-up",
    "--check-convergence",
    "tests",
    "tests-1",
  ]);
});

Deno.test("every link within README.md, docs/ and the challenge READMEs leads to a file and heading", () => {
  const broken: string[] = [];
  for (const file of markdownFiles()) {
    const base = new URL(file, ROOT);
    for (const { path, anchor } of relativeLinks(Deno.readTextFileSync(base))) {
      const target = path === "" ? base : new URL(path, base);
      const shown = `${file} → ${path}${anchor === undefined ? "" : `#${anchor}`}`;
      let info: Deno.FileInfo;
      try {
        info = Deno.statSync(target);
      } catch {
        broken.push(`${shown} (no such file)`);
        continue;
      }
      if (anchor === undefined || !info.isFile || !target.pathname.endsWith(".md")) continue;
      if (!anchors(Deno.readTextFileSync(target)).has(anchor)) {
        broken.push(`${shown} (no such heading)`);
      }
    }
  }
  assertEquals(broken, []);
});

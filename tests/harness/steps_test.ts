import { deepStrictEqual, match, ok } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { formatStep, laddered, loadLadder, stepBin, type StepRow } from "./steps.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

Deno.test("every challenge with a main.ts has a ladder", async () => {
  const mains: string[] = [];
  for await (const e of Deno.readDir(`${root}challenges`)) {
    if (!e.name.startsWith("_")) {
      try {
        await Deno.stat(`${root}challenges/${e.name}/main.ts`);
        mains.push(e.name);
      } catch { /* no node */ }
    }
  }
  deepStrictEqual(await laddered(), mains.sort());
});

Deno.test("each ladder runs every rung in steps/, and names only rungs that exist", async () => {
  for (const name of await laddered()) {
    const ladder = (await loadLadder(name))!;
    const files: string[] = [];
    for await (const e of Deno.readDir(`${root}challenges/${name}/steps`)) {
      if (/^\d+-.*\.ts$/.test(e.name)) files.push(e.name.slice(0, -3));
    }
    const rungs = new Set(ladder.runs.map((r) => r.rung));
    deepStrictEqual([...rungs].filter((r) => r !== "main").sort(), files.sort(), name);
  }
});

Deno.test("each rung's header says what verdict it gets and how to run it", async () => {
  for (const name of await laddered()) {
    for await (const e of Deno.readDir(`${root}challenges/${name}/steps`)) {
      if (!/^\d+-.*\.ts$/.test(e.name)) continue;
      const text = await Deno.readTextFile(`${root}challenges/${name}/steps/${e.name}`);
      const header = text.slice(0, text.indexOf("@module"));
      match(header, /Verdict: /, `${name}/${e.name}`);
      match(header, new RegExp(`--bin dist/steps/${name}/${e.name.slice(0, -3)} `), e.name);
    }
  }
});

Deno.test("each ladder shows a failure before its last rung passes", async () => {
  for (const name of await laddered()) {
    const runs = (await loadLadder(name))!.runs;
    ok(runs.some((r) => !r.expect), `${name}: no rung fails`);
    ok(runs.at(-1)!.expect, `${name}: the last run fails`);
    for (const r of runs) ok(r.why.length <= 80, `${name} ${r.rung}: why is over 80 characters`);
  }
});

Deno.test("a row whose verdict is not the expected one says what was expected", () => {
  const row: StepRow = {
    run: { rung: "1-flood-once", config: "3c", args: [], expect: false, why: "dropped" },
    valid: true,
    figure: "lost 0 of 10",
    targets: [],
  };
  match(formatStep(row)[0], /^1-flood-once +3c +valid \(expected INVALID\) lost 0 of 10 +dropped$/);
  match(formatStep({ ...row, valid: false })[0], /^1-flood-once +3c +INVALID +lost/);
});

Deno.test("a rung runs from dist/steps/<challenge>/, the challenge's node from dist/", () => {
  deepStrictEqual(stepBin("broadcast", "2-retry", "d"), "d/steps/broadcast/2-retry");
  deepStrictEqual(stepBin("broadcast", "main", "d"), "d/broadcast");
});

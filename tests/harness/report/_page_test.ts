/**
 * The report page's script in a real browser (headless Chromium, when
 * installed: `apt-get install chromium`; otherwise these tests are ignored):
 * a deep link marks its moment in the message flow.
 */
import assert from "node:assert/strict";
import { syntheticRun } from "./_testing.ts";
import { renderReport } from "./mod.ts";

async function chromium(): Promise<string | undefined> {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    try {
      const out = await new Deno.Command("which", { args: [name], stdout: "piped", stderr: "null" })
        .output();
      if (out.success) return new TextDecoder().decode(out.stdout).trim();
    } catch { /* no `which` */ }
  }
  return undefined;
}

const browser = await chromium();

/** The page's DOM after its scripts ran, opened at `hash`. */
async function dom(html: string, hash: string): Promise<string> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/report.html`, html);
    const out = await new Deno.Command(browser!, {
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--virtual-time-budget=2000",
        "--dump-dom",
        `file://${dir}/report.html${hash}`,
      ],
      stdout: "piped",
      stderr: "null",
      signal: AbortSignal.timeout(60_000),
    }).output();
    return new TextDecoder().decode(out.stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name:
    "a #t=…&node=… link marks the row of the first network event at that time and the node's lane",
  ignore: browser === undefined,
  async fn() {
    const { history, journal, nodes } = syntheticRun({ seconds: 3, rate: 20 });
    const html = renderReport({
      test: { workload: "broadcast", nodes },
      history,
      journal,
      results: { "valid?": true },
    });
    const data = JSON.parse(html.match(/id="report-data">(.*?)<\/script>/s)![1]);
    const { times, lanes, width, yStep } = data.flow;
    const t = times[40] - 0.0001;
    const page = await dom(html, `#t=${t}&node=n2&view=flow`);
    const row = page.match(/<rect class="mark-row" x="0" y="([\d.]+)"/);
    assert.ok(row, "no row marked");
    const first = times.findIndex((x: number) => x >= t);
    assert.equal(Number(row[1]), yStep * (2.5 + first) - yStep / 2);
    const lane = page.match(/<rect class="mark-lane" x="([\d.]+)"/);
    assert.ok(lane, "no lane marked");
    const x = ((lanes.indexOf("n2") + 0.5) / lanes.length) * width;
    assert.ok(Math.abs(Number(lane[1]) - (x - 12)) < 1e-6);
    // Without a moment in the link nothing is marked.
    assert.ok(!(await dom(html, "")).includes(`<rect class="mark-row"`));
  },
});

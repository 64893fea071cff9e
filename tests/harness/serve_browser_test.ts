/// <reference lib="dom" />
/**
 * `serve` end to end in a real headless Chromium (Debian's `chromium`,
 * driven over the DevTools protocol by puppeteer-core): the index lists
 * the runs, the invalid one stands out, and its report opens. Skipped,
 * saying so, when no browser is installed (set `CHROME_PATH` to use
 * another one).
 */

import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";
import { runFixture } from "./fixtures/mod.ts";
import { serve } from "./serve.ts";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

function findBrowser(): string | undefined {
  const env = Deno.env.get("CHROME_PATH");
  for (const path of env ? [env, ...CANDIDATES] : CANDIDATES) {
    try {
      if (Deno.statSync(path).isFile) return path;
    } catch { /* not here */ }
  }
  return undefined;
}

const browserPath = findBrowser();
if (browserPath === undefined) {
  console.log(
    `serve_browser_test: SKIPPED — no Chromium found (${
      CANDIDATES.join(", ")
    }; or set CHROME_PATH)`,
  );
}

Deno.test({
  name: browserPath === undefined
    ? "serve in a browser (skipped: no Chromium installed)"
    : "serve in a browser: the index lists runs newest first, the invalid run stands out, its report opens",
  ignore: browserPath === undefined,
  // puppeteer keeps its pipe and timers to the browser until it has exited.
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    const valid = await runFixture("echo", "ok", {
      workload: "echo",
      nodeCount: 1,
      timeLimit: 1,
    });
    const invalid = await runFixture("lin_kv", "local", {
      workload: "lin-kv",
      nodeCount: 3,
      concurrency: 6,
      rate: 100,
      timeLimit: 2,
    });
    assert.equal(valid.exitCode, 0);
    assert.equal(invalid.exitCode, 1);
    const storeDir = valid.dir!.split("/").slice(0, -2).join("/");
    const abort = new AbortController();
    const server = serve({
      host: "127.0.0.1",
      port: 0,
      storeDir,
      signal: abort.signal,
      onListen: () => {},
    });
    const browser = await puppeteer.launch({
      executablePath: browserPath,
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${server.addr.port}/`, { waitUntil: "load" });
      const rows = await page.$$eval("tbody tr", (trs) =>
        trs.map((tr) => ({
          workload: tr.querySelector("td")!.textContent,
          verdict: tr.querySelector("td.verdict")!.textContent,
          invalid: tr.classList.contains("invalid"),
          background: getComputedStyle(tr.querySelector("td")!).backgroundColor,
        })));
      const mine = rows.filter((r) => r.workload === "echo" || r.workload === "lin-kv");
      assert.ok(mine.length >= 2, JSON.stringify(rows));
      // Newest first: the lin-kv run came after the echo run.
      assert.ok(
        rows.findIndex((r) => r.workload === "lin-kv") <
          rows.findIndex((r) => r.workload === "echo"),
      );
      const bad = rows.find((r) => r.workload === "lin-kv")!;
      assert.equal(bad.verdict, "INVALID");
      assert.ok(bad.invalid);
      assert.equal(bad.background, "rgb(254, 181, 218)", "the invalid row is pink");
      const good = rows.find((r) => r.workload === "echo")!;
      assert.equal(good.verdict, "valid");
      assert.equal(good.background, "rgba(0, 0, 0, 0)");

      // Open the invalid run's report from the index.
      await Promise.all([
        page.waitForNavigation({ waitUntil: "load" }),
        page.click("tr.invalid a.report"),
      ]);
      assert.match(page.url(), /\/files\/lin-kv\/[^/]+\/report\.html$/);
      const text = await page.$eval("body", (b) => b.innerText);
      assert.match(text, /lin-kv/);
      assert.match(text, /invalid/i);
      // The report's links to Maelstrom's files resolve on the server.
      const edn = await page.$eval('a[href="results.edn"]', (a) => (a as HTMLAnchorElement).href);
      const res = await fetch(edn);
      assert.equal(res.status, 200);
      assert.match(await res.text(), /^\{:perf /);
      if (Deno.env.get("SERVE_SCREENSHOT")) {
        await page.goto(`http://127.0.0.1:${server.addr.port}/`, { waitUntil: "load" });
        await page.screenshot({ path: Deno.env.get("SERVE_SCREENSHOT")! });
      }
    } finally {
      await browser.close();
      abort.abort();
      await server.finished;
    }
  },
});

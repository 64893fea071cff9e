import assert from "node:assert/strict";
import { join } from "node:path";
import { handle, listRuns, serve } from "./serve.ts";

/**
 * A store with a valid echo run, an invalid lin-kv run (newest), a crashed
 * g-set run, one stopped with Ctrl-C, and one with no results nor figures
 * (still running, or killed; the oldest).
 */
async function makeStore(): Promise<string> {
  const store = await Deno.makeTempDir({ prefix: "serve-test-" });
  const run = async (workload: string, time: string, results?: unknown) => {
    const dir = join(store, workload, time);
    await Deno.mkdir(join(dir, "node-logs"), { recursive: true });
    await Deno.writeTextFile(join(dir, "test.json"), JSON.stringify({ nodes: ["n0", "n1", "n2"] }));
    if (results) {
      await Deno.writeTextFile(join(dir, "results.json"), JSON.stringify(results));
      await Deno.writeTextFile(join(dir, "results.edn"), "{:valid? true}");
    }
    await Deno.writeTextFile(join(dir, "report.html"), `<html><title>${workload}</title></html>`);
    await Deno.writeFile(join(dir, "rate.png"), Uint8Array.of(0x89, 0x50, 0x4e, 0x47));
    await Deno.writeTextFile(join(dir, "messages.svg"), "<svg/>");
    await Deno.writeTextFile(join(dir, "node-logs", "n0.log"), "hello");
    return dir;
  };
  await run("echo", "20260101T100000.000", {
    "valid?": true,
    net: { all: { "msgs-per-op": 2 }, servers: { "msgs-per-op": 0 } },
  });
  await run("lin-kv", "20260101T110000.000", {
    "valid?": false,
    net: { all: { "msgs-per-op": 6.5 }, servers: { "msgs-per-op": 4.5 } },
  });
  await run("broadcast", "20260101T090000.000");
  const crashed = await run("g-set", "20260101T093000.000");
  await Deno.writeTextFile(join(crashed, "bench.json"), JSON.stringify({ crashed: "n1 exited" }));
  const stopped = await run("kafka", "20260101T094000.000");
  await Deno.writeTextFile(
    join(stopped, "bench.json"),
    JSON.stringify({ crashed: "Ctrl-C (SIGINT) 3.0 s into the test", interrupted: true }),
  );
  await Deno.symlink("lin-kv/20260101T110000.000", join(store, "latest"));
  return store;
}

const get = (store: string, path: string) => handle(store, new Request(`http://x${path}`));

Deno.test("serve: the index lists every run newest first with nodes, verdict and servers' msgs/op; invalid runs stand out", async () => {
  const store = await makeStore();
  try {
    const runs = await listRuns(store);
    assert.deepEqual(runs.map((r) => [r.workload, r.valid, r.nodes, r.msgsPerOp]), [
      ["lin-kv", false, 3, 4.5],
      ["echo", true, 3, 0],
      ["kafka", "interrupted", 3, undefined],
      ["g-set", "crashed", 3, undefined],
      ["broadcast", "incomplete", 3, undefined],
    ]);
    const res = await get(store, "/");
    assert.equal(res.headers.get("content-type"), "text/html; charset=utf-8");
    const page = await res.text();
    const rows = page.match(/<tr[^>]*data-valid[^>]*>/g)!;
    assert.deepEqual(rows, [
      `<tr class="invalid" data-valid="false">`,
      `<tr data-valid="true">`,
      `<tr data-valid="interrupted">`,
      `<tr data-valid="crashed">`,
      `<tr data-valid="incomplete">`,
    ]);
    assert.match(page, /INVALID/);
    assert.match(page, /href="\/files\/lin-kv\/20260101T110000\.000\/report\.html"/);
    assert.match(page, /<th>msgs\/op \(servers\)<\/th>/);
    assert.match(page, /<td>4\.50<\/td>/);
  } finally {
    await Deno.remove(store, { recursive: true });
  }
});

Deno.test("serve: files come with their content types, folders as listings, symlinks inside the store work", async () => {
  const store = await makeStore();
  try {
    const types = {
      "/files/echo/20260101T100000.000/report.html": "text/html; charset=utf-8",
      "/files/echo/20260101T100000.000/rate.png": "image/png",
      "/files/echo/20260101T100000.000/messages.svg": "image/svg+xml; charset=utf-8",
      "/files/echo/20260101T100000.000/results.edn": "text/plain; charset=utf-8",
      "/files/echo/20260101T100000.000/node-logs/n0.log": "text/plain; charset=utf-8",
      "/files/latest/report.html": "text/html; charset=utf-8",
    };
    for (const [path, type] of Object.entries(types)) {
      const res = await get(store, path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get("content-type"), type, path);
      await res.body?.cancel();
    }
    const listing = await (await get(store, "/files/echo/20260101T100000.000/")).text();
    assert.match(listing, /href="\/files\/echo\/20260101T100000\.000\/node-logs\/"/);
    assert.match(listing, /href="\/files\/echo\/20260101T100000\.000\/results\.edn"/);
    const redirect = await get(store, "/files/echo");
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get("location"), "/files/echo/");
  } finally {
    await Deno.remove(store, { recursive: true });
  }
});

Deno.test("serve: nothing outside the store is served", async () => {
  const store = await makeStore();
  const outside = await Deno.makeTempFile();
  try {
    await Deno.symlink(outside, join(store, "escape"));
    for (
      const path of [
        "/files/../etc/passwd",
        "/files/%2e%2e/%2e%2e/etc/passwd",
        "/files/escape",
        "/files/nope",
        "/other",
      ]
    ) {
      const res = await get(store, path);
      assert.equal(res.status, 404, path);
      await res.body?.cancel();
    }
  } finally {
    await Deno.remove(store, { recursive: true });
    await Deno.remove(outside);
  }
});

Deno.test("serve: a real server answers over HTTP and stops on abort", async () => {
  const store = await makeStore();
  const abort = new AbortController();
  try {
    const server = serve({
      host: "127.0.0.1",
      port: 0,
      storeDir: store,
      signal: abort.signal,
      onListen: () => {},
    });
    const res = await fetch(`http://127.0.0.1:${server.addr.port}/`);
    assert.match(await res.text(), /5 runs in /);
    abort.abort();
    await server.finished;
  } finally {
    await Deno.remove(store, { recursive: true });
  }
});

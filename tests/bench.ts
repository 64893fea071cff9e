/**
 * `make bench`: the figures we publish, measured on this machine.
 *
 * 1. Echo throughput: 100 000 echo requests piped into dist/echo, 5 times,
 *    alternating with a bare Deno loop (tests/fixtures/bare_echo.js); messages per
 *    second from the first byte written to the last reply read, peak resident
 *    memory, and the time from spawn to `init_ok` (median of 20 spawns).
 * 2. The bench's own speed: the transaction checker on 20 000 txns, and
 *    report.html for a run of 50 000 messages.
 * 3. The challenge tables (`tests/harness/suite.ts <challenge> --bench`), for
 *    the challenges given as arguments (default: all that have a bench). Each
 *    row gives the figures beside their targets; lin-kv's rows are followed
 *    by Maelstrom's raft.rb measured on the same configuration in the same
 *    run when `RAFT_RB` names it (else by its published anchors, marked so).
 *
 * Usage: deno run -A tests/bench.ts [echo] [broadcast] [kafka] …
 * @module
 */
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../", import.meta.url));
const encoder = new TextEncoder();

function initLine(): string {
  return JSON.stringify({
    src: "c0",
    dest: "n0",
    body: { type: "init", msg_id: 1, node_id: "n0", node_ids: ["n0"] },
  });
}

/** Peak resident memory of a live process, in kB, from /proc (0 when unknown). */
function peakRss(pid: number): number {
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** Counts newline-terminated lines on a stream until `want` have been read. */
async function countLines(
  stream: ReadableStream<Uint8Array>,
  want: number,
  onLine?: (n: number) => void,
): Promise<number> {
  let n = 0;
  for await (const chunk of stream) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) {
      n++;
      onLine?.(n);
    }
    if (n >= want) break;
  }
  return n;
}

/** dist/echo, and the bare loop started the way a dist/ bundle starts its node. */
function echoCommand(bare: boolean, cwd: string): Deno.Command {
  if (!bare) {
    return new Deno.Command(`${root}dist/echo`, {
      cwd,
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
    });
  }
  return new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--v8-flags=--max-semi-space-size=2",
      "--quiet",
      "--no-config",
      "--no-lock",
      "--no-prompt",
      `${root}tests/fixtures/bare_echo.js`,
    ],
    cwd,
    env: { DENO_NO_UPDATE_CHECK: "1" },
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
  });
}

async function echoThroughput(
  requests: number,
  bare = false,
): Promise<{ rate: number; rssMb: number; ms: number }> {
  const lines = [initLine()];
  for (let i = 0; i < requests; i++) {
    lines.push(JSON.stringify({
      src: "c1",
      dest: "n0",
      body: { type: "echo", msg_id: i + 2, echo: `Please echo ${i % 128}` },
    }));
  }
  const input = encoder.encode(lines.join("\n") + "\n");
  const child = echoCommand(bare, Deno.makeTempDirSync()).spawn();
  const writer = child.stdin.getWriter();
  // init first, so start-up is not counted as throughput.
  const firstNl = input.indexOf(10) + 1;
  await writer.write(input.subarray(0, firstNl));
  const reader = child.stdout;
  let rss = 0;
  const counting = countLines(reader, requests + 1, (n) => {
    if (n % 20000 === 0) rss = Math.max(rss, peakRss(child.pid));
  });
  await new Promise((r) => setTimeout(r, 300));
  const t0 = performance.now();
  await writer.write(input.subarray(firstNl));
  const got = await counting;
  const ms = performance.now() - t0;
  rss = Math.max(rss, peakRss(child.pid));
  await writer.close().catch(() => {});
  await child.status;
  if (got < requests + 1) throw new Error(`Echo bench: got ${got - 1} of ${requests} replies`);
  return { rate: requests / (ms / 1000), rssMb: rss / 1024, ms };
}

async function initLatency(spawns: number, bare = false): Promise<number[]> {
  const times: number[] = [];
  const line = encoder.encode(initLine() + "\n");
  for (let i = 0; i < spawns; i++) {
    const t0 = performance.now();
    const child = echoCommand(bare, "/tmp").spawn();
    const writer = child.stdin.getWriter();
    await writer.write(line);
    await countLines(child.stdout, 1);
    times.push(performance.now() - t0);
    await writer.close().catch(() => {});
    await child.status;
  }
  return times.sort((a, b) => a - b);
}

async function echoBench(): Promise<void> {
  const load = Deno.loadavg()[0].toFixed(2);
  // Runs alternate with a bare loop's (tests/fixtures/bare_echo.js), so that
  // both see the machine in the same state: its speed varies from minute to
  // minute, and the ratio is the figure that says how much core/ costs.
  const ours = [], bare = [];
  for (let i = 0; i < 5; i++) {
    ours.push(await echoThroughput(100_000));
    bare.push(await echoThroughput(100_000, true));
  }
  const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
  const mid = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
  const max = (xs: number[]) => Math.max(...xs);
  const init = await initLatency(20);
  const bareInit = await initLatency(20, true);
  const row = (figure: string, a: string, b: string, target: string) =>
    console.log(
      `| ${figure.padEnd(22)} | ${a.padStart(15)} | ${b.padStart(15)} | ${target.padEnd(12)} |`,
    );
  const rate = (r: number) => `${fmt(r, 0)} msgs/s`;
  console.log(
    `\nEcho (100 000 piped requests, 5 runs each, alternating; load average ${load})`,
  );
  row("figure", "dist/echo", "bare loop", "target");
  console.log(`|${"-".repeat(24)}|${"-".repeat(17)}|${"-".repeat(17)}|${"-".repeat(14)}|`);
  const r = ours.map((x) => x.rate), rb = bare.map((x) => x.rate);
  row("throughput, best", rate(max(r)), rate(max(rb)), "≥ 350 000");
  row("throughput, median", rate(mid(r)), rate(mid(rb)), "");
  row("median, % of bare", `${fmt((100 * mid(r)) / mid(rb), 0)} %`, "100 %", "");
  const m = ours.map((x) => x.rssMb), mb = bare.map((x) => x.rssMb);
  row("peak resident, median", `${fmt(mid(m), 1)} MB`, `${fmt(mid(mb), 1)} MB`, "< 50 MB");
  row("peak resident, max", `${fmt(max(m), 1)} MB`, `${fmt(max(mb), 1)} MB`, "");
  row(
    "spawn → init_ok median",
    `${fmt(mid(init), 1)} ms`,
    `${fmt(mid(bareInit), 1)} ms`,
    "≤ 60 ms",
  );
  row(
    "spawn → init_ok range",
    `${fmt(init[0], 0)} / ${fmt(max(init), 0)} ms`,
    `${fmt(bareInit[0], 0)} / ${fmt(max(bareInit), 0)} ms`,
    "",
  );
}

function fmt(n: number, digits: number): string {
  return n.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

async function suite(challenge: string): Promise<boolean> {
  const suitePath = `${root}tests/harness/suite.ts`;
  try {
    Deno.statSync(suitePath);
  } catch {
    console.log(`\n(${challenge}: the bench suite is not available yet)`);
    return true;
  }
  console.log(`\n${challenge}:`);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", suitePath, challenge, "--bench"],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).spawn();
  return (await child.status).success;
}

async function analysisBench(): Promise<void> {
  const { txnRwRegister } = await import("./harness/checkers/txn/rw_register.ts");
  const { randomHistory } = await import("./harness/checkers/txn/rw_register_test.ts");
  const { renderReport } = await import("./harness/report/mod.ts");
  const { syntheticRun } = await import("./harness/report/_testing.ts");
  const best = (fn: () => void): number => {
    let ms = Infinity;
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      fn();
      ms = Math.min(ms, performance.now() - t0);
    }
    return ms;
  };
  console.log(`\nAnalysis (best of 3; load average ${Deno.loadavg()[0].toFixed(2)})`);
  console.log(`| ${"what".padEnd(64)} | ms      |`);
  console.log(`|${"-".repeat(66)}|---------|`);
  const lagging = randomHistory(20_000, { nodes: 2, lag: 20, seed: 7 });
  for (const model of ["read-uncommitted", "read-committed", "strict-serializable"]) {
    const ms = best(() => txnRwRegister(lagging, { consistencyModels: [model] }));
    console.log(
      `| txn checker, 20 000 txns, 2 lagging nodes, ${model.padEnd(19)} | ${
        fmt(ms, 0).padStart(7)
      } |`,
    );
  }
  const { history, journal } = syntheticRun({ seconds: 30, rate: 600 });
  const ms = best(() => renderReport({ test: {}, history, journal, results: { "valid?": true } }));
  console.log(
    `| report.html, ${journal.length} journal events, ${history.length} history entries`.padEnd(
      59,
    ) + `| ${fmt(ms, 0).padStart(7)} |`,
  );
}

const wanted = Deno.args.length > 0 ? Deno.args : [
  "echo",
  "analysis",
  "broadcast",
  "g-counter",
  "g-set",
  "pn-counter",
  "kafka",
  "txn",
  "txn-list-append",
  "lin-kv",
];
let ok = true;
for (const what of wanted) {
  if (what === "echo") await echoBench();
  else if (what === "analysis") await analysisBench();
  else ok = (await suite(what)) && ok;
}
if (!ok) Deno.exit(1);

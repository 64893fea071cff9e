/**
 * Network timing of stored runs, the bench's or the real Maelstrom's, per
 * hop kind: how long a message waits between the harness reading it from
 * its sender and handing it to its receiver (journal `send` → `recv`), how
 * long a node or a service takes to answer (journal `recv` of a request →
 * `send` of its reply), client op latency (history), and, for runs of the
 * `probe` fixture node, the round trips a node sees on its own clock.
 *
 *   deno run --allow-all tests/compare/timing.ts RUN_DIR...
 *
 * A RUN_DIR is a store directory (e.g. `store/latest`). A real Maelstrom
 * run's journal is Fressian; reading it needs Maelstrom's jar, found from
 * `MAELSTROM=/path/to/maelstrom` (its `bin/maelstrom` or its root). This is a
 * measuring tool, not a test: nothing in `make test` runs it.
 * @module
 */

import { join } from "node:path";
import { maelstromJava } from "./real.ts";

/** One journal event, both formats reduced to what timing needs. */
export interface TimedEvent {
  type: "send" | "recv";
  /** ns, any origin (one run's events share it). */
  time: number;
  id: number;
  src: string;
  dest: string;
  bodyType: string;
  msgId?: number;
  inReplyTo?: number;
  /** The body's `key`, printed (EDN for Maelstrom, JSON for the bench). */
  key?: string;
}

/** A stored run's timing inputs. */
export interface TimedRun {
  events: TimedEvent[];
  /** Client op latencies, ms (ok completions), with the op's `f`. */
  opLatency: Array<{ f: string; ms: number }>;
  /** `probe` stderr lines, parsed. */
  probes: Array<{ peer: number; svc: number; inside: number }>;
}

const kind = (id: string) => id.startsWith("c") ? "c" : /^n\d+$/.test(id) ? "n" : "svc";

function quant(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.min(s.length - 1, Math.floor(s.length * q))];
}

const CLOJURE_DUMP = `
(require '[maelstrom.net.journal :as j] '[clojure.data.fressian :as fress] '[clojure.java.io :as io])
(let [[dir out] *command-line-args*, w (io/writer out)]
  (doseq [f (file-seq (io/file dir)) :when (re-find #"\\.fressian$" (.getName f))]
    (doseq [e (j/reader-seq (fress/create-reader (io/input-stream f) :handlers j/read-handlers))]
      (let [m (:message e), b (:body m)]
        (.write w (str (:id e) "\\t" (:time e) "\\t" (name (:type e)) "\\t" (:id m) "\\t" (:src m) "\\t" (:dest m)
                       "\\t" (:type b) "\\t" (:msg_id b) "\\t" (:in_reply_to b) "\\t" (pr-str (:key b)) "\\n")))))
  (.close w))
(shutdown-agents)`;

async function maelstromEvents(dir: string): Promise<TimedEvent[]> {
  const tmp = await Deno.makeTempDir({ prefix: "timing-" });
  try {
    const script = join(tmp, "dump.clj");
    const out = join(tmp, "journal.tsv");
    await Deno.writeTextFile(script, CLOJURE_DUMP);
    const { code, stderr } = await maelstromJava([script, join(dir, "net-journal"), out]).output();
    if (code !== 0) throw new Error(`journal dump failed: ${new TextDecoder().decode(stderr)}`);
    const num = (s: string) => s === "" ? undefined : Number(s);
    // One file per writer thread: order by the global event id.
    const rows = (await Deno.readTextFile(out)).split("\n").filter((l) => l !== "")
      .map((l) => l.split("\t")).sort((a, b) => Number(a[0]) - Number(b[0]));
    return rows.map(([_event, time, type, id, src, dest, bodyType, msgId, inReplyTo, key]) => {
      return {
        type: type as "send" | "recv",
        time: Number(time),
        id: Number(id),
        src,
        dest,
        bodyType,
        msgId: num(msgId),
        inReplyTo: num(inReplyTo),
        key: key === "nil" ? undefined : key,
      };
    });
  } finally {
    await Deno.remove(tmp, { recursive: true });
  }
}

async function benchEvents(dir: string): Promise<TimedEvent[]> {
  const byId = new Map<number, Omit<TimedEvent, "type" | "time">>();
  const out: TimedEvent[] = [];
  for (const line of (await Deno.readTextFile(join(dir, "journal.jsonl"))).split("\n")) {
    if (line === "") continue;
    const e = JSON.parse(line);
    if (e.type === "send") {
      const m = e.message;
      const rest = {
        id: m.id,
        src: m.src,
        dest: m.dest,
        bodyType: String(m.body?.type),
        msgId: m.body?.msg_id,
        inReplyTo: m.body?.in_reply_to,
        key: m.body?.key === undefined ? undefined : JSON.stringify(m.body.key),
      };
      byId.set(m.id, rest);
      out.push({ type: "send", time: e.time, ...rest });
    } else out.push({ type: "recv", time: e.time, ...byId.get(e.id)! });
  }
  return out;
}

function latencies(
  ops: Array<{ type: string; process: unknown; time: number; f: string }>,
): TimedRun["opLatency"] {
  const open = new Map<unknown, number>();
  const out: TimedRun["opLatency"] = [];
  for (const op of ops) {
    if (op.process === "nemesis") continue;
    if (op.type === "invoke") open.set(op.process, op.time);
    else {
      const t = open.get(op.process);
      open.delete(op.process);
      if (t !== undefined && op.type === "ok") out.push({ f: op.f, ms: (op.time - t) / 1e6 });
    }
  }
  return out;
}

async function historyOps(dir: string) {
  try {
    const text = await Deno.readTextFile(join(dir, "history.jsonl"));
    return text.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
  } catch {
    // Maelstrom: history.edn, one op map per line.
    const text = await Deno.readTextFile(join(dir, "history.edn"));
    return text.split("\n").filter((l) => l.startsWith("{")).map((l) => ({
      time: Number(/:time (\d+)/.exec(l)![1]),
      type: /:type :(\w+)/.exec(l)![1],
      f: /:f :([\w-]+)/.exec(l)?.[1] ?? "",
      process: /:process :nemesis/.test(l) ? "nemesis" : Number(/:process (\d+)/.exec(l)?.[1]),
    }));
  }
}

async function probes(dir: string) {
  const out: TimedRun["probes"] = [];
  for await (const e of Deno.readDir(join(dir, "node-logs"))) {
    const text = await Deno.readTextFile(join(dir, "node-logs", e.name));
    for (const m of text.matchAll(/^probe (\{.*\})$/gm)) out.push(JSON.parse(m[1]));
  }
  return out;
}

/**
 * Reads a stored run (bench or Maelstrom).
 * @param dir The run's store directory.
 * @returns Its events, op latencies and probe lines.
 */
export async function readRun(dir: string): Promise<TimedRun> {
  let isBench = true;
  try {
    await Deno.stat(join(dir, "journal.jsonl"));
  } catch {
    isBench = false;
  }
  const events = isBench ? await benchEvents(dir) : await maelstromEvents(dir);
  return { events, opLatency: latencies(await historyOps(dir)), probes: await probes(dir) };
}

/** Named samples (ms) of one run or several. */
export type Samples = Map<string, number[]>;

/**
 * Splits a run's timing into samples per hop kind and per answering party.
 * @param run A run.
 * @param into Samples to add to.
 * @returns `into`.
 */
export function samples(run: TimedRun, into: Samples = new Map()): Samples {
  const add = (k: string, v: number) => {
    if (!into.has(k)) into.set(k, []);
    into.get(k)!.push(v);
  };
  const sends = new Map<number, TimedEvent>();
  const recvOfRequest = new Map<string, TimedEvent>();
  for (const e of run.events) {
    if (e.bodyType === "init" || e.bodyType === "init_ok") continue;
    if (e.type === "send") {
      sends.set(e.id, e);
      if (e.inReplyTo !== undefined) {
        const req = recvOfRequest.get(`${e.dest}|${e.src}|${e.inReplyTo}`);
        if (req !== undefined) {
          add(`answer ${kind(e.src)} (${req.bodyType})`, (e.time - req.time) / 1e6);
        }
      }
    } else {
      const s = sends.get(e.id);
      if (s !== undefined) add(`hop ${kind(e.src)}→${kind(e.dest)}`, (e.time - s.time) / 1e6);
      if (e.msgId !== undefined) recvOfRequest.set(`${e.src}|${e.dest}|${e.msgId}`, e);
    }
  }
  for (const w of casWindows(run.events)) {
    add("racy cas window at lin-kv", w.ms);
    add("racy cas overwritten in window", w.overwrites);
  }
  for (const { f, ms } of run.opLatency) {
    add("client op", ms);
    add(`client op ${f}`, ms);
  }
  for (const p of run.probes) {
    if (p.peer > 0) add("probe n→n→n round trip", p.peer);
    add("probe n→svc→n round trip", p.svc);
  }
  return into;
}

/** A `racy` lin-kv fixture's cas write is its read's msg_id plus this. */
const CAS_WRITE = 1_000_000;

/**
 * For runs of `fixtures/lin_kv.ts racy`: each cas that went on to write,
 * the time lin-kv took between its read and its write (the window in which
 * another update makes it a lost update), and how many other writes lin-kv
 * applied to that key in the window.
 * @param events A run's journal.
 * @returns One entry per cas write.
 */
export function casWindows(
  events: readonly TimedEvent[],
): Array<{ ms: number; overwrites: number }> {
  const atService = events.filter((e) => e.type === "recv" && e.dest === "lin-kv");
  const reads = new Map<string, TimedEvent>();
  for (const e of atService) if (e.bodyType === "read") reads.set(`${e.src}|${e.msgId}`, e);
  const out: Array<{ ms: number; overwrites: number }> = [];
  for (const w of atService) {
    if (w.bodyType !== "write" || w.msgId === undefined || w.msgId < CAS_WRITE) continue;
    const r = reads.get(`${w.src}|${w.msgId - CAS_WRITE}`);
    if (r === undefined) continue;
    const overwrites = atService.filter((e) =>
      e.bodyType === "write" && e.key === w.key && e.time > r.time && e.time < w.time
    ).length;
    out.push({ ms: (w.time - r.time) / 1e6, overwrites });
  }
  return out;
}

/**
 * Formats samples as a table of quantiles (ms).
 * @param s The samples.
 * @returns The table.
 */
export function table(s: Samples): string {
  const rows = [["", "n", "p10", "p50", "p90", "p99", "max", "mean"]];
  for (const [k, xs] of [...s].sort(([a], [b]) => a.localeCompare(b))) {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    rows.push([
      k,
      String(xs.length),
      ...[0.1, 0.5, 0.9, 0.99, 1].map((q) => quant(xs, q).toFixed(2)),
      mean.toFixed(2),
    ]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => i === 0 ? c.padEnd(w[i]) : c.padStart(w[i])).join("  "))
    .join("\n");
}

if (import.meta.main) {
  if (Deno.args.length === 0) {
    console.error("usage: timing.ts RUN_DIR...   (MAELSTROM=/path for real-Maelstrom runs)");
    Deno.exit(254);
  }
  const all: Samples = new Map();
  for (const dir of Deno.args) samples(await readRun(dir), all);
  console.log(table(all));
}

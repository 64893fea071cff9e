/**
 * What every explainer shares: the input (results, history, journal, test
 * options, crashes), the shape of an explanation, and the run's facts in
 * plain words — times in seconds since the main phase began (as the
 * report's timeline shows them), the node an op went to, how an op ended,
 * and the partition in force.
 * @module
 */

import type { CheckResult, JournalEvent, Op } from "../history.ts";
import type { TestOptions } from "../options.ts";
import {
  describeCut,
  describeGrudge,
  type Partition,
  partitionAt,
  partitionsOf,
} from "./partitions.ts";

/** A node that exited before teardown (the run's crash report). */
export interface NodeCrash {
  node: string;
  code: number;
  signal: string | null;
  stderr: readonly string[];
}

/** A node whose stdout the bench stopped reading after a bad line. */
export interface NodeOutputError {
  node: string;
  line: string;
  error: string;
}

/** What the explainers read: everything a stored run keeps. */
export interface ExplainInput {
  /** The composed results (`results.json`); absent when the test crashed. */
  results?: CheckResult;
  /** The run's history. */
  history: readonly Op[];
  /** The network journal (to date a node's last message). */
  journal?: readonly JournalEvent[];
  /** The run's options: nodes and concurrency name the node of each op. */
  test?: Partial<TestOptions>;
  /** Nodes that crashed. */
  crashes?: readonly NodeCrash[];
  /** Nodes whose stdout was cut off. */
  outputErrors?: readonly NodeOutputError[];
}

/** How much an explained anomaly weighs in the verdict. */
export type Severity = "invalid" | "unknown" | "note";

/** One anomaly kind, explained by its first case. */
export interface Explanation {
  /** The results key it explains (`workload`, `availability`, `exceptions`, `nodes`, …). */
  checker: string;
  /** The anomaly kind, e.g. `lost`, `G1b`, `poll-skip`, `out-of-range`. */
  kind: string;
  /** Cases of this kind (the first is explained). */
  count: number;
  /** `invalid` and `unknown` decide the verdict; a `note` helps read it. */
  severity: Severity;
  /** The account, in plain words: one sentence, maybe a few indented lines after it. */
  text: string;
  /** Where to look in the report: seconds since the start, and the node. */
  at?: { time: number; node?: string };
}

type Rec = Record<string, unknown>;

/** The object `v`, or `undefined` if it is not a plain object. */
export function rec(v: unknown): Rec | undefined {
  return typeof v === "object" && v !== null && !Array.isArray(v) ? v as Rec : undefined;
}

/** Nanoseconds as the account prints times: `2.31 s` (or with more `digits`). */
export function sec(ns: number, digits = 2): string {
  return `${(ns / 1e9).toFixed(digits)} s`;
}

/** A word with its indefinite article: `a cas`, `an echo`. */
export function a(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/** Nanoseconds to seconds, rounded to the millisecond (for links). */
export function seconds(ns: number): number {
  return Math.round(ns / 1e6) / 1e3;
}

/** A value as the account shows it: JSON, cut at `max` characters. */
export function show(v: unknown, max = 60): string {
  const s = typeof v === "string" ? JSON.stringify(v) : JSON.stringify(v) ?? "nothing";
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** `1 read`, `2 reads`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The run's facts, computed once, for every explainer. */
export class Context {
  readonly results: CheckResult;
  readonly history: readonly Op[];
  readonly journal: readonly JournalEvent[];
  readonly test: Partial<TestOptions>;
  readonly crashes: readonly NodeCrash[];
  readonly outputErrors: readonly NodeOutputError[];
  readonly partitions: readonly Partition[];
  /** History index → the other half of its op (invocation ↔ completion). */
  readonly #partner = new Map<number, Op>();

  constructor(input: ExplainInput) {
    this.results = input.results ?? { "valid?": "unknown" };
    this.history = input.history;
    this.journal = input.journal ?? [];
    this.test = input.test ?? {};
    this.crashes = input.crashes ?? [];
    this.outputErrors = input.outputErrors ?? [];
    this.partitions = partitionsOf(this.history);
    const open = new Map<unknown, Op>();
    for (const op of this.history) {
      if (op.process === "nemesis") continue;
      if (op.type === "invoke") open.set(op.process, op);
      else {
        const inv = open.get(op.process);
        if (inv === undefined) continue;
        open.delete(op.process);
        this.#partner.set(inv.index, op);
        this.#partner.set(op.index, inv);
      }
    }
  }

  /** The history entry at an index (results carry copies of ops). */
  op(index: number): Op | undefined {
    return this.history[index]?.index === index
      ? this.history[index]
      : this.history.find((o) => o.index === index);
  }

  /** The invocation of an op (itself if it is one). */
  invocation(op: Op): Op {
    return op.type === "invoke" ? op : this.#partner.get(op.index) ?? op;
  }

  /** The completion of an op, if it completed (itself if it is one). */
  completion(op: Op): Op | undefined {
    return op.type === "invoke" ? this.#partner.get(op.index) : op;
  }

  /** The node a client process talks to: thread = process mod concurrency, node = thread mod N. */
  nodeOf(op: Op): string | undefined {
    const nodes = this.test.nodes;
    const c = this.test.concurrency;
    if (typeof op.process !== "number" || !nodes?.length || !c) return undefined;
    return nodes[(op.process % c) % nodes.length];
  }

  /** `n3`, or `process 4` when the run's node list is unknown. */
  where(op: Op): string {
    return this.nodeOf(op) ?? `process ${op.process}`;
  }

  /** Whether the run had a partition nemesis. */
  get partitioned(): boolean {
    return (this.test.nemesis?.includes("partition") ?? false) || this.partitions.length > 0;
  }

  /**
   * The partition in force at `time` (or, given `until`, the first one in
   * force at any moment from `time` to `until`, such as while an op was
   * open), said from `node`'s side: `n3 was cut off from n1, n2 from
   * 2.10 s to 5.00 s`; the whole partition when it left the node alone;
   * `no partition was in force` in a run with partitions; `undefined` in a
   * run without.
   */
  partitionNote(time: number, node?: string, until = time): string | undefined {
    if (!this.partitioned) return undefined;
    const p = partitionAt(this.partitions, time) ??
      this.partitions.find((q) => q.start > time && q.start <= until);
    if (p === undefined) return "no partition was in force";
    const span = `from ${sec(p.start)} to ${p.stop === undefined ? "the end" : sec(p.stop)}`;
    const cut = node === undefined ? undefined : describeCut(p.grudge, node);
    return cut !== undefined
      ? `${cut} ${span}`
      : `the network was split ${describeGrudge(p.grudge)} ${span}`;
  }

  /** How an op ended, in words: `ok`, `failed with error 11 (…)`, `timed out`, `never completed`. */
  outcome(op: Op): string {
    const c = this.completion(op);
    if (c === undefined) return "never completed";
    if (c.type === "ok") return "succeeded";
    const verb = c.type === "fail" ? "failed" : "ended indefinitely";
    return `${verb}${errorWords(c)}`;
  }

  /** The time span of an op: `2.31–2.35 s` (`2.31 s` when shorter than 10 ms), or `from 2.31 s` when it never completed. */
  span(op: Op, digits = 2): string {
    const inv = this.invocation(op), c = this.completion(op);
    if (c === undefined) return `from ${sec(inv.time, digits)}`;
    const a = (inv.time / 1e9).toFixed(digits), b = (c.time / 1e9).toFixed(digits);
    return a === b ? `${a} s` : `${a}–${b} s`;
  }
}

/** ` with error 11 (temporarily-unavailable: "not leader")`, ` (timed out)`, … */
export function errorWords(op: Op): string {
  const e = op.error;
  if (e === "net-timeout") return " (timed out)";
  if (Array.isArray(e) && e.length === 2) {
    const code = op.code === undefined ? "" : ` ${op.code}`;
    return ` with error${code} (${e[0]}: ${show(e[1], 80)})`;
  }
  if (typeof e === "string") return ` (${e.length > 80 ? e.slice(0, 79) + "…" : e})`;
  if (op.exception) return ` (${op.exception.slice(0, 80)})`;
  return "";
}

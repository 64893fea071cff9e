/**
 * The bench's plain account of a run that went wrong: for each kind of
 * anomaly, its first case in a sentence that names the ops, values, nodes
 * and times (seconds since the main phase began, as the report's timeline
 * shows them) and the partition in force. One explainer per checker or
 * anomaly kind, each a pure function of the results, history, journal and
 * test options.
 *
 * ```ts
 * import assert from "node:assert/strict";
 * import { explain, formatAccount } from "./mod.ts";
 * const ms = 1e6;
 * const history = [
 *   { index: 0, time: 0, type: "invoke" as const, process: 0, f: "generate", value: null },
 *   { index: 1, time: 1 * ms, type: "ok" as const, process: 0, f: "generate", value: 7 },
 *   { index: 2, time: 2 * ms, type: "invoke" as const, process: 1, f: "generate", value: null },
 *   { index: 3, time: 3 * ms, type: "ok" as const, process: 1, f: "generate", value: 7 },
 * ];
 * const results = {
 *   "valid?": false as const,
 *   workload: { "valid?": false, "duplicated-count": 1, duplicated: { "7": 2 } },
 * };
 * const test = { workload: "unique-ids", nodes: ["n1", "n2"], concurrency: 2 };
 * const [first] = explain({ results, history, test });
 * assert.match(first.text, /id 7 was handed out 2 times: by n1 at 0\.00 s and by n2 at 0\.00 s/);
 * console.log(formatAccount([first])); // the text printed after the verdict
 * ```
 * @module
 */

import { Context, type ExplainInput, type Explanation, rec } from "./_context.ts";
import { explainAvailability } from "./availability.ts";
import { explainCounter } from "./counter.ts";
import { explainEcho } from "./echo.ts";
import { explainExceptions } from "./exceptions.ts";
import { explainKafka } from "./kafka.ts";
import { explainLinearizable } from "./linearizable.ts";
import { explainNodes } from "./nodes.ts";
import { explainSetFull } from "./set_full.ts";
import { explainStats } from "./stats.ts";
import { explainTxn } from "./txn.ts";
import { explainUniqueIds } from "./unique_ids.ts";

export type {
  ExplainInput,
  Explanation,
  NodeCrash,
  NodeOutputError,
  Severity,
} from "./_context.ts";
export { Context } from "./_context.ts";
export { exceptionSummary } from "./exceptions.ts";
export {
  describeCut,
  describeGrudge,
  type Partition,
  partitionAt,
  partitionsOf,
} from "./partitions.ts";

/** An explainer: a pure function of the run. */
export type Explainer = (ctx: Context) => Explanation[];

/** The workload explainers, by workload name. */
const WORKLOAD_EXPLAINERS: Readonly<Record<string, Explainer>> = {
  "broadcast": explainSetFull,
  "g-set": explainSetFull,
  "g-counter": explainCounter,
  "pn-counter": explainCounter,
  "echo": explainEcho,
  "unique-ids": explainUniqueIds,
  "kafka": explainKafka,
  "lin-kv": explainLinearizable,
  "txn-rw-register": explainTxn,
  "txn-list-append": explainTxn,
};

/** Every workload explainer, tried in turn when the workload's name is unknown. */
const ANY_WORKLOAD: readonly Explainer[] = [...new Set(Object.values(WORKLOAD_EXPLAINERS))];

const ORDER = { invalid: 0, unknown: 1, note: 2 } as const;

/** A results entry that is not valid and that no explainer explained. */
function unexplained(ctx: Context, done: readonly Explanation[]): Explanation[] {
  const out: Explanation[] = [];
  for (const [name, v] of Object.entries(ctx.results)) {
    const r = rec(v);
    if (r === undefined || r["valid?"] === true) continue;
    if (done.some((e) => e.checker === name && e.severity !== "note")) continue;
    const severity = r["valid?"] === false ? "invalid" : "unknown";
    const error = typeof r.error === "string" ? r.error : undefined;
    out.push({
      checker: name,
      kind: error ? "checker-error" : "invalid",
      count: 1,
      severity,
      text: error
        ? `the ${name} checker could not decide: ${
          error.length > 300 ? `${error.slice(0, 299)}…` : error
        }.`
        : `the ${name} checker found the run ${
          severity === "invalid" ? "invalid" : "undecidable"
        } (see results.json, key "${name}").`,
    });
  }
  return out;
}

/**
 * Explains a run: the first case of each anomaly kind, the invalid ones
 * first, then the undecided, then notes that help read them.
 * @param input The run's results, history, journal, options and crashes.
 * @returns The explanations (empty for a clean, valid run).
 */
export function explain(input: ExplainInput): Explanation[] {
  // A test explains its run twice (the printed account, report.html): once is enough.
  const cached = input.results && memo.get(input.results);
  if (cached !== undefined && cached.history === input.history) return cached.out;
  const out = explainAll(input);
  if (input.results !== undefined) memo.set(input.results, { history: input.history, out });
  return out;
}

const memo = new WeakMap<object, { history: unknown; out: Explanation[] }>();

function explainAll(input: ExplainInput): Explanation[] {
  const ctx = new Context(input);
  const workload = input.test?.workload;
  const explainers: Explainer[] = [explainNodes];
  const known = workload === undefined ? undefined : WORKLOAD_EXPLAINERS[workload];
  if (known !== undefined) explainers.push(known);
  else explainers.push(...ANY_WORKLOAD);
  explainers.push(explainAvailability, explainStats, explainExceptions);
  const out: Explanation[] = [];
  for (const e of explainers) {
    try {
      out.push(...e(ctx));
    } catch (error) {
      // An explainer must never hide the verdict: say it failed, and go on.
      out.push({
        checker: "explain",
        kind: "explainer-error",
        count: 1,
        severity: "note",
        text: `cannot explain this part of the run: ${(error as Error).message}`,
      });
    }
  }
  if (input.results !== undefined) out.push(...unexplained(ctx, out));
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => ORDER[a.e.severity] - ORDER[b.e.severity] || a.i - b.i)
    .map(({ e }) => e);
}

/** Options of {@linkcode formatAccount}. */
export interface AccountOptions {
  /** Wrap lines at this many columns (default 100; 0: no wrapping). */
  width?: number;
  /** Include notes when nothing is invalid or undecided (default false). */
  notesAlone?: boolean;
}

/** The words of a line, a time and its unit (`2.31 s`) counted as one. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const w of line.split(/ +/)) {
    if (/^s\b/.test(w) && /\d$/.test(out[out.length - 1] ?? "")) out[out.length - 1] += ` ${w}`;
    else out.push(w);
  }
  return out;
}

/** Word-wraps `text`; later lines and paragraphs get `indent` (plus their own leading spaces). */
function wrap(text: string, width: number, indent: string): string {
  const out: string[] = [];
  text.split("\n").forEach((para, p) => {
    const lead = /^\s*/.exec(para)![0];
    const cont = indent + lead;
    let line = p === 0 ? "" : cont;
    let empty = true;
    for (const word of words(para.trim())) {
      if (!empty && width > 0 && `${line} ${word}`.length > width) {
        out.push(line);
        line = cont + word;
      } else line = empty ? line + word : `${line} ${word}`;
      empty = false;
    }
    out.push(line);
  });
  return out.join("\n");
}

/**
 * The account as the terminal prints it after the verdict: a heading, then
 * one bullet per anomaly kind (`- lost: …`), wrapped with a hanging indent.
 * @param explanations What {@linkcode explain} returned.
 * @param options Width, and whether notes alone make an account.
 * @returns The text, or `""` when there is nothing to say.
 */
export function formatAccount(
  explanations: readonly Explanation[],
  options: AccountOptions = {},
): string {
  const width = options.width ?? 100;
  const serious = explanations.some((e) => e.severity !== "note");
  if (explanations.length === 0 || (!serious && !options.notesAlone)) return "";
  const lines = ["What went wrong (the first case of each kind; times in s since the start):"];
  for (const e of explanations) {
    const tag = e.severity === "note" ? " (note)" : e.severity === "unknown" ? " (unknown)" : "";
    lines.push(wrap(`- ${e.kind}${tag}: ${e.text}`, width, "    "));
  }
  return lines.join("\n");
}

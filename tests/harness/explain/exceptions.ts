/**
 * Explains the exceptions checker's result: the most frequent exception,
 * with one example. {@linkcode exceptionSummary} is the one line the
 * summary table and the account share.
 * @module
 */

import type { CheckResult, Op } from "../history.ts";
import { a, type Context, type Explanation, plural, rec, sec, seconds } from "./_context.ts";

/** Where an example op went, when the caller knows: `(op) => "n3"`. */
export type NodeOf = (op: Op) => string | undefined;

/**
 * The most frequent exception of a run in one line, e.g.
 * `MalformedReply ×12 (of 2 kinds), e.g. a read on n2 at 1.30 s: MalformedReply: …`.
 * @param results The composed results (reads `exceptions.exceptions`).
 * @param nodeOf Names the node of the example op (optional).
 * @returns The line, or `undefined` when no op ended with an exception.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { exceptionSummary } from "./exceptions.ts";
 * const example = { index: 3, time: 1.3e9, type: "info" as const, process: 1, f: "read", value: null, exception: "MalformedReply: no value" };
 * const results = { "valid?": true as const, exceptions: { "valid?": true, exceptions: [{ count: 12, class: "MalformedReply", example }] } };
 * assert.equal(exceptionSummary(results), "MalformedReply ×12, e.g. a read by process 1 at 1.30 s: MalformedReply: no value");
 * ```
 */
export function exceptionSummary(results: CheckResult, nodeOf?: NodeOf): string | undefined {
  const groups = rec(results.exceptions)?.exceptions;
  if (!Array.isArray(groups) || groups.length === 0) return undefined;
  const g = rec(groups[0]);
  const example = rec(g?.example) as Op | undefined;
  if (g === undefined || example === undefined) return undefined;
  const kinds = groups.length > 1 ? ` (of ${groups.length} kinds)` : "";
  const node = nodeOf?.(example);
  const where = node === undefined ? `by process ${example.process}` : `on ${node}`;
  const text = (example.exception ?? "").replace(/\s+/g, " ");
  return `${g.class} ×${g.count}${kinds}, e.g. ${a(example.f)} ${where} at ${sec(example.time)}: ${
    text.length > 160 ? `${text.slice(0, 159)}…` : text
  }`;
}

/**
 * Explains the `exceptions` result (always valid, so a note).
 * @param ctx The run.
 * @returns One note, or nothing when no op ended with an exception.
 */
export function explainExceptions(ctx: Context): Explanation[] {
  const line = exceptionSummary(ctx.results, (op) => ctx.nodeOf(op));
  if (line === undefined) return [];
  const groups = rec(ctx.results.exceptions)!.exceptions as Array<{ count: number; example: Op }>;
  const total = groups.reduce((s, g) => s + g.count, 0);
  const example = groups[0].example;
  return [{
    checker: "exceptions",
    kind: "exceptions",
    count: total,
    severity: "note",
    text: `${plural(total, "operation")} ended with an exception; most often ${line}`,
    at: { time: seconds(example.time), node: ctx.nodeOf(example) },
  }];
}

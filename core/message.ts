/**
 * Maelstrom's message envelope and body conventions, as zod schemas and types.
 * @module
 */
import * as z from "./schema.ts";

/** A message body: a JSON object, usually with a `type`. */
export interface Body {
  type?: string;
  msg_id?: number;
  in_reply_to?: number;
  [key: string]: unknown;
}

/** A body that is sent: `type` is required. */
export interface OutBody extends Body {
  type: string;
}

/** A message on the wire: `{src, dest, body}` plus Maelstrom's `id` on input. */
export interface Message<B extends Body = Body> {
  id?: number;
  src: string;
  dest: string;
  body: B;
}

/** The body of `init`. */
export const InitBody = z.object({
  node_id: z.string(),
  node_ids: z.array(z.string()),
});

/** The body of an `error` reply. */
export const ErrorBody = z.object({
  code: z.int(),
  text: z.optional(z.string()),
});

/**
 * Describes the first problem zod found, naming the field:
 * `"body.echo" is missing`, `"body.delta": Invalid input: expected int, received string`.
 *
 * @param error what zod reported
 * @param input the value that was parsed, to tell a missing field from a wrong one
 * @param prefix the name of that value
 */
export function describeIssue(
  error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> },
  input: unknown,
  prefix = "body",
): string {
  const issue = error.issues[0];
  if (issue === undefined) return `"${prefix}" is invalid`;
  const name = [prefix, ...issue.path.map(String)].join(".");
  let value = input;
  for (const key of issue.path) {
    value = typeof value === "object" && value !== null
      ? (value as Record<PropertyKey, unknown>)[key]
      : undefined;
  }
  if (value === undefined) return `"${name}" is missing`;
  return `"${name}": ${issue.message}`;
}

const isInt = Number.isInteger;

/**
 * Checks that a parsed line is a message envelope: `src` and `dest` strings,
 * an integer `id` if any, and an object `body` whose `type`, `msg_id` and
 * `in_reply_to`, when present, are well-typed. Hand-written rather than a zod
 * schema: it runs for every input line and copies nothing.
 *
 * @returns `undefined` when it is one, else what is wrong, naming the field
 */
export function checkEnvelope(raw: unknown): string | undefined {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return "not a JSON object";
  }
  const m = raw as Record<string, unknown>;
  if (typeof m.src !== "string") {
    return m.src === undefined ? '"src" is missing' : '"src" is not a string';
  }
  if (typeof m.dest !== "string") {
    return m.dest === undefined ? '"dest" is missing' : '"dest" is not a string';
  }
  if (m.id !== undefined && !isInt(m.id)) return '"id" is not an integer';
  const body = m.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return body === undefined ? '"body" is missing' : '"body" is not an object';
  }
  const b = body as Record<string, unknown>;
  if (b.type !== undefined && typeof b.type !== "string") return '"body.type" is not a string';
  if (b.msg_id !== undefined && !isInt(b.msg_id)) return '"body.msg_id" is not an integer';
  if (b.in_reply_to !== undefined && !isInt(b.in_reply_to)) {
    return '"body.in_reply_to" is not an integer';
  }
  return undefined;
}

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

/**
 * The envelope of every incoming line: `src` and `dest` strings and an object
 * `body` whose `type`, `msg_id` and `in_reply_to`, when present, are well-typed.
 */
export const Envelope: z.ZodMiniType<Message> = z.object({
  id: z.optional(z.int()),
  src: z.string(),
  dest: z.string(),
  body: z.looseObject({
    type: z.optional(z.string()),
    msg_id: z.optional(z.int()),
    in_reply_to: z.optional(z.int()),
  }),
});

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

/**
 * The kafka design the challenge text suggests, kept for comparison: all
 * state lives in Maelstrom's `lin-kv` service, so nodes share nothing.
 *
 * - `log:<key>` holds the key's whole log as an array; a `send` appends with
 *   read + compare-and-set, retrying while another writer wins (error 22),
 *   and its offset is the array index. After a CAS that timed out it does not
 *   retry (the append may have happened: retrying could duplicate the
 *   message) and answers with the indefinite error 13.
 * - `poll` reads each requested key's log (linearizable, so each read is a
 *   prefix of every later one).
 * - `commit:<key>` holds the committed offset, raised with CAS.
 * @module
 */
import { CodedError, ErrorCode, KV, type Node, z } from "../../mod.ts";

const Offsets = z.record(z.string(), z.int());
const MAX_ATTEMPTS = 50;

const isCode = (e: unknown, ...codes: number[]) =>
  e instanceof CodedError && codes.includes(e.code);

/**
 * Installs the lin-kv-backed kafka design on a node.
 * @param node The node.
 * @returns The node.
 */
export function linKvKafka(node: Node): Node {
  const kv = new KV(node, "lin-kv", { timeout: 1000 });

  const append = async (key: string, msg: unknown): Promise<number> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const log = await kv.readOr<unknown[]>(`log:${key}`, []);
      try {
        await kv.cas(`log:${key}`, log, [...log, msg], { createIfNotExists: log.length === 0 });
        return log.length;
      } catch (e) {
        if (!isCode(e, ErrorCode.PreconditionFailed, ErrorCode.KeyDoesNotExist)) {
          throw new CodedError(ErrorCode.Crash, "append may or may not have happened", {
            cause: e,
          });
        }
      }
    }
    throw new CodedError(ErrorCode.TemporarilyUnavailable, "too much contention; not appended");
  };

  const raise = async (key: string, offset: number): Promise<void> => {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await kv.readOr<number | null>(`commit:${key}`, null);
      if (current !== null && current >= offset) return;
      try {
        await kv.cas(`commit:${key}`, current, offset, { createIfNotExists: current === null });
        return;
      } catch (e) {
        if (!isCode(e, ErrorCode.PreconditionFailed, ErrorCode.KeyDoesNotExist)) throw e;
      }
    }
  };

  return node
    .handle("send", z.object({ key: z.string(), msg: z.unknown() }), async (req) => ({
      type: "send_ok",
      offset: await append(req.body.key, req.body.msg),
    }))
    .handle("poll", z.object({ offsets: Offsets }), async (req) => {
      const msgs: Record<string, Array<[number, unknown]>> = {};
      await Promise.all(
        Object.entries(req.body.offsets).map(async ([key, from]) => {
          const log = await kv.readOr<unknown[]>(`log:${key}`, []);
          const start = Math.max(0, from);
          if (start < log.length) msgs[key] = log.slice(start).map((m, i) => [start + i, m]);
        }),
      );
      return { type: "poll_ok", msgs };
    })
    .handle("commit_offsets", z.object({ offsets: Offsets }), async (req) => {
      await Promise.all(Object.entries(req.body.offsets).map(([k, o]) => raise(k, o)));
      return { type: "commit_offsets_ok" };
    })
    .handle("list_committed_offsets", z.object({ keys: z.array(z.string()) }), async (req) => {
      const offsets: Record<string, number> = {};
      await Promise.all(req.body.keys.map(async (key) => {
        const o = await kv.readOr<number | null>(`commit:${key}`, null);
        if (o !== null) offsets[key] = o;
      }));
      return { type: "list_committed_offsets_ok", offsets };
    });
}

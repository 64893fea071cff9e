/**
 * The schema builders nodes use, re-exported from zod's small "mini" build
 * (functional API: `z.optional(z.string())`, `z.int()`), with English error
 * messages. Exported from `mod.ts` as `z`.
 *
 * Only what message schemas need is re-exported, which keeps a node's start-up
 * fast: the full zod namespace costs about 100 ms to load.
 *
 * @example
 * ```ts
 * import { z } from "../mod.ts";
 * const Add = z.object({ delta: z.int(), note: z.optional(z.string()) });
 * console.assert(z.safeParse(Add, { delta: 3 }).success);
 * ```
 * @module
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export {
  any,
  array,
  boolean,
  check,
  discriminatedUnion,
  enum,
  int,
  literal,
  looseObject,
  maximum,
  minimum,
  nullable,
  nullish,
  number,
  object,
  optional,
  parse,
  record,
  refine,
  safeParse,
  strictObject,
  string,
  tuple,
  union,
  unknown,
} from "zod/mini";
export type { infer, input, output, ZodMiniType } from "zod/mini";

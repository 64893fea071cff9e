/**
 * The registry of bench workloads: Maelstrom name → a loader of its
 * {@link WorkloadFactory}. To add a workload, write `workloads/<name>.ts`
 * exporting a `WorkloadFactory` and add one line here.
 * @module
 */

import type { WorkloadFactory } from "../workload.ts";

/** Loaders of every workload the bench knows, by Maelstrom name. */
export const WORKLOADS: Readonly<Record<string, () => Promise<WorkloadFactory>>> = {
  "echo": async () => (await import("./echo.ts")).echo,
  "unique-ids": async () => (await import("./unique_ids.ts")).uniqueIds,
  "broadcast": async () => (await import("./broadcast.ts")).broadcast,
  "g-set": async () => (await import("./g_set.ts")).gSet,
  "g-counter": async () => (await import("./g_counter.ts")).gCounter,
  "pn-counter": async () => (await import("./pn_counter.ts")).pnCounter,
  "txn-rw-register": async () => (await import("./txn_rw_register.ts")).txnRwRegister,
  "txn-list-append": async () => (await import("./txn_list_append.ts")).txnListAppend,
  "kafka": async () => (await import("./kafka.ts")).kafka,
  "lin-kv": async () => (await import("./lin_kv.ts")).linKv,
};

/**
 * Loads a workload factory by name.
 * @param name Maelstrom's workload name, e.g. `"broadcast"`.
 * @returns The factory, or `undefined` for an unknown name.
 */
export async function loadWorkload(name: string): Promise<WorkloadFactory | undefined> {
  const load = WORKLOADS[name];
  return load === undefined ? undefined : await load();
}

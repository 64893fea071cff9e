/**
 * The bench's checkers: pure functions of a history (and, for `net`, of the
 * network journal) whose results mirror Maelstrom's `results.edn` keys.
 *
 * ```ts
 * import { compose, net, setFull, stats } from "./mod.ts";
 * const results = compose({
 *   stats: () => stats([]),
 *   net: () => net([], []),
 *   workload: () => setFull([], { addF: "broadcast" }),
 * });
 * ```
 * @module
 */

export { availability, type AvailabilitySpec } from "./availability.ts";
export { type Checked, compose, composeAsync } from "./compose.ts";
export { counter, type Interval, unionShifted } from "./counter.ts";
export { echoChecker } from "./echo.ts";
export { exceptionClass, type ExceptionGroup, exceptions } from "./exceptions.ts";
export { latency, type LatencySummary, perf, type TimedOp, timedOps } from "./latency.ts";
export { involvesClient, net, type NetCounts } from "./net.ts";
export { setFull, type SetFullElementResult, type SetFullOptions } from "./set_full.ts";
export { type OpCounts, stats } from "./stats.ts";
export { uniqueIds } from "./unique_ids.ts";

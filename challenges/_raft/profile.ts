/**
 * The two ways a Raft node can trade messages for latency, chosen by a word
 * on the node's command line (as broadcast does), and the knobs behind them.
 * @module
 */
import { type Knob, parseProfileArgs, wholeNumber } from "../../core/args.ts";
import type { Timing } from "./raft.ts";

/**
 * - `latency` (default): every request is forwarded and every new entry
 *   replicated at once, to every follower;
 * - `frugal`: followers gather requests for a few milliseconds, the leader
 *   gathers entries, and sends them at once only to as many followers as a
 *   majority needs (the others get them with the next heartbeat, which is
 *   rarer).
 */
export type Profile = "latency" | "frugal";

/** The profiles, default first. */
export const PROFILES: readonly Profile[] = ["latency", "frugal"];

/** Consensus timing plus the request layer's, in milliseconds. */
export interface Tuning extends Timing {
  /** A follower gathers requests this long before forwarding them (0: at once). */
  forwardBatchMs: number;
  /**
   * How long a request may wait for a leader (during an election) before the
   * node answers 11; only requests never forwarded, so that 11 is true.
   */
  holdMs: number;
  /** How long a forwarded request is kept, to forward it again to a new leader. */
  retryMs: number;
}

/**
 * The default tuning of each profile. Election timeouts of 150–300 ms (the
 * paper's own range) replace a lost leader well within the clients' 1 s; the
 * lease is 30 ms shorter than the shortest election timeout (README: Reads).
 */
export const TUNINGS: Readonly<Record<Profile, Readonly<Tuning>>> = {
  latency: {
    electionMinMs: 150,
    electionMaxMs: 300,
    heartbeatMs: 50,
    leaseMs: 120,
    staleMs: 100,
    probeMs: 50,
    batchMs: 0,
    eager: "all",
    maxEntries: 256,
    forwardBatchMs: 0,
    holdMs: 600,
    retryMs: 2000,
  },
  frugal: {
    electionMinMs: 300,
    electionMaxMs: 600,
    heartbeatMs: 100,
    leaseMs: 270,
    staleMs: 250,
    probeMs: 50,
    batchMs: 10,
    eager: "quorum",
    maxEntries: 256,
    forwardBatchMs: 10,
    holdMs: 600,
    retryMs: 2000,
  },
};

/** A profile and its tuning, as read from the command line. */
export interface Settings {
  profile: Profile;
  tuning: Tuning;
  /** Words that were not understood (to log). */
  unknown: string[];
}

const KNOBS: Readonly<Record<string, Knob<Tuning>>> = {
  "election-min": wholeNumber("electionMinMs"),
  "election-max": wholeNumber("electionMaxMs"),
  heartbeat: wholeNumber("heartbeatMs"),
  lease: wholeNumber("leaseMs"),
  stale: wholeNumber("staleMs"),
  probe: wholeNumber("probeMs"),
  batch: wholeNumber("batchMs"),
  "max-entries": wholeNumber("maxEntries"),
  "forward-batch": wholeNumber("forwardBatchMs"),
  hold: wholeNumber("holdMs"),
  retry: wholeNumber("retryMs"),
  eager: (v) => v === "all" || v === "quorum" ? { eager: v } : undefined,
};

/**
 * Reads the profile and overrides from command-line words: a profile name
 * (`latency`, the default, or `frugal`), `knob=ms` pairs (see `KNOBS`), and
 * `eager=all|quorum`.
 *
 * @param args the node's arguments (Maelstrom passes the words after `--`)
 * @returns the settings; words it does not understand are listed in `unknown`
 * @throws {RangeError} when the lease would not end before an election could begin
 *
 * @example
 * ```ts
 * import { parseSettings } from "./profile.ts";
 * const s = parseSettings(["frugal", "batch=5"]);
 * console.assert(s.profile === "frugal" && s.tuning.batchMs === 5);
 * ```
 */
export function parseSettings(args: readonly string[]): Settings {
  const { profile, overrides, unknown } = parseProfileArgs(args, PROFILES, KNOBS);
  const tuning: Tuning = { ...TUNINGS[profile], ...overrides };
  if (tuning.leaseMs >= tuning.electionMinMs || tuning.electionMaxMs < tuning.electionMinMs) {
    throw new RangeError(
      `Invalid timing: need lease < election-min <= election-max, got ${tuning.leaseMs}, ${tuning.electionMinMs}, ${tuning.electionMaxMs}`,
    );
  }
  return { profile, tuning, unknown };
}

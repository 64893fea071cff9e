/**
 * The two ways the broadcast node can trade messages for latency, and the
 * knobs behind them, chosen by words on the node's command line.
 * @module
 */

import { type Knob, parseProfileArgs, wholeNumber } from "../../core/args.ts";

/**
 * How new values travel:
 * - `frugal`: every node hands its new values straight to one hub, which
 *   sends each other node a batch at most {@linkcode Tuning.roundMs} after a
 *   value reached it (about 1.4 messages per operation at 25 nodes, stable
 *   latency about 160 ms median, 400 ms at most);
 * - `latency`: the node that receives a value sends it to every other node at
 *   once (about 12 messages per operation at 25 nodes, one hop: about 75 ms
 *   median, 100 ms at most).
 */
export type Profile = "frugal" | "latency";

/** The profiles, default first. */
export const PROFILES: readonly Profile[] = ["frugal", "latency"];

/** Timing knobs, all in milliseconds. */
export interface Tuning {
  /** The hub's batching interval (frugal only). */
  roundMs: number;
  /**
   * A node whose holdings changed tells the hub in a message of its own when
   * no other message to the hub has carried the news for this long.
   */
  idleMs: number;
  /**
   * The hub passes new confirmations of a node's values on to that node in a
   * message of its own when no other message to it has carried them for this long.
   */
  relayMs: number;
  /** A value that a peer has not confirmed this long after it was acknowledged is resent to it by its origin. */
  repairAfterMs: number;
  /** At most one resend to the same peer this often. */
  repairEveryMs: number;
  /**
   * A peer whose own row, arriving straight from it, lacks a value this node
   * acknowledged this long ago did not get it: resend at once (once per this
   * interval), rather than waiting for `repairAfterMs`. Must exceed a value's
   * normal path (two hops plus a round), or healthy values would be resent.
   */
  evidenceMs: number;
  /** How often idle syncs and resends are considered. */
  tickMs: number;
}

/** The default tuning of each profile. */
export const TUNINGS: Readonly<Record<Profile, Readonly<Tuning>>> = {
  frugal: {
    roundMs: 260,
    idleMs: 2000,
    relayMs: 800,
    repairAfterMs: 5000,
    repairEveryMs: 2000,
    evidenceMs: 1500,
    tickMs: 250,
  },
  latency: {
    roundMs: 260,
    idleMs: 1500,
    relayMs: 1500,
    repairAfterMs: 5000,
    repairEveryMs: 2000,
    evidenceMs: 1500,
    tickMs: 250,
  },
};

/** A profile and its tuning, as read from the command line. */
export interface Settings {
  /** The chosen profile. */
  profile: Profile;
  /** Its tuning, with any overrides applied. */
  tuning: Tuning;
  /** Words that were not understood (to log). */
  unknown: string[];
}

const KNOBS: Readonly<Record<string, Knob<Tuning>>> = {
  round: wholeNumber("roundMs", true),
  idle: wholeNumber("idleMs", true),
  relay: wholeNumber("relayMs", true),
  "repair-after": wholeNumber("repairAfterMs", true),
  "repair-every": wholeNumber("repairEveryMs", true),
  evidence: wholeNumber("evidenceMs", true),
  tick: wholeNumber("tickMs", true),
};

/**
 * Reads the profile and tuning overrides from command-line words: a profile
 * name (`frugal`, the default, or `latency`) and `knob=ms` pairs
 * (`round`, `idle`, `relay`, `repair-after`, `repair-every`, `evidence`, `tick`).
 *
 * @param args the node's arguments (Maelstrom passes the words after `--`)
 * @returns the settings; words it does not understand are listed in `unknown`
 *
 * @example
 * ```ts
 * import { parseSettings } from "./profile.ts";
 * const s = parseSettings(["latency", "idle=1000"]);
 * console.assert(s.profile === "latency" && s.tuning.idleMs === 1000);
 * ```
 */
export function parseSettings(args: readonly string[]): Settings {
  const { profile, overrides, unknown } = parseProfileArgs(args, PROFILES, KNOBS);
  return { profile, tuning: { ...TUNINGS[profile], ...overrides }, unknown };
}

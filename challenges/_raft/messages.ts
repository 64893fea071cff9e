/**
 * The messages Raft nodes exchange: RequestVote (and its pre-vote form),
 * AppendEntries, and their answers. Every one carries its sender's term.
 * @module
 */
import type { Entry } from "./log.ts";

/** A payload in the log: the caller's, or `null` for a new leader's no-op. */
export type Payload<T> = T | null;

/**
 * RequestVote, or a pre-vote (`pre`: "would you vote for me in `term`?",
 * which changes nothing). `sent` (the asker's clock) comes back in the reply.
 */
export interface VoteRequest {
  type: "raft_vote";
  pre: boolean;
  term: number;
  last_index: number;
  last_term: number;
  sent: number;
}

/**
 * The answer to a {@linkcode VoteRequest}; `term` is the voter's, and
 * `leader` the leader it forwards requests to, if any (a node that cannot
 * reach the leader itself may forward through it).
 */
export interface VoteReply {
  type: "raft_vote_ok";
  pre: boolean;
  term: number;
  granted: boolean;
  sent: number;
  leader: string | null;
}

/**
 * AppendEntries; `sent` is the leader's clock when it sent it, echoed back
 * for the lease. `listening`: the leader hears this follower and a majority
 * lately, so requests forwarded to it can succeed (a one-way cut can let a
 * follower hear a leader that does not hear it).
 */
export interface Append<T> {
  type: "raft_append";
  term: number;
  prev_index: number;
  prev_term: number;
  entries: Entry<Payload<T>>[];
  commit: number;
  sent: number;
  listening: boolean;
}

/**
 * The answer to an {@linkcode Append}: `ok` with the index up to which the
 * follower now matches, or not ok with the index after which the leader
 * should try again.
 */
export interface AppendReply {
  type: "raft_append_ok";
  term: number;
  ok: boolean;
  index: number;
  sent: number;
}

/** Any Raft message. */
export type RaftMessage<T> = VoteRequest | VoteReply | Append<T> | AppendReply;

/** A message to send. */
export interface Outgoing<T> {
  to: string;
  body: RaftMessage<T>;
}

/**
 * Runs a {@linkcode Replica} inside a Maelstrom {@linkcode Node}: peer
 * messages in, timers armed for the replica's next deadline, messages and
 * client answers out, and one stderr line per role change for the bench.
 * @module
 */
import { type Body, ErrorCode, type Node, type OutBody, type Request } from "../../mod.ts";
import { stderrSink } from "../../core/log.ts";
import { parseSettings, type Settings } from "./profile.ts";
import type { RoleChange, Unsafe } from "./raft.ts";
import { type Op, Replica, type ReplicaMessage, type StateMachine } from "./replica.ts";

/** Options of {@linkcode RaftServer}. */
export interface RaftServerOptions<C, Q, R extends OutBody> {
  /** Builds the state machine, once the node knows who it is. */
  machine: () => StateMachine<C, Q, R>;
  /** Profile and timing. Default: read from the node's arguments. */
  settings?: Settings;
  /** See {@linkcode RaftOptions.firstLeader}. */
  firstLeader?: string | null;
  /** Test-only: break a rule. */
  unsafe?: Unsafe & { noDedupe?: boolean };
  /** Where the role-change lines go. Default: stderr. */
  roleLog?: (line: string) => void;
  /** Random numbers for election timeouts. Default `Math.random`. */
  random?: () => number;
}

/** How long after init a node keeps its messages to peers back, ms. */
const INIT_QUIET_MS = 20;

/** A timer this late (ms) means the process was stalled; see #schedule. */
const LATE_MS = 10;

const PEER_TYPES = ["raft_vote", "raft_vote_ok", "raft_append", "raft_append_ok", "raft_forward"];

/**
 * A Raft replica wired to a node. The workload registers its client
 * handlers and passes each request to {@linkcode RaftServer.submit}; the
 * answer comes from whichever node can give it.
 *
 * @example
 * ```ts
 * import { Node, z } from "../../mod.ts";
 * import { RaftServer } from "./server.ts";
 * const node = new Node({ args: [] });
 * let total = 0;
 * const server = new RaftServer(node, {
 *   machine: () => ({
 *     apply: (n: number) => ({ type: "add_ok", total: total += n }),
 *     query: () => ({ type: "read_ok", total }),
 *   }),
 * });
 * node.handle("add", z.object({ n: z.int() }), (req) => {
 *   server.submit(req, { kind: "write", command: req.body.n });
 * });
 * ```
 */
export class RaftServer<C, Q, R extends OutBody> {
  readonly node: Node;
  readonly settings: Settings;
  #replica: Replica<C, Q, R> | undefined;
  #timerAt = Infinity;
  #cancel: (() => void) | undefined;
  #roleLog: (line: string) => void;
  /** Just after init: peer messages wait (see the init hook). */
  #quiet = false;
  #held: Array<{ to: string; body: OutBody }> = [];

  constructor(node: Node, options: RaftServerOptions<C, Q, R>) {
    this.node = node;
    this.settings = options.settings ?? parseSettings(node.args);
    if (this.settings.unknown.length > 0) {
      node.log.warn(`Ignoring arguments: ${this.settings.unknown.map((a) => `"${a}"`).join(", ")}`);
    }
    this.#roleLog = options.roleLog ?? stderrSink;
    node.onInit((n) => {
      this.#replica = new Replica({
        id: n.id,
        nodes: n.nodeIds,
        tuning: this.settings.tuning,
        machine: options.machine(),
        random: options.random,
        firstLeader: options.firstLeader,
        unsafe: options.unsafe,
      });
      n.log.info(`raft profile ${this.settings.profile}`, this.settings.tuning);
      this.#replica.start(this.#now());
      // Maelstrom registers each node as it starts it, all at once: a message
      // to a peer not registered yet would kill this node's output. No client
      // asks anything before every node has answered init, so wait a moment.
      this.#quiet = true;
      n.after(INIT_QUIET_MS, () => {
        this.#quiet = false;
        this.#flush();
      });
      this.#flush();
    });
    for (const type of PEER_TYPES) {
      node.handle(type, (req) => this.#onPeer(req));
    }
  }

  /** The replica (after `init`). */
  get replica(): Replica<C, Q, R> | undefined {
    return this.#replica;
  }

  /** Takes a client request; its answer is sent when known (by this node or the leader). */
  submit(req: Request<unknown>, op: Op<C, Q>): void {
    const seq = req.body.msg_id;
    if (seq === undefined || this.#replica === undefined) return; // nobody to answer
    this.#replica.submit(req.src, seq, op, this.#now());
    this.#flush();
  }

  #onPeer(req: Request<Body>): void {
    if (this.#replica === undefined || !this.node.nodeIds.includes(req.src)) return;
    const body = req.body as unknown as ReplicaMessage<C, Q>;
    if (!wellFormed(body)) {
      this.node.log.warn(`Dropping a malformed ${req.body.type} from ${req.src}`);
      return;
    }
    this.#replica.receive(req.src, body, this.#now());
    this.#flush();
  }

  #now(): number {
    return this.node.clock.now();
  }

  /** Sends what the replica produced, logs role changes, re-arms the timer. */
  #flush(): void {
    const replica = this.#replica;
    if (replica === undefined) return;
    const { messages, answers } = replica.take();
    for (const m of messages) this.#held.push({ to: m.to, body: m.body as unknown as OutBody });
    if (!this.#quiet) {
      for (const m of this.#held) this.node.send(m.to, m.body);
      this.#held = [];
    }
    for (const a of answers) {
      const body: OutBody = a.result !== undefined ? a.result : {
        type: "error",
        code: ErrorCode.TemporarilyUnavailable,
        text: a.unavailable ?? "unavailable",
      };
      this.node.send(a.client, { ...body, in_reply_to: a.seq });
    }
    for (const c of replica.raft.changes) this.#logRole(c);
    replica.raft.changes = [];
    this.#schedule();
  }

  #logRole(c: RoleChange): void {
    const line = JSON.stringify({
      event: c.role,
      node: this.node.id,
      term: c.term,
      leader: c.leader,
      wall: Date.now(),
    });
    this.#roleLog(`raft ${line}`);
  }

  #schedule(): void {
    const now = this.#now();
    const at = this.#replica!.nextDeadline(now);
    if (at >= this.#timerAt || at === Infinity) return;
    this.#cancel?.();
    this.#timerAt = at;
    const fire = (deferred: boolean) => {
      this.#timerAt = Infinity;
      this.#cancel = undefined;
      if (!deferred && this.#now() - at > LATE_MS) {
        // The process was stalled (the machine is shared): messages that
        // arrived meanwhile may be waiting on stdin, and deciding "nobody
        // answered" before reading them would be a false alarm. Read first.
        this.#timerAt = at;
        this.#cancel = this.node.after(0, () => fire(true));
        return;
      }
      this.#replica!.tick(this.#now());
      this.#flush();
    };
    this.#cancel = this.node.after(Math.max(0, at - now), () => fire(false));
  }
}

/** A cheap shape check of a peer message (they come from our own nodes, but a bad one must not throw). */
function wellFormed(b: ReplicaMessage<unknown, unknown>): boolean {
  const int = (x: unknown) => Number.isInteger(x);
  switch (b.type) {
    case "raft_vote":
      return int(b.term) && int(b.last_index) && int(b.last_term) && typeof b.sent === "number";
    case "raft_vote_ok":
      return int(b.term) && typeof b.granted === "boolean" && typeof b.sent === "number" &&
        (b.leader === null || typeof b.leader === "string");
    case "raft_append":
      return int(b.term) && int(b.prev_index) && int(b.prev_term) && int(b.commit) &&
        typeof b.sent === "number" && typeof b.listening === "boolean" &&
        Array.isArray(b.entries) &&
        b.entries.every((e) => int(e?.term));
    case "raft_append_ok":
      return int(b.term) && int(b.index) && typeof b.ok === "boolean" && typeof b.sent === "number";
    case "raft_forward":
      return Array.isArray(b.requests) &&
        b.requests.every((r) =>
          typeof r?.client === "string" && int(r.seq) && int(r.hops) &&
          (r.op?.kind === "read" || r.op?.kind === "write")
        );
  }
  return false;
}

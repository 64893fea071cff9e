/**
 * Challenge 3, broadcast (3a–3e): every value a client broadcasts to any
 * node reaches every node, partitions or not, and `broadcast_ok` goes back
 * at once. The propagation logic lives in `broadcaster.ts`; this file wires
 * it to the network and the node's timers.
 *
 * One word after `--` picks the profile (see `profile.ts`): `frugal`
 * (default: one hub batching every 260 ms, about 1.4 messages per operation
 * at 25 nodes) or `latency` (direct fan-out, one hop, about 12).
 *
 * The `topology` message is answered and ignored: Maelstrom lets any node
 * send to any other, and its default grid (diameter 8 at 25 nodes, 100 ms
 * per hop) would put up to 800 ms on a value's path. A hub or a direct
 * fan-out keeps every path to one or two hops.
 *
 * `maelstrom test -w broadcast --bin dist/broadcast --node-count 25
 *  --time-limit 20 --rate 100 --latency 100 [--nemesis partition] [-- latency]`
 * @module
 */
import { Node, z } from "../../mod.ts";
import { Broadcaster, type Outgoing } from "./broadcaster.ts";
import { parseSettings } from "./profile.ts";

const Gossip = z.object({
  values: z.optional(z.array(z.tuple([z.int(), z.int(), z.int()]))),
  have: z.optional(z.array(z.int())),
  yours: z.optional(z.array(z.int())),
  ack: z.optional(z.boolean()),
  at: z.optional(z.number()),
});

/** Builds the broadcast node; the profile and tuning come from `node.args`. */
export function broadcastNode(node: Node = new Node()): Node {
  const settings = parseSettings(node.args);
  if (settings.unknown.length > 0) {
    node.log.warn(`Ignoring arguments: ${settings.unknown.map((a) => `"${a}"`).join(", ")}`);
  }
  const { profile, tuning } = settings;
  let b: Broadcaster | undefined;
  const state = () => {
    if (b === undefined) throw new Error("Cannot broadcast: not initialised");
    return b;
  };
  const send = (out: Outgoing[]) => {
    for (const m of out) node.send(m.dest, m.body);
  };
  const now = () => node.clock.now();
  // The hub's batching rounds run when the oldest waiting value is due.
  let roundTimer = false;
  const schedule = () => {
    const due = b?.roundDue;
    if (roundTimer || due === undefined) return;
    roundTimer = true;
    node.after(Math.max(0, due - now()), () => {
      roundTimer = false;
      send(state().round());
      schedule();
    });
  };

  node.onInit((n) => {
    // Values for the hub carry the sender's Date.now(). The hub subtracts the
    // quickest transit it has seen from each sender, which cancels a constant
    // offset between two clocks; under Maelstrom every node reads the same
    // machine's clock anyway. Real clocks also drift and jump (NTP), and then
    // the hub may take a value for late by the change in offset and start
    // its round up to half a round early (a smaller batch, a little more
    // traffic). Only batching depends on this, never whether a value arrives.
    b = new Broadcaster({ self: n.id, nodeIds: n.nodeIds, profile, tuning, wall: Date.now });
    n.log.info(`profile ${profile}`, tuning);
    n.every(tuning.tickMs, () => send(state().tick(now())));
  });

  // Ignored on purpose: see the module comment.
  node.handle(
    "topology",
    z.object({ topology: z.optional(z.record(z.string(), z.array(z.string()))) }),
    () => ({ type: "topology_ok" }),
  );

  node.handle("broadcast", z.object({ message: z.int() }), (req) => {
    // Answer first: the value is already kept, and a late answer to a
    // client that gave up would silence this node.
    const out = state().broadcast(req.body.message, now());
    req.reply({ type: "broadcast_ok" });
    send(out);
    schedule();
  });

  node.handle("read", z.object({}), () => ({ type: "read_ok", messages: state().read() }));

  node.handle("gossip", Gossip, (req) => {
    send(state().receive(req.src, req.body, now()));
    schedule();
  });

  return node;
}

if (import.meta.main) await broadcastNode().run();

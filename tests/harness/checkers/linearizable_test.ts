import assert from "node:assert/strict";
import type { Op } from "../history.ts";
import { Random } from "../random.ts";
import { history, type Row } from "./_testing.ts";
import {
  bruteForceLinearizable,
  randomInfoPoolHistory,
  randomRegisterHistory,
  simulatedKeyHistory,
} from "./_register_oracle.ts";
import { checkCasRegister, linearizableKv } from "./linearizable.ts";

const valid = (rows: Row[]) => checkCasRegister(history(rows))["valid?"];

Deno.test("checkCasRegister() accepts an empty history", () => {
  assert.equal(valid([]), true);
});

Deno.test("checkCasRegister() accepts sequential writes, reads and a cas", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 1],
      [1, "ok", 0, "write", 1],
      [2, "invoke", 1, "read", null],
      [3, "ok", 1, "read", 1],
      [4, "invoke", 0, "cas", [1, 4]],
      [5, "ok", 0, "cas", [1, 4]],
      [6, "invoke", 1, "read", null],
      [7, "ok", 1, "read", 4],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() accepts a null read at any time (Knossos's cas-register)", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 1],
      [1, "ok", 0, "write", 1],
      [2, "invoke", 1, "read", null],
      [3, "ok", 1, "read", null],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() rejects a stale read and explains which values were possible", () => {
  const r = checkCasRegister(history([
    [0, "invoke", 0, "write", 1],
    [1, "ok", 0, "write", 1],
    [2, "invoke", 0, "write", 2],
    [3, "ok", 0, "write", 2],
    [4, "invoke", 1, "read", null],
    [5, "ok", 1, "read", 1],
  ]));
  assert.equal(r["valid?"], false);
  assert.equal(r.op?.index, 5);
  assert.equal(r["previous-ok"]?.index, 3);
  assert.deepEqual(r.values, [2]);
  assert.match(r.explanation!, /read of 1 by process 1 .* could only hold 2 .* never 1/);
});

Deno.test("checkCasRegister() rejects a read of the initial value that is not null", () => {
  assert.equal(valid([[0, "invoke", 0, "read", null], [1, "ok", 0, "read", 0]]), false);
});

Deno.test("checkCasRegister() rejects a lost write: a cas acknowledged but never visible", () => {
  const r = checkCasRegister(history([
    [0, "invoke", 0, "write", 1],
    [1, "ok", 0, "write", 1],
    [2, "invoke", 0, "cas", [1, 2]],
    [3, "ok", 0, "cas", [1, 2]],
    [4, "invoke", 1, "read", null],
    [5, "ok", 1, "read", 1],
  ]));
  assert.equal(r["valid?"], false);
  assert.deepEqual(r.values, [2]);
});

Deno.test("checkCasRegister() rejects a cas that succeeded from a value that was never current", () => {
  const r = checkCasRegister(history([
    [0, "invoke", 0, "write", 1],
    [1, "ok", 0, "write", 1],
    [2, "invoke", 1, "cas", [3, 4]],
    [3, "ok", 1, "cas", [3, 4]],
  ]));
  assert.equal(r["valid?"], false);
  assert.equal(r.op?.f, "cas");
  assert.deepEqual(r.values, [1]);
  assert.match(r.explanation!, /cas from 3 to 4 .* could only hold 1 .* never 3/);
});

Deno.test("checkCasRegister() accepts a cas whose from was current only during a concurrent write", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 3],
      [1, "invoke", 1, "cas", [3, 4]],
      [2, "ok", 1, "cas", [3, 4]],
      [3, "ok", 0, "write", 3],
      [4, "invoke", 1, "read", null],
      [5, "ok", 1, "read", 4],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() treats a failed op as never having happened", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 5],
      [1, "fail", 0, "write", 5, { error: ["temporarily-unavailable", null], code: 11 }],
      [2, "invoke", 1, "read", null],
      [3, "ok", 1, "read", 5],
    ]),
    false,
  );
  // A failed cas (precondition-failed) leaves the value alone.
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 1],
      [1, "ok", 0, "write", 1],
      [2, "invoke", 1, "cas", [1, 2]],
      [3, "fail", 1, "cas", [1, 2], { code: 22 }],
      [4, "invoke", 0, "read", null],
      [5, "ok", 0, "read", 1],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() accepts an :info write that becomes visible long after it timed out", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 3],
      [1000, "info", 0, "write", 3, { error: "net-timeout" }],
      [1100, "invoke", 1, "read", null],
      [1101, "ok", 1, "read", null],
      [2000, "invoke", 1, "read", null],
      [2001, "ok", 1, "read", 3],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() accepts an :info write that never becomes visible", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 1],
      [1, "ok", 0, "write", 1],
      [2, "invoke", 1, "write", 3],
      [3, "info", 1, "write", 3],
      [4, "invoke", 0, "read", null],
      [5, "ok", 0, "read", 1],
      [6, "invoke", 0, "cas", [1, 2]],
      [7, "ok", 0, "cas", [1, 2]],
      [8, "invoke", 0, "read", null],
      [9, "ok", 0, "read", 2],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() accepts an invocation without completion like an :info op", () => {
  assert.equal(
    valid([
      [0, "invoke", 0, "write", 2],
      [1, "invoke", 1, "read", null],
      [2, "ok", 1, "read", 2],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() rejects an :info write seen before it was invoked", () => {
  assert.equal(
    valid([
      [0, "invoke", 1, "read", null],
      [1, "ok", 1, "read", 3],
      [2, "invoke", 0, "write", 3],
      [3, "info", 0, "write", 3],
    ]),
    false,
  );
});

Deno.test("checkCasRegister() lets an :info op take effect at most once", () => {
  const rows: Row[] = [
    [0, "invoke", 0, "write", 1],
    [1, "ok", 0, "write", 1],
    [2, "invoke", 1, "cas", [1, 2]],
    [3, "info", 1, "cas", [1, 2]],
    [4, "invoke", 0, "read", null],
    [5, "ok", 0, "read", 2],
    [6, "invoke", 0, "write", 1],
    [7, "ok", 0, "write", 1],
    [8, "invoke", 0, "read", null],
    [9, "ok", 0, "read", 2],
  ];
  assert.equal(valid(rows), false);
  // A second, identical :info cas can supply the second change.
  assert.equal(
    valid([
      ...rows.slice(0, 4),
      [3.5, "invoke", 6, "cas", [1, 2]],
      [3.6, "info", 6, "cas", [1, 2]],
      ...rows.slice(4),
    ]),
    true,
  );
});

Deno.test("checkCasRegister() accepts concurrent writes in either order", () => {
  const writes: Row[] = [
    [0, "invoke", 0, "write", 1],
    [1, "invoke", 1, "write", 2],
    [2, "ok", 0, "write", 1],
    [3, "ok", 1, "write", 2],
  ];
  for (const v of [1, 2]) {
    assert.equal(valid([...writes, [4, "invoke", 2, "read", null], [5, "ok", 2, "read", v]]), true);
  }
  // But once both completed, the order is fixed: 1 then 2 is not 2 then 1.
  assert.equal(
    valid([
      ...writes,
      [4, "invoke", 2, "read", null],
      [5, "ok", 2, "read", 1],
      [6, "invoke", 2, "read", null],
      [7, "ok", 2, "read", 2],
    ]),
    false,
  );
});

Deno.test("checkCasRegister() accepts a read concurrent with a write seeing the old or the new value", () => {
  const before: Row[] = [[0, "invoke", 0, "write", 1], [1, "ok", 0, "write", 1]];
  for (const v of [1, 2]) {
    assert.equal(
      valid([
        ...before,
        [2, "invoke", 0, "write", 2],
        [3, "invoke", 1, "read", null],
        [4, "ok", 1, "read", v],
        [5, "ok", 0, "write", 2],
      ]),
      true,
    );
  }
  // Two reads of one process see the new value, then the old: invalid.
  assert.equal(
    valid([
      ...before,
      [2, "invoke", 0, "write", 2],
      [3, "invoke", 1, "read", null],
      [4, "ok", 1, "read", 2],
      [5, "invoke", 1, "read", null],
      [6, "ok", 1, "read", 1],
      [7, "ok", 0, "write", 2],
    ]),
    false,
  );
});

Deno.test("checkCasRegister() places an open read between two later writes", () => {
  assert.equal(
    valid([
      [0, "invoke", 1, "read", null],
      [1, "invoke", 0, "write", 1],
      [2, "ok", 0, "write", 1],
      [3, "invoke", 0, "write", 2],
      [4, "ok", 0, "write", 2],
      [5, "ok", 1, "read", 1],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() ignores nemesis ops", () => {
  assert.equal(
    valid([
      [0, "info", "nemesis", "start-partition", "majority"],
      [1, "invoke", 0, "write", 1],
      [2, "info", "nemesis", "start-partition", { n0: ["n1"] }],
      [3, "ok", 0, "write", 1],
      [4, "invoke", 0, "read", null],
      [5, "ok", 0, "read", 1],
    ]),
    true,
  );
});

Deno.test("checkCasRegister() gives up with unknown past its state budget", () => {
  const r = checkCasRegister(
    history([
      [0, "invoke", 0, "write", 1],
      [1, "invoke", 1, "write", 2],
      [2, "invoke", 2, "write", 3],
      [3, "ok", 0, "write", 1],
      [4, "ok", 1, "write", 2],
      [5, "ok", 2, "write", 3],
    ]),
    { budget: 2 },
  );
  assert.equal(r["valid?"], "unknown");
  assert.match(r.explanation!, /budget of 2 steps/);
});

Deno.test("linearizableKv() checks each key alone and lists the invalid keys", () => {
  const r = linearizableKv(history([
    [0, "invoke", 0, "write", [0, 1]],
    [1, "invoke", 1, "write", [1, 1]],
    [2, "ok", 0, "write", [0, 1]],
    [3, "ok", 1, "write", [1, 1]],
    [4, "info", "nemesis", "start-partition", "majority"],
    [5, "invoke", 0, "read", [0, null]],
    [6, "ok", 0, "read", [0, 1]],
    [7, "invoke", 1, "read", [1, null]],
    [8, "ok", 1, "read", [1, 4]],
    [9, "invoke", 2, "cas", [10, [0, 1]]],
    [10, "fail", 2, "cas", [10, [0, 1]], { code: 20 }],
  ]));
  assert.equal(r["valid?"], false);
  assert.deepEqual(r.failures, [1]);
  assert.deepEqual(Object.keys(r.results), ["0", "1", "10"]);
  assert.equal(r.results["0"]["valid?"], true);
  assert.deepEqual(r.results["0"].timeline, { "valid?": true });
  const bad = r.results["1"].linearizable;
  assert.equal(bad["valid?"], false);
  // Ops are shown as the run recorded them, key included.
  assert.deepEqual(bad.op?.value, [1, 4]);
  assert.deepEqual(bad["previous-ok"]?.value, [1, 1]);
});

Deno.test("linearizableKv() is unknown, not false, when only a budget ran out", () => {
  const r = linearizableKv(
    history([
      [0, "invoke", 0, "write", [0, 1]],
      [1, "invoke", 1, "write", [0, 2]],
      [2, "ok", 0, "write", [0, 1]],
      [3, "ok", 1, "write", [0, 2]],
    ]),
    { budget: 1 },
  );
  assert.equal(r["valid?"], "unknown");
  assert.deepEqual(r.failures, []);
});

Deno.test("linearizableKv() rejects an op whose value is not a [key, value] pair", () => {
  assert.throws(
    () => linearizableKv(history([[0, "invoke", 0, "read", null]])),
    /not a \[key, value\] pair/,
  );
});

/**
 * A linearizable history of one register: `threads` clients, each op taking
 * effect at a uniform point of its interval; a fraction of writes and cas
 * end `:info` (taking effect or not), a fraction of failed cas end `:fail`.
 */
function simulate(seed: number, ops: number, threads: number, infoP: number): Op[] {
  const random = new Random(seed);
  type Ev = { t: number; run: () => void };
  const events: Ev[] = [];
  const rows: Row[] = [];
  let value: number | null = null;
  let process = Array.from({ length: threads }, (_, i) => i);
  let t = 0;
  const free = Array.from({ length: threads }, () => 0);
  for (let i = 0; i < ops; i++) {
    const th = random.int(0, threads);
    const start = Math.max(free[th], t);
    t = start + random.uniform(0, 2);
    const end = start + random.uniform(0.1, 30);
    const at = random.uniform(start, end);
    free[th] = end + 0.01;
    const p = process[th];
    const kind = random.int(0, 3);
    const info = random.next() < infoP;
    if (info) process = process.map((x, j) => j === th ? x + threads : x);
    if (kind === 0) {
      const rec: Row = [end, "ok", p, "read", null];
      events.push({ t: start, run: () => rows.push([start, "invoke", p, "read", null]) });
      events.push({ t: at, run: () => rec[4] = value });
      events.push({ t: end, run: () => rows.push(rec) });
    } else if (kind === 1) {
      const v = random.int(0, 5);
      const effect = !info || random.next() < 0.5;
      events.push({ t: start, run: () => rows.push([start, "invoke", p, "write", v]) });
      if (effect) events.push({ t: at, run: () => value = v });
      events.push({ t: end, run: () => rows.push([end, info ? "info" : "ok", p, "write", v]) });
    } else {
      const cas = [random.int(0, 5), random.int(0, 5)];
      const effect = !info || random.next() < 0.5;
      let type: Row[1] = info ? "info" : "fail";
      events.push({ t: start, run: () => rows.push([start, "invoke", p, "cas", cas]) });
      events.push({
        t: at,
        run: () => {
          if (effect && value === cas[0]) {
            value = cas[1];
            if (!info) type = "ok";
          }
        },
      });
      events.push({ t: end, run: () => rows.push([end, type, p, "cas", cas]) });
    }
  }
  events.sort((a, b) => a.t - b.t);
  for (const e of events) e.run();
  return history(rows);
}

Deno.test("checkCasRegister() accepts simulated linearizable histories of thousands of ops quickly", () => {
  // Ten threads on one key, ops overlapping a lot; up to ~16 :info ops (the
  // generator moves to a new key after 20 processes, so ≤ 18 per key).
  for (const [seed, infoP] of [[1, 0], [5, 0.004], [7, 0.004]]) {
    const h = simulate(seed, 4000, 10, infoP);
    const t0 = performance.now();
    const r = checkCasRegister(h);
    const ms = performance.now() - t0;
    assert.equal(r["valid?"], true, JSON.stringify(r));
    assert.ok(ms < 5000, `seed ${seed}: ${ms.toFixed(0)} ms, ${r["state-count"]} states`);
  }
});

Deno.test("checkCasRegister() finds a single corrupted read in a long history", () => {
  const h = simulate(4, 2000, 10, 0.004);
  // Corrupt the last ok read of a value that differs from the value before it.
  const reads = h.filter((op) => op.type === "ok" && op.f === "read" && op.value !== null);
  const victim = reads[reads.length - 1];
  victim.value = 9;
  const r = checkCasRegister(h);
  assert.equal(r["valid?"], false);
  assert.equal(r.op?.index, victim.index);
});

Deno.test("checkCasRegister() agrees with a brute-force search on 30 000 random small histories, each search alone too", () => {
  // Histories of 3–8 ops on values 0–2 with :info, :fail, missing completions
  // and random reads: about a third are not linearizable.
  let invalid = 0;
  for (let seed = 1; seed <= 30_000; seed++) {
    const h = randomRegisterHistory(seed, { ops: 3 + (seed % 6) });
    const expected = bruteForceLinearizable(h);
    if (!expected) invalid++;
    for (const search of ["both", "breadth", "depth"] as const) {
      const got = checkCasRegister(h, { search })["valid?"];
      if (got !== expected) {
        assert.fail(
          `seed ${seed}, ${search}: checker says ${got}, brute force ${expected}\n${
            h.map((op) => JSON.stringify(op)).join("\n")
          }`,
        );
      }
    }
  }
  assert.ok(invalid > 5000 && invalid < 25_000, `${invalid} invalid`);
});

Deno.test("checkCasRegister() accounts for each :info op as brute force does, on 20 000 pool histories", () => {
  // A pool of :info writes and cas, then sequential reads of random values:
  // valid only if the pool can explain every read, each :info op at most
  // once; this is where pruning by :info ops used could go wrong.
  for (let seed = 1; seed <= 20_000; seed++) {
    const h = randomInfoPoolHistory(seed, { infos: 3 + (seed % 4), ops: 3 + ((seed >> 2) % 4) });
    const expected = bruteForceLinearizable(h);
    for (const search of ["breadth", "depth"] as const) {
      const got = checkCasRegister(h, { search })["valid?"];
      if (got !== expected) {
        assert.fail(
          `seed ${seed}, ${search}: checker says ${got}, brute force ${expected}\n${
            h.map((op) => JSON.stringify(op)).join("\n")
          }`,
        );
      }
    }
  }
});

Deno.test("checkCasRegister() decides ten concurrent writers with long tails, where breadth first alone runs out", () => {
  // Up to ten writes open at once, each possibly linearized or not: every
  // subset is a configuration. Depth first finds a linearization in a
  // fraction of the work breadth first needs (work units are deterministic).
  const h = simulatedKeyHistory(56, {
    readers: 9,
    writers: 10,
    ops: 1500,
    lat: 250,
    tail: 0.22,
    infoP: 0.0002,
    late: 18600,
    eff: 0.46,
    vals: 4,
    writeP: 0.98,
    gap: 14,
  });
  const budget = 15_000_000;
  assert.equal(checkCasRegister(h, { search: "breadth", budget })["valid?"], "unknown");
  const r = checkCasRegister(h, { budget });
  assert.equal(r["valid?"], true);
  assert.equal(r.search, "depth");
});

Deno.test("checkCasRegister() explains an invalid history found depth first or breadth first alike", () => {
  const rows: Row[] = [
    [0, "invoke", 0, "write", 1],
    [1, "ok", 0, "write", 1],
    [2, "invoke", 0, "write", 2],
    [3, "ok", 0, "write", 2],
    [4, "invoke", 1, "read", null],
    [5, "ok", 1, "read", 1],
  ];
  for (const search of ["depth", "breadth", "both"] as const) {
    const r = checkCasRegister(history(rows), { search });
    assert.equal(r["valid?"], false);
    assert.equal(r.op?.index, 5);
    assert.equal(r["previous-ok"]?.index, 3);
    assert.match(r.explanation!, /read of 1 by process 1 .* cannot be linearized/);
  }
  // Depth first alone has no values to show; with both, breadth first supplies them.
  assert.equal(checkCasRegister(history(rows), { search: "depth" }).values, undefined);
  assert.deepEqual(checkCasRegister(history(rows)).values, [2]);
});

/**
 * A dependency graph over transactions whose edges carry sets of relations
 * (ww, wr, rw, process, realtime) as bit masks, with what Elle-style cycle
 * analysis needs: strongly connected components (Tarjan, iterative),
 * projections to sets of relations, the "sequential extension" used for
 * snapshot-isolation cycle existence, and a breadth-first search for the
 * shortest cycle of a given anomaly class.
 * @module
 */

/** Write-write dependency: b overwrote a's version. */
export const WW = 1;
/** Write-read dependency: b read a's version. */
export const WR = 2;
/** Read-write anti-dependency: b overwrote the version a read. */
export const RW = 4;
/** Same process, a completed before b. */
export const PROCESS = 8;
/** a completed before b was invoked. */
export const REALTIME = 16;

/** Relation names in explanation order (Elle's combined explainer: wr, ww, rw, then order). */
export const REL_NAMES: ReadonlyArray<readonly [number, string]> = [
  [WR, "wr"],
  [WW, "ww"],
  [RW, "rw"],
  [PROCESS, "process"],
  [REALTIME, "realtime"],
];

/**
 * The relation an edge is explained by: the first of wr, ww, rw, process,
 * realtime present in its mask.
 * @param mask An edge's relations.
 * @returns The relation's bit, or 0 for an empty mask.
 */
export function explainedRel(mask: number): number {
  for (const [bit] of REL_NAMES) if (mask & bit) return bit;
  return 0;
}

/** A directed graph over vertices `0 … n−1`; each edge has a relation mask. */
export class DepGraph {
  /** Outgoing edges: target → relation mask. */
  readonly out: Map<number, number>[];
  /** Number of distinct edges. */
  edgeCount = 0;

  /** @param n Number of vertices. */
  constructor(readonly n: number) {
    this.out = Array.from({ length: n }, () => new Map());
  }

  /**
   * Adds relation(s) `rel` to the edge a → b (self-edges are ignored).
   * @param a Source vertex.
   * @param b Target vertex.
   * @param rel Relation bits.
   */
  link(a: number, b: number, rel: number): void {
    if (a === b) return;
    const m = this.out[a];
    const old = m.get(b);
    if (old === undefined) this.edgeCount++;
    m.set(b, (old ?? 0) | rel);
  }

  /**
   * The relation mask of the edge a → b (0 if absent).
   * @param a Source vertex.
   * @param b Target vertex.
   * @returns The mask.
   */
  rels(a: number, b: number): number {
    return this.out[a].get(b) ?? 0;
  }
}

/**
 * A compact adjacency (CSR) over local vertices `0 … n−1`.
 * `targets[offsets[v] … offsets[v+1]]` are v's successors.
 */
export interface Csr {
  n: number;
  offsets: Int32Array;
  targets: Int32Array;
  masks: Uint8Array;
}

/**
 * The subgraph induced by `vertices`, as a CSR over their positions in that
 * array, keeping only edges whose mask meets `mask`.
 * @param g The graph.
 * @param vertices Global vertex ids.
 * @param mask Relations to keep.
 * @returns The CSR.
 */
export function induced(g: DepGraph, vertices: readonly number[], mask: number): Csr {
  const local = new Map<number, number>();
  vertices.forEach((v, i) => local.set(v, i));
  const offsets = new Int32Array(vertices.length + 1);
  const ts: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < vertices.length; i++) {
    offsets[i] = ts.length;
    for (const [w, m] of g.out[vertices[i]]) {
      const j = local.get(w);
      if (j !== undefined && (m & mask) !== 0) {
        ts.push(j);
        ms.push(m);
      }
    }
  }
  offsets[vertices.length] = ts.length;
  return { n: vertices.length, offsets, targets: Int32Array.from(ts), masks: Uint8Array.from(ms) };
}

/**
 * Projects a CSR to the edges whose mask meets `mask`.
 * @param c The CSR.
 * @param mask Relations to keep.
 * @returns A new CSR over the same vertices.
 */
export function project(c: Csr, mask: number): Csr {
  const offsets = new Int32Array(c.n + 1);
  const ts: number[] = [];
  const ms: number[] = [];
  for (let v = 0; v < c.n; v++) {
    offsets[v] = ts.length;
    for (let e = c.offsets[v]; e < c.offsets[v + 1]; e++) {
      if ((c.masks[e] & mask) !== 0) {
        ts.push(c.targets[e]);
        ms.push(c.masks[e]);
      }
    }
  }
  offsets[c.n] = ts.length;
  return { n: c.n, offsets, targets: Int32Array.from(ts), masks: Uint8Array.from(ms) };
}

/**
 * The sequential extension A ∪ (A ; B) of Elle, in a form whose cycles are
 * those of the extension: two copies of every vertex, "plain" (v) and
 * "after an A step" (n + v); every A edge leads to the after-A copy of its
 * target, every B edge leaves only an after-A copy, to the plain copy of its
 * target. A walk there is a walk in the graph in which every B step directly
 * follows an A step.
 * @param c The CSR (vertices 0 … n−1).
 * @param a Relations of A.
 * @param b Relations of B.
 * @returns A CSR over 2n vertices; vertex v and n + v stand for v.
 */
export function extension(c: Csr, a: number, b: number): Csr {
  const n = c.n;
  const offsets = new Int32Array(2 * n + 1);
  const ts: number[] = [];
  for (let copy = 0; copy < 2; copy++) {
    for (let v = 0; v < n; v++) {
      offsets[copy * n + v] = ts.length;
      for (let e = c.offsets[v]; e < c.offsets[v + 1]; e++) {
        const m = c.masks[e];
        if (m & a) ts.push(n + c.targets[e]);
        if (copy === 1 && (m & b)) ts.push(c.targets[e]);
      }
    }
  }
  offsets[2 * n] = ts.length;
  return { n: 2 * n, offsets, targets: Int32Array.from(ts), masks: new Uint8Array(ts.length) };
}

/**
 * Strongly connected components with more than one vertex (Tarjan's
 * algorithm with an explicit stack, so deep graphs cannot overflow).
 * @param c The graph.
 * @returns Components as arrays of local vertices, in discovery order.
 */
export function stronglyConnected(c: Csr): number[][] {
  const n = c.n;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callV = new Int32Array(n);
  const callE = new Int32Array(n);
  let next = 0;
  const out: number[][] = [];
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callV[0] = root;
    callE[0] = c.offsets[root];
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callV[depth];
      const e = callE[depth];
      if (e < c.offsets[v + 1]) {
        callE[depth] = e + 1;
        const w = c.targets[e];
        if (index[w] === -1) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callV[depth] = w;
          callE[depth] = c.offsets[w];
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      if (low[v] === index[v]) {
        const comp: number[] = [];
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp.push(w);
        } while (w !== v);
        if (comp.length > 1) out.push(comp);
      }
      depth--;
      if (depth >= 0) {
        const u = callV[depth];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return out;
}

/**
 * What a cycle must look like (Elle's cycle anomaly specifications,
 * without predicate relations).
 */
export interface CycleSpec {
  /** Relations usable for any step other than rw (ww, wr, process, realtime). */
  legal: number;
  /** Whether rw steps are freely usable (G2-item). */
  rwLegal: boolean;
  /** At least this many rw steps (0, 1 or 2). */
  wantRw: 0 | 1 | 2;
  /** `single`: exactly one rw; `nonadjacent`: no two rw steps in a row. */
  rwMode: "none" | "single" | "nonadjacent";
  /** Each of these relation masks must be met by at least one step. */
  required: readonly number[];
}

/** Result of {@linkcode findCycle}. */
export interface CycleSearch {
  /** The cycle as local vertices, first vertex repeated at the end; undefined if none. */
  cycle?: number[];
  /** True when the work budget ran out before the search completed. */
  exhausted: boolean;
}

/**
 * Searches a graph for a short cycle matching `spec`: breadth-first from
 * each start vertex in turn over states (vertex, rw steps taken, last step
 * was rw, requirements met), returning the first simple cycle through the
 * start that satisfies the spec and `accept`. A start whose search found
 * nothing is removed for later starts. Specs wanting rw steps begin with an
 * rw step, as Elle's search does.
 * @param c The graph (e.g. one strongly connected component).
 * @param spec The cycle's shape.
 * @param options `budget`: maximum state expansions; `accept`: extra
 *   check on a candidate cycle (e.g. its explained type).
 * @returns The cycle found, if any, and whether the budget ran out.
 */
export function findCycle(
  c: Csr,
  spec: CycleSpec,
  options: { budget: number; accept?: (cycle: number[]) => boolean },
): CycleSearch {
  const n = c.n;
  const reqAll = (1 << spec.required.length) - 1;
  const STATES = 24; // rw (0 … 2) << 3 | last step rw << 2 | requirements met (2 bits)
  const removed = new Uint8Array(n);
  let budget = options.budget;
  const parent = new Int32Array(n * STATES);
  const seenEpoch = new Int32Array(n * STATES);
  let epoch = 0;
  const queue = new Int32Array(n * STATES);
  const reqBits = (rel: number) => {
    let bits = 0;
    for (let i = 0; i < spec.required.length; i++) if (spec.required[i] & rel) bits |= 1 << i;
    return bits;
  };
  for (let start = 0; start < n; start++) {
    if (spec.wantRw > 0) {
      let hasRw = false;
      for (let e = c.offsets[start]; e < c.offsets[start + 1]; e++) {
        if (c.masks[e] & RW) hasRw = true;
      }
      if (!hasRw) continue;
    }
    epoch++;
    let head = 0, tail = 0;
    const s0 = start * STATES;
    seenEpoch[s0] = epoch;
    parent[s0] = -1;
    queue[tail++] = s0;
    while (head < tail) {
      if (--budget < 0) return { exhausted: true };
      const s = queue[head++];
      const v = (s / STATES) | 0;
      const st = s % STATES;
      const rw = st >> 3, last = (st >> 2) & 1, req = st & 3;
      const first = v === start && parent[s] === -1;
      for (let e = c.offsets[v]; e < c.offsets[v + 1]; e++) {
        const w = c.targets[e];
        if (removed[w]) continue;
        const m = c.masks[e];
        // Candidate next states for each usable relation of this edge.
        for (let bit = 1; bit <= REALTIME; bit <<= 1) {
          if (!(m & bit)) continue;
          let nrw = rw, nlast = 0;
          if (bit === RW) {
            if (spec.rwLegal) nrw = Math.min(2, rw + 1);
            else if (spec.rwMode === "single" && rw === 0) nrw = 1;
            else if (spec.rwMode === "nonadjacent" && !last) nrw = Math.min(2, rw + 1);
            else continue;
            nlast = 1;
          } else {
            if (!(spec.legal & bit)) continue;
            if (first && spec.wantRw > 0) continue;
          }
          const nreq = req | reqBits(bit);
          const ns = w * STATES + ((nrw << 3) | (nlast << 2) | nreq);
          if (w === start) {
            const valid = nreq === reqAll && nrw >= spec.wantRw &&
              !(spec.rwMode === "nonadjacent" && nlast);
            if (!valid) continue;
            const cycle = walk(parent, s, STATES);
            cycle.push(start);
            if (isSimple(cycle) && (options.accept === undefined || options.accept(cycle))) {
              return { cycle, exhausted: false };
            }
            continue;
          }
          if (seenEpoch[ns] === epoch) continue;
          seenEpoch[ns] = epoch;
          parent[ns] = s;
          queue[tail++] = ns;
        }
      }
    }
    removed[start] = 1;
  }
  return { exhausted: false };
}

function walk(parent: Int32Array, s: number, states: number): number[] {
  const out: number[] = [];
  for (let x = s; x !== -1; x = parent[x]) out.push((x / states) | 0);
  return out.reverse();
}

function isSimple(cycle: number[]): boolean {
  return new Set(cycle).size === cycle.length - 1;
}

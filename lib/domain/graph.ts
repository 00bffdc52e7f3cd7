// Directed graphs: topological order, cycles, reachability. Used for driver links, formula references and the
// objective tree. Nodes are numbered 0..n−1 with adjacency lists; the string-keyed wrappers below serve callers
// that think in codes.

/** Adjacency lists: successors[i] are the nodes i points to. */
export type Adjacency = readonly (readonly number[])[];

export type TopologicalSort = { ok: true; order: number[] } | { ok: false; cycle: number[] };

/**
 * Kahn's algorithm. Among nodes that are ready together, the lower number comes first, so the order is stable and
 * follows the model's order where the edges allow. On a cycle, returns one cycle (first node repeated at the end).
 */
export function sortTopologically(successors: Adjacency): TopologicalSort {
  const count = successors.length;
  const inDegree: number[] = new Array<number>(count).fill(0);
  for (const targets of successors) for (const target of targets) inDegree[target] = (inDegree[target] as number) + 1;
  // A binary heap keeps "lowest ready node first" at O(log n) per node.
  const ready = new MinHeap();
  for (let node = 0; node < count; node++) if (inDegree[node] === 0) ready.push(node);
  const order: number[] = [];
  while (ready.size > 0) {
    const node = ready.pop();
    order.push(node);
    for (const target of successors[node] ?? []) {
      const remaining = (inDegree[target] as number) - 1;
      inDegree[target] = remaining;
      if (remaining === 0) ready.push(target);
    }
  }
  if (order.length === count) return { ok: true, order };
  const remaining = new Set<number>();
  for (let node = 0; node < count; node++) if ((inDegree[node] as number) > 0) remaining.add(node);
  return { ok: false, cycle: findCycleAmong(successors, remaining) };
}

class MinHeap {
  private readonly items: number[] = [];

  get size(): number {
    return this.items.length;
  }

  push(value: number): void {
    const items = this.items;
    items.push(value);
    let at = items.length - 1;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if ((items[parent] as number) <= value) break;
      items[at] = items[parent] as number;
      at = parent;
    }
    items[at] = value;
  }

  pop(): number {
    const items = this.items;
    const top = items[0] as number;
    const last = items.pop() as number;
    if (items.length > 0) {
      let at = 0;
      for (;;) {
        const left = at * 2 + 1;
        if (left >= items.length) break;
        const right = left + 1;
        const child = right < items.length && (items[right] as number) < (items[left] as number) ? right : left;
        if ((items[child] as number) >= last) break;
        items[at] = items[child] as number;
        at = child;
      }
      items[at] = last;
    }
    return top;
  }
}

/**
 * Every node Kahn's algorithm leaves behind still has an unprocessed predecessor, so walking predecessors among them
 * must repeat a node: that closes a cycle. Returned forwards, starting at its lowest node.
 */
function findCycleAmong(successors: Adjacency, remaining: ReadonlySet<number>): number[] {
  const predecessors = invertAdjacency(successors);
  const seenAt = new Map<number, number>();
  const walk: number[] = [];
  let node = Math.min(...remaining);
  while (!seenAt.has(node)) {
    seenAt.set(node, walk.length);
    walk.push(node);
    const previous = (predecessors[node] ?? []).find((candidate) => remaining.has(candidate));
    if (previous === undefined) return [];
    node = previous;
  }
  const backwards = walk.slice(seenAt.get(node));
  const forwards = backwards.reverse();
  const lowest = forwards.indexOf(Math.min(...forwards));
  const cycle = [...forwards.slice(lowest), ...forwards.slice(0, lowest)];
  cycle.push(cycle[0] as number);
  return cycle;
}

/** A shortest path from `from` to `to` (both included), or null. */
export function findPath(successors: Adjacency, from: number, to: number): number[] | null {
  if (from === to) return [from];
  const previous = new Map<number, number>([[from, from]]);
  const queue = [from];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const target of successors[node] ?? []) {
      if (previous.has(target)) continue;
      previous.set(target, node);
      if (target === to) {
        const path = [to];
        let at = to;
        while (at !== from) {
          at = previous.get(at) as number;
          path.push(at);
        }
        return path.reverse();
      }
      queue.push(target);
    }
  }
  return null;
}

/**
 * The cycle an edge from → to would close, as [from, to, …, from], or null when it closes none: the edge closes a
 * cycle exactly when `from` is already reachable from `to`.
 */
export function findCycleClosedBy(successors: Adjacency, from: number, to: number): number[] | null {
  const back = findPath(successors, to, from);
  return back === null ? null : [from, ...back];
}

/** Every node reachable from `start` (not including it unless it lies on a cycle), in breadth-first order. */
export function collectReachable(successors: Adjacency, start: number): number[] {
  const seen = new Set<number>();
  const queue: number[] = [];
  for (const target of successors[start] ?? []) {
    if (!seen.has(target)) {
      seen.add(target);
      queue.push(target);
    }
  }
  for (let head = 0; head < queue.length; head++) {
    for (const target of successors[queue[head] as number] ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return queue;
}

export function invertAdjacency(successors: Adjacency): number[][] {
  const predecessors: number[][] = successors.map(() => []);
  successors.forEach((targets, node) => {
    for (const target of targets) predecessors[target]?.push(node);
  });
  return predecessors;
}

// ── Keyed by string ──────────────────────────────────────────────────────────────────────────────────────────────

/** A graph over string keys, e.g. KPI codes with driver links as edges. */
export interface KeyedGraph {
  keys: readonly string[];
  numberOf: ReadonlyMap<string, number>;
  successors: Adjacency;
}

/** Edges naming a key that is not in `keys` are left out. */
export function buildKeyedGraph(keys: readonly string[], edges: Iterable<readonly [string, string]>): KeyedGraph {
  const numberOf = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!numberOf.has(key)) numberOf.set(key, i);
  });
  const successors: number[][] = keys.map(() => []);
  for (const [from, to] of edges) {
    const a = numberOf.get(from);
    const b = numberOf.get(to);
    if (a !== undefined && b !== undefined) successors[a]?.push(b);
  }
  return { keys, numberOf, successors };
}

export function sortKeysTopologically(
  graph: KeyedGraph,
): { ok: true; order: string[] } | { ok: false; cycle: string[] } {
  const sorted = sortTopologically(graph.successors);
  const named = (nodes: number[]) => nodes.map((node) => graph.keys[node] as string);
  return sorted.ok ? { ok: true, order: named(sorted.order) } : { ok: false, cycle: named(sorted.cycle) };
}

/** Keys reachable from `key` by following edges forwards. */
export function collectDescendantKeys(graph: KeyedGraph, key: string): string[] {
  const start = graph.numberOf.get(key);
  if (start === undefined) return [];
  return collectReachable(graph.successors, start).map((node) => graph.keys[node] as string);
}

/** Keys from which `key` is reachable. */
export function collectAncestorKeys(graph: KeyedGraph, key: string): string[] {
  const start = graph.numberOf.get(key);
  if (start === undefined) return [];
  return collectReachable(invertAdjacency(graph.successors), start).map((node) => graph.keys[node] as string);
}

/** The cycle that an edge from → to would close, named by key, or null. */
export function findKeyedCycleClosedBy(graph: KeyedGraph, from: string, to: string): string[] | null {
  if (from === to) return [from, to];
  const a = graph.numberOf.get(from);
  const b = graph.numberOf.get(to);
  if (a === undefined || b === undefined) return null;
  const cycle = findCycleClosedBy(graph.successors, a, b);
  return cycle === null ? null : cycle.map((node) => graph.keys[node] as string);
}

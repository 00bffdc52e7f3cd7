// Directed graphs: topological order, cycles, paths. Used for driver links, formula references and the objective
// tree. Nodes are numbered 0..n−1 with adjacency lists; the string-keyed wrappers below serve callers that think in
// codes, and the last function follows driver links from the KPIs key results track.

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

/**
 * One depth-first walk of the whole graph (Tarjan's algorithm, with an explicit stack: a chain of any length cannot
 * overflow the call stack). Linear in nodes and edges, plus the length of the cycles it reports.
 * - components: the strongly connected components, each as Tarjan pops it, a component before those that reach it.
 * - cycles: one for every back edge u → v of the walk (v still on the walk's path), as [v, …, u, v]. Without its back
 *   edges the graph is acyclic, so every cycle of the graph runs through the last edge of at least one of these;
 *   where each node has at most one successor (a tree of parents) they are exactly the graph's cycles, one per
 *   component that is a cycle.
 */
function walkDepthFirst(successors: Adjacency): { components: number[][]; cycles: number[][] } {
  const count = successors.length;
  const indexOf = new Int32Array(count).fill(-1);
  const lowest = new Int32Array(count);
  const isOnStack = new Uint8Array(count);
  /** Where a node sits on the walk's current path, or −1. */
  const pathPosition = new Int32Array(count).fill(-1);
  const stack: number[] = [];
  const path: number[] = [];
  const nextEdge: number[] = [];
  const components: number[][] = [];
  const cycles: number[][] = [];
  let visited = 0;
  const enter = (node: number) => {
    indexOf[node] = lowest[node] = visited++;
    stack.push(node);
    isOnStack[node] = 1;
    pathPosition[node] = path.length;
    path.push(node);
    nextEdge.push(0);
  };
  for (let root = 0; root < count; root++) {
    if (indexOf[root] !== -1) continue;
    enter(root);
    while (path.length > 0) {
      const depth = path.length - 1;
      const node = path[depth] as number;
      const targets = successors[node] ?? [];
      const edge = nextEdge[depth] as number;
      if (edge < targets.length) {
        nextEdge[depth] = edge + 1;
        const target = targets[edge] as number;
        if (indexOf[target] === -1) {
          enter(target);
          continue;
        }
        const position = pathPosition[target] as number;
        if (position !== -1) {
          const cycle = path.slice(position);
          cycle.push(target);
          cycles.push(cycle);
        }
        if (isOnStack[target] === 1) lowest[node] = Math.min(lowest[node] as number, indexOf[target] as number);
        continue;
      }
      path.pop();
      nextEdge.pop();
      pathPosition[node] = -1;
      const parent = path[path.length - 1];
      if (parent !== undefined) lowest[parent] = Math.min(lowest[parent] as number, lowest[node] as number);
      if (lowest[node] === indexOf[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack.pop() as number;
          isOnStack[member] = 0;
          component.push(member);
        } while (member !== node);
        components.push(component);
      }
    }
  }
  return { components, cycles };
}

/** The strongly connected components (Tarjan), a component before the components that reach it. Linear. */
export function findStronglyConnectedComponents(successors: Adjacency): number[][] {
  return walkDepthFirst(successors).components;
}

/**
 * Cycles enough to explain every cycle of the graph, in one linear walk: each as [v, …, u, v], its last edge u → v
 * being one whose removal, with the others', leaves the graph acyclic. In a graph where each node has at most one
 * successor (parents), every cycle of the graph exactly once. A self-loop is [v, v].
 */
export function findCycles(successors: Adjacency): number[][] {
  return walkDepthFirst(successors).cycles;
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

/** findCycles over keys: each cycle named from its key listed first in `keys` round to it again ([b, c, b]). */
export function findKeyedCycles(graph: KeyedGraph): string[][] {
  return findCycles(graph.successors).map((cycle) => {
    const nodes = cycle.slice(0, -1);
    let first = 0;
    for (let i = 1; i < nodes.length; i++) if ((nodes[i] as number) < (nodes[first] as number)) first = i;
    const rotated = [...nodes.slice(first), ...nodes.slice(0, first)];
    rotated.push(rotated[0] as number);
    return rotated.map((node) => graph.keys[node] as string);
  });
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

// ── Driver links ─────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * The KPIs a tree reaches from its key results: those key results track, and every KPI driving one of them, directly
 * or through others (a formula's inputs are not drivers). The tree draws these; the KPI library flags every other KPI
 * as unlinked. Ids may be codes or database ids, as long as both lists use the same.
 */
export function collectKpisReachedByKeyResults(
  trackedKpis: Iterable<string>,
  links: Iterable<{ readonly from: string; readonly to: string }>,
): Set<string> {
  const driversOf = new Map<string, string[]>();
  for (const link of links) {
    const drivers = driversOf.get(link.to);
    if (drivers) drivers.push(link.from);
    else driversOf.set(link.to, [link.from]);
  }
  const reached = new Set<string>();
  const stack = [...trackedKpis];
  while (stack.length > 0) {
    const kpi = stack.pop() as string;
    if (reached.has(kpi)) continue;
    reached.add(kpi);
    for (const driver of driversOf.get(kpi) ?? []) if (!reached.has(driver)) stack.push(driver);
  }
  return reached;
}

import type { TreeNodeDto } from "@/lib/dal/tree-read";

// The visible part of the tree, built from the page's compact JSON: only the children of
// expanded nodes become nodes, so a plan of thousands of nodes draws what is open. A KPI
// that drives two parents is one entry in the JSON and one visible node under each parent;
// visible nodes are addressed by their path of kind:code keys, stable across refreshes.

export type VisibleNode = {
  path: string;
  node: TreeNodeDto;
  /** 1-based, as aria-level */
  level: number;
  posInSet: number;
  setSize: number;
  parentPath: string | null;
  hasChildren: boolean;
  isExpanded: boolean;
  children?: VisibleNode[];
};

/** Nodes at this depth and below start collapsed (depth 0 = the top objectives). */
export const DEFAULT_COLLAPSED_DEPTH = 3;

export const keyOf = (node: TreeNodeDto) => `${node.t}:${node.c}`;

/** Expanded down to, not including, DEFAULT_COLLAPSED_DEPTH. */
export function listDefaultExpanded(nodes: readonly TreeNodeDto[], roots: readonly number[]): Set<string> {
  const expanded = new Set<string>();
  const visit = (index: number, parentPath: string | null, depth: number, onPath: ReadonlySet<number>) => {
    const node = nodes[index];
    if (!node || onPath.has(index)) return;
    const path = parentPath === null ? keyOf(node) : `${parentPath}/${keyOf(node)}`;
    if (depth >= DEFAULT_COLLAPSED_DEPTH - 1 || !node.ch?.length) {
      if (depth === DEFAULT_COLLAPSED_DEPTH - 1 && node.ch?.length) expanded.add(path);
      return;
    }
    expanded.add(path);
    const next = new Set(onPath).add(index);
    for (const child of node.ch) visit(child, path, depth + 1, next);
  };
  for (const root of roots) visit(root, null, 0, new Set());
  return expanded;
}

/** Every path under the roots, up to `limit` nodes (expanding everything of a large DAG would multiply nodes). */
export function listAllExpandable(nodes: readonly TreeNodeDto[], roots: readonly number[], limit: number): Set<string> {
  const expanded = new Set<string>();
  let count = 0;
  const visit = (index: number, parentPath: string | null, onPath: ReadonlySet<number>): boolean => {
    const node = nodes[index];
    if (!node || onPath.has(index)) return true;
    if (++count > limit) return false;
    const path = parentPath === null ? keyOf(node) : `${parentPath}/${keyOf(node)}`;
    if (!node.ch?.length) return true;
    expanded.add(path);
    const next = new Set(onPath).add(index);
    for (const child of node.ch) if (!visit(child, path, next)) return false;
    return true;
  };
  for (const root of roots) if (!visit(root, null, new Set())) break;
  return expanded;
}

/** The visible forest, and the visible nodes in reading order (what arrow keys walk). */
export function buildVisibleTree(
  nodes: readonly TreeNodeDto[],
  roots: readonly number[],
  expanded: ReadonlySet<string>,
): { roots: VisibleNode[]; order: VisibleNode[] } {
  const order: VisibleNode[] = [];
  const build = (
    indexes: readonly number[],
    parentPath: string | null,
    level: number,
    onPath: ReadonlySet<number>,
  ): VisibleNode[] => {
    const present = indexes.filter((index) => nodes[index] !== undefined && !onPath.has(index));
    return present.map((index, position) => {
      const node = nodes[index]!;
      const path = parentPath === null ? keyOf(node) : `${parentPath}/${keyOf(node)}`;
      const hasChildren = (node.ch?.length ?? 0) > 0;
      const isExpanded = hasChildren && expanded.has(path);
      const visible: VisibleNode = {
        path,
        node,
        level,
        posInSet: position + 1,
        setSize: present.length,
        parentPath,
        hasChildren,
        isExpanded,
      };
      order.push(visible);
      if (isExpanded) visible.children = build(node.ch!, path, level + 1, new Set(onPath).add(index));
      return visible;
    });
  };
  return { roots: build(roots, null, 1, new Set()), order };
}

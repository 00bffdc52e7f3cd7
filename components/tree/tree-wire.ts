import type { TreeNodeDto } from "@/lib/dal/tree-read";
import type { Status } from "@/lib/domain";

// The tree's nodes as the page sends them to the browser: one JSON string of rows, not
// thousands of objects — smaller to send and embed, and parsed once in the browser.
// A row is [kind, code, name, status, health, progress, value, target, unit, ipo, flags, children].

const STATUSES: readonly Status[] = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "NO_DATA", "NO_TARGET"];
const FLAG = { stale: 1, divergent: 2, shared: 4, readOnly: 8 } as const;

type Row = [
  TreeNodeDto["t"],
  string,
  string,
  number,
  number | null,
  number | null,
  number | null,
  number | null,
  string,
  TreeNodeDto["l"] | 0,
  number,
  number[],
];

export type TreeData = { roots: number[]; nodes: TreeNodeDto[] };

/** Shares are drawn as whole percentages: four decimals are more than enough. */
const roundShare = (value: number | null | undefined) =>
  value === null || value === undefined ? null : Math.round(value * 10_000) / 10_000;

const encoded = new WeakMap<readonly TreeNodeDto[], string>();

/** Encodes the nodes; remembered per nodes array, which the data access layer reuses while the tree is unchanged. */
export function encodeTree(roots: readonly number[], nodes: readonly TreeNodeDto[]): string {
  const known = encoded.get(nodes);
  if (known !== undefined) return known;
  const rows = nodes.map((node): Row => [
    node.t,
    node.c,
    node.n,
    STATUSES.indexOf(node.s),
    roundShare(node.h),
    roundShare(node.p),
    node.v ?? null,
    node.g ?? null,
    node.u ?? "",
    node.l ?? 0,
    (node.st ? FLAG.stale : 0) |
      (node.dv ? FLAG.divergent : 0) |
      (node.sh ? FLAG.shared : 0) |
      (node.ro ? FLAG.readOnly : 0),
    node.ch ?? [],
  ]);
  const json = JSON.stringify({ r: roots, n: rows });
  encoded.set(nodes, json);
  return json;
}

export function decodeTree(json: string): TreeData {
  const parsed = JSON.parse(json) as { r: number[]; n: Row[] };
  const nodes = parsed.n.map(([t, c, n, s, h, p, v, g, u, l, flags, ch]): TreeNodeDto => {
    const node: TreeNodeDto = { t, c, n, s: STATUSES[s] ?? "NO_DATA", h, p, v, g, u };
    if (l) node.l = l;
    if (flags & FLAG.stale) node.st = 1;
    if (flags & FLAG.divergent) node.dv = 1;
    if (flags & FLAG.shared) node.sh = 1;
    if (flags & FLAG.readOnly) node.ro = 1;
    if (ch.length > 0) node.ch = ch;
    return node;
  });
  return { roots: parsed.r, nodes };
}

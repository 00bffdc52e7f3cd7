import { describe, expect, test } from "vitest";
import type { TreeNodeDto } from "@/lib/dal/tree-read";
import {
  buildVisibleTree,
  DEFAULT_COLLAPSED_DEPTH,
  listAllExpandable,
  listDefaultExpanded,
} from "@/components/tree/tree-model";

const node = (t: TreeNodeDto["t"], c: string, ch?: number[]): TreeNodeDto => ({ t, c, n: c, s: "ON_TRACK", h: 1, ch });

// O → KR → K1 → (K2, K3); K3 also drives K4 under KR2, so K3 is drawn twice.
const nodes: TreeNodeDto[] = [
  node("o", "O", [1, 5]), // 0
  node("r", "KR", [2]), // 1
  node("k", "K1", [3, 4]), // 2
  node("k", "K2"), // 3
  node("k", "K3", [7]), // 4
  node("r", "KR2", [6]), // 5
  node("k", "K4", [4]), // 6
  node("k", "K5"), // 7
];

describe("the visible tree", () => {
  test(`is expanded down to depth ${DEFAULT_COLLAPSED_DEPTH - 1} and collapsed from depth ${DEFAULT_COLLAPSED_DEPTH}`, () => {
    const expanded = listDefaultExpanded(nodes, [0]);
    expect([...expanded].sort()).toEqual(["o:O", "o:O/r:KR", "o:O/r:KR/k:K1", "o:O/r:KR2", "o:O/r:KR2/k:K4"].sort());
    const { order } = buildVisibleTree(nodes, [0], expanded);
    expect(order.map((item) => item.path)).toEqual([
      "o:O",
      "o:O/r:KR",
      "o:O/r:KR/k:K1",
      "o:O/r:KR/k:K1/k:K2",
      "o:O/r:KR/k:K1/k:K3",
      "o:O/r:KR2",
      "o:O/r:KR2/k:K4",
      "o:O/r:KR2/k:K4/k:K3",
    ]);
    // Only expanded nodes' children are built: K3's driver K5 is not there until K3 opens.
    expect(order.some((item) => item.node.c === "K5")).toBe(false);
    const k3 = order.find((item) => item.path === "o:O/r:KR/k:K1/k:K3")!;
    expect(k3).toMatchObject({ level: 4, posInSet: 2, setSize: 2, hasChildren: true, isExpanded: false });
  });

  test("opening a node adds exactly its children, under that instance only", () => {
    const expanded = listDefaultExpanded(nodes, [0]).add("o:O/r:KR/k:K1/k:K3");
    const { order } = buildVisibleTree(nodes, [0], expanded);
    expect(order.filter((item) => item.node.c === "K5").map((item) => item.path)).toEqual(["o:O/r:KR/k:K1/k:K3/k:K5"]);
  });

  test("never follows a cycle, and expand-all stops at its limit", () => {
    const cyclic: TreeNodeDto[] = [node("k", "A", [1]), node("k", "B", [0])];
    const { order } = buildVisibleTree(cyclic, [0], listAllExpandable(cyclic, [0], 100));
    expect(order.map((item) => item.path)).toEqual(["k:A", "k:A/k:B"]);
    expect(listAllExpandable(nodes, [0], 3).size).toBeLessThanOrEqual(3);
  });
});

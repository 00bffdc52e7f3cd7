import { expect, test } from "vitest";
import type { TreeNodeDto } from "@/lib/dal/tree-read";
import { decodeTree, encodeTree } from "@/components/tree/tree-wire";

test("the tree's rows decode to the nodes they encode, shares rounded to four decimals", () => {
  const nodes: TreeNodeDto[] = [
    { t: "o", c: "O1", n: "Objective", s: "AT_RISK", h: 0.812345678, p: 0.5, ch: [1] },
    { t: "r", c: "O1.KR1", n: "Key result", s: "NO_DATA", h: null, p: null, ch: [2] },
    { t: "k", c: "k.one", n: "KPI", s: "OFF_TRACK", h: 0.25, v: 11.3, g: 7, u: "days", l: "p", st: 1, sh: 1, ro: 1 },
  ];
  const json = encodeTree([0], nodes);
  expect(encodeTree([0], nodes)).toBe(json);
  const decoded = decodeTree(json);
  expect(decoded.roots).toEqual([0]);
  expect(decoded.nodes[0]).toMatchObject({ t: "o", c: "O1", s: "AT_RISK", h: 0.8123, p: 0.5, ch: [1] });
  expect(decoded.nodes[1]).toMatchObject({ s: "NO_DATA", h: null });
  expect(decoded.nodes[2]).toMatchObject({ s: "OFF_TRACK", v: 11.3, g: 7, u: "days", l: "p", st: 1, sh: 1, ro: 1 });
  expect(decoded.nodes[2]!.dv).toBeUndefined();
  expect(decoded.nodes[2]!.ch).toBeUndefined();
});

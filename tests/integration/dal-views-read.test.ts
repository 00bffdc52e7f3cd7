// The read side of the pages (tree, node panel, KPI page, scorecard, objective page, department
// view): authorized, scoped to the caller's agency, and narrowed to a department head's branch
// plus the names and health on the path up — anything else does not exist for them.
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { createLink } from "@/lib/dal/links";
import { recordMeasurement } from "@/lib/dal/measurements";
import { getTreeView, type TreeNodeDto, type TreeViewDto } from "@/lib/dal/tree-read";
import { getNodeDetail, isNodeVisible } from "@/lib/dal/node-read";
import { getKpiPage } from "@/lib/dal/kpi-read";
import { getObjectivePage, getScorecard, listPreviousMonthEnds } from "@/lib/dal/scorecard-read";
import { getDepartmentView, getEntryPeriod, listViewableDepartments } from "@/lib/dal/department-read";
import { ForbiddenError, UnauthenticatedError } from "@/lib/errors";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

let fixture: Fixture;
let other: Fixture;

beforeAll(async () => {
  fixture = await createFixtureAgency("Views City");
  other = await createFixtureAgency("Elsewhere");
  // Objects that exist only in the first agency, to ask the second agency's callers about.
  const prisma = getPrisma();
  const department = await prisma.department.create({
    data: { agencyId: fixture.agencyId, code: "ONLY-A", name: "Only in A" },
  });
  await prisma.kpi.create({
    data: {
      agencyId: fixture.agencyId,
      code: "only.in_a",
      name: "Only in A",
      ipo: "input",
      direction: "increase",
      frequency: "monthly",
      departmentId: department.id,
    },
  });
  // A driver from another department's branch: Public Works' potholes drive Planning's median days.
  await createLink(fixture.principal("PERFORMANCE_OFFICER"), {
    from: "streets.potholes",
    to: "permits.median_days",
    weight: 1,
    polarity: "positive",
  });
});

const codesOf = (view: TreeViewDto) => view.nodes.map((node) => node.c).sort();
const nodeOf = (view: TreeViewDto, code: string): TreeNodeDto => {
  const node = view.nodes.find((candidate) => candidate.c === code);
  if (!node) throw new Error(`no node ${code}`);
  return node;
};
const childCodes = (view: TreeViewDto, code: string) => (nodeOf(view, code).ch ?? []).map((i) => view.nodes[i]!.c);

describe("getTreeView", () => {
  test("gives an officer the whole plan once per node, with stored health and shared KPIs marked", async () => {
    const view = await getTreeView(fixture.principal("PERFORMANCE_OFFICER"));
    expect(view.canEdit).toBe(true);
    expect(view.plan?.code).toBe("PLAN");
    expect(view.roots.map((index) => view.nodes[index]!.c)).toEqual(["O1", "O2"]);
    // Key results first, then child objectives; a key result's KPI; a KPI's drivers.
    expect(childCodes(view, "O1")).toEqual(["O1.KR1", "O1.KR2", "O1.KR3", "O1.1"]);
    expect(childCodes(view, "O1.KR1")).toEqual(["permits.median_days"]);
    expect(childCodes(view, "permits.median_days").sort()).toEqual(
      ["permits.issued", "permits.reviewers", "streets.potholes"].sort(),
    );
    // permits.issued is tracked by O1.1.KR1 and drives median days: drawn twice, sent once.
    expect(view.nodes.filter((node) => node.c === "permits.issued")).toHaveLength(1);
    expect(nodeOf(view, "permits.issued").sh).toBe(1);
    expect(nodeOf(view, "permits.reviewers").sh).toBeUndefined();
    // KPIs no key result reaches are not part of the tree.
    expect(codesOf(view)).not.toContain("only.in_a");
    expect(codesOf(view)).not.toContain("permits.cost");
    const stored = await getPrisma().healthResult.findUniqueOrThrow({
      where: { agencyId_nodeKey: { agencyId: fixture.agencyId, nodeKey: "kpi:permits.median_days" } },
      select: { status: true, health: true },
    });
    expect(nodeOf(view, "permits.median_days")).toMatchObject({ t: "k", s: stored.status, h: stored.health, v: 24 });
  });

  test("gives a department head their branch, and only names and health on the path up", async () => {
    const view = await getTreeView(fixture.principal("DEPARTMENT_HEAD", "PLN-REV"));
    expect(view.canEdit).toBe(false);
    // Reviewers (PLN-REV) drive median days, which O1.KR1 tracks, under O1: the path up, read-only.
    expect(codesOf(view)).toEqual(["O1", "O1.KR1", "permits.median_days", "permits.reviewers"].sort());
    expect(nodeOf(view, "permits.reviewers").ro).toBeUndefined();
    for (const code of ["O1", "O1.KR1", "permits.median_days"]) expect(nodeOf(view, code).ro).toBe(1);
    // Median days' other drivers belong to other branches: not drawn.
    expect(childCodes(view, "permits.median_days")).toEqual(["permits.reviewers"]);
  });

  test("gives the head of Public Works their objective and nothing of Planning's", async () => {
    const view = await getTreeView(fixture.principal("DEPARTMENT_HEAD", "PW"));
    // Potholes drive median days (Planning): that KPI and its key result and objective are on their path up.
    expect(view.roots.map((index) => view.nodes[index]!.c)).toEqual(["O1", "O2"]);
    expect(codesOf(view)).not.toContain("permits.issued");
    expect(codesOf(view)).not.toContain("O1.1");
    expect(nodeOf(view, "O2").ro).toBeUndefined();
    expect(nodeOf(view, "O1").ro).toBe(1);
  });

  test("shows a write's recomputed health at once: a remembered tree is not reused after a change", async () => {
    const officer = other.principal("PERFORMANCE_OFFICER");
    const before = await getTreeView(officer);
    // Unchanged: the same nodes, remembered.
    expect((await getTreeView(officer)).nodes).toBe(before.nodes);
    // streets.potholes: 300 of 500 in June (off track); 520 in July is on track.
    expect(nodeOf(before, "streets.potholes").s).toBe("OFF_TRACK");
    await recordMeasurement(officer, { kpi: "streets.potholes", period: "2026-07", value: 520, note: "", source: "" });
    const after = await getTreeView(officer);
    expect(nodeOf(after, "streets.potholes")).toMatchObject({ s: "ON_TRACK", v: 520 });
    await recordMeasurement(officer, { kpi: "streets.potholes", period: "2026-07", value: 300, note: "", source: "" });
    expect(nodeOf(await getTreeView(officer), "streets.potholes")).toMatchObject({ s: "OFF_TRACK", v: 300 });
  });

  test("refuses callers without a session, and shows another agency nothing of this one", async () => {
    await expect(getTreeView(null)).rejects.toBeInstanceOf(UnauthenticatedError);
    const view = await getTreeView(other.principal("PERFORMANCE_OFFICER"));
    expect(codesOf(view)).not.toContain("only.in_a");
    // The other agency's own tree has no link from potholes: its median days has two drivers.
    expect(childCodes(view, "permits.median_days")).toHaveLength(2);
  });
});

describe("getNodeDetail and isNodeVisible", () => {
  test("gives an officer the fields to edit and the driver links with their versions", async () => {
    const detail = await getNodeDetail(fixture.principal("PERFORMANCE_OFFICER"), "kpi", "permits.median_days");
    expect(detail?.kind).toBe("kpi");
    if (detail?.kind !== "kpi") return;
    expect(detail.edit).toMatchObject({ id: fixture.kpis["permits.median_days"], target: 15, baseline: 30 });
    expect(detail.drivers.map((driver) => driver.code).sort()).toEqual(
      ["permits.issued", "permits.reviewers", "streets.potholes"].sort(),
    );
    expect(detail.drivers.find((driver) => driver.code === "permits.reviewers")).toMatchObject({
      id: fixture.links["permits.reviewers->permits.median_days"],
      weight: 2,
      polarity: "negative",
      version: 1,
    });
    expect(detail.summary).toMatch(/→ (ON_TRACK|AT_RISK|OFF_TRACK)/);
  });

  test("gives an executive no edit fields", async () => {
    const detail = await getNodeDetail(fixture.principal("EXECUTIVE"), "objective", "O1");
    expect(detail).toMatchObject({ kind: "objective", scope: "full", edit: null });
  });

  test("gives a department head names and health only on the path, and nothing outside it", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN-REV");
    const path = await getNodeDetail(head, "kpi", "permits.median_days");
    expect(path).toMatchObject({ scope: "path", summary: null, drivers: [], edit: null });
    expect(await getNodeDetail(head, "kpi", "permits.issued")).toBeNull();
    expect(await getNodeDetail(head, "objective", "O2")).toBeNull();
    expect(await isNodeVisible(head, "kpi", "permits.median_days")).toBe(true);
    expect(await isNodeVisible(head, "kpi", "permits.median_days", true)).toBe(false);
    expect(await isNodeVisible(head, "kpi", "permits.reviewers", true)).toBe(true);
    expect(await isNodeVisible(head, "keyResult", "O1.KR2")).toBe(false);
  });

  test("does not find another agency's nodes", async () => {
    const officer = other.principal("PERFORMANCE_OFFICER");
    expect(await getNodeDetail(officer, "kpi", "only.in_a")).toBeNull();
    expect(await isNodeVisible(officer, "kpi", "only.in_a")).toBe(false);
  });
});

describe("getKpiPage", () => {
  test("gives the series, the measurements with the values they replaced, and the stored explanation", async () => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    await recordMeasurement(officer, {
      kpi: "permits.issued",
      period: "2026-06",
      value: 125,
      note: "Late permits",
      source: "",
    });
    const page = await getKpiPage(officer, "permits.issued");
    expect(page).not.toBeNull();
    expect(page!.series).toEqual([
      { period: "2026-05", value: 90 },
      { period: "2026-06", value: 125 },
    ]);
    const june = page!.measurements.find((measurement) => measurement.period === "2026-06");
    expect(june).toMatchObject({ value: 125, note: "Late permits" });
    expect(june!.history).toEqual([expect.objectContaining({ value: 120, replacedBy: officer.label })]);
    expect(page!.explanation?.code).toBe("permits.issued");
    expect(page!.driven.map((kpi) => kpi.code)).toEqual(["permits.median_days"]);
    expect(page!.keyResults.map((keyResult) => keyResult.code)).toEqual(["O1.1.KR1"]);
    expect(page).toMatchObject({ canRecordMeasurements: true, canComment: true, canEditTree: true });
  });

  test("computes a formula KPI's series with the engine", async () => {
    // The other agency's fixture is untouched: 21,000 / 120 in June; May has no cost, so no value.
    const page = await getKpiPage(other.principal("EXECUTIVE"), "permits.cost_per_permit");
    expect(page!.series).toEqual([{ period: "2026-06", value: 21000 / 120 }]);
    expect(page).toMatchObject({ canRecordMeasurements: false, canEditTree: false });
  });

  test("opens only a department head's own KPIs, and hides the names of drivers outside their branch", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    expect(await getKpiPage(head, "streets.potholes")).toBeNull();
    const page = await getKpiPage(head, "permits.median_days");
    expect(page).toMatchObject({ canRecordMeasurements: true, canEditTree: false });
    const hidden = page!.drivers.filter((driver) => !driver.isVisible);
    expect(hidden).toEqual([expect.objectContaining({ code: "", name: "", weight: 1 })]);
    expect(page!.explanation!.drivers.map((driver) => driver.code)).not.toContain("streets.potholes");
    expect(page!.explanation!.drivers).toHaveLength(3);
    expect(JSON.stringify(page)).not.toContain("streets.potholes");
  });

  test("does not find another agency's KPI", async () => {
    expect(await getKpiPage(other.principal("PERFORMANCE_OFFICER"), "only.in_a")).toBeNull();
    expect(await getKpiPage(fixture.principal("PERFORMANCE_OFFICER"), "only.in_a")).not.toBeNull();
  });
});

describe("getScorecard and getObjectivePage", () => {
  test("lists the top objectives with their health, a trend ending on the stored health, and what needs attention", async () => {
    const scorecard = await getScorecard(fixture.principal("EXECUTIVE"));
    expect(scorecard!.objectives.map((objective) => objective.code)).toEqual(["O1", "O2"]);
    const o1 = scorecard!.objectives[0]!;
    const stored = await getPrisma().healthResult.findUniqueOrThrow({
      where: { agencyId_nodeKey: { agencyId: fixture.agencyId, nodeKey: "objective:O1" } },
      select: { health: true },
    });
    expect(o1.trend.at(-1)!.health).toBe(stored.health);
    expect(o1.health?.coverage).toBeTypeOf("number");
    const counts = scorecard!.counts;
    expect(Object.values(counts.objectives).reduce((sum, count) => sum + count, 0)).toBe(3);
    expect(Object.values(counts.keyResults).reduce((sum, count) => sum + count, 0)).toBe(5);
    for (const item of scorecard!.attention) expect(item.status === "OFF_TRACK" || item.isStale).toBe(true);
  });

  test("shows a department head only what they may see", async () => {
    const scorecard = await getScorecard(fixture.principal("DEPARTMENT_HEAD", "PLN-REV"));
    expect(scorecard!.objectives.map((objective) => objective.code)).toEqual(["O1"]);
    const codes = scorecard!.attention.map((item) => item.code);
    expect(codes).not.toContain("streets.potholes");
    expect(codes).not.toContain("O2");
  });

  test("gives an objective's children with their shares, and keeps it from other branches and agencies", async () => {
    const page = await getObjectivePage(fixture.principal("PERFORMANCE_OFFICER"), "O1");
    expect(page!.children.map((child) => child.code)).toEqual(["O1.KR1", "O1.KR2", "O1.KR3", "O1.1"]);
    expect(page!.explanation!.children).toHaveLength(4);
    expect(await getObjectivePage(fixture.principal("DEPARTMENT_HEAD", "PW"), "O1.1")).toBeNull();
    const path = await getObjectivePage(fixture.principal("DEPARTMENT_HEAD", "PLN-REV"), "O1");
    expect(path).toMatchObject({ scope: "path", explanation: null });
    expect(path!.children.map((child) => child.code)).toEqual(["O1.KR1"]);
    expect(await getObjectivePage(other.principal("EXECUTIVE"), "O1")).not.toBeNull();
    expect((await getObjectivePage(other.principal("EXECUTIVE"), "O1"))!.objective.title).toBe(
      "Make it easy to open a business",
    );
  });

  test("lists month ends before the month of a date", () => {
    expect(listPreviousMonthEnds("2026-03-15", 3)).toEqual(["2025-12-31", "2026-01-31", "2026-02-28"]);
  });
});

describe("getDepartmentView", () => {
  test("gives a department head their branch's KPIs, stale ones first, with the period due next", async () => {
    const head = fixture.principal("DEPARTMENT_HEAD", "PLN");
    // Bring one KPI up to date: the period it asks for, entered, makes it fresh.
    const before = await getDepartmentView(head);
    const due = before!.kpis.find((kpi) => kpi.code === "permits.reviewers")!;
    expect(due.isStale).toBe(true);
    await recordMeasurement(head, {
      kpi: "permits.reviewers",
      period: due.entryPeriod,
      value: 12,
      note: "",
      source: "",
    });
    const view = await getDepartmentView(head);
    const reviewers = view!.kpis.findIndex((kpi) => kpi.code === "permits.reviewers");
    expect(view!.kpis[reviewers]!.isStale).toBe(false);
    expect(view!.kpis[reviewers]!.entryValue).toBeNull();
    expect(view!.kpis.slice(0, reviewers).some((kpi) => kpi.isStale)).toBe(true);
    expect(view!.department).toEqual({ code: "PLN", name: "Department PLN" });
    expect(view!.subDepartments).toEqual(["Department PLN-REV"]);
    const codes = view!.kpis.map((kpi) => kpi.code);
    expect(codes).toContain("permits.reviewers");
    expect(codes).not.toContain("streets.potholes");
    // Stale ones first: no stale KPI after a fresh one.
    const staleness = view!.kpis.map((kpi) => kpi.isStale);
    expect(staleness).toEqual([...staleness].sort((a, b) => Number(b) - Number(a)));
    expect(view!.kpis.find((kpi) => kpi.code === "permits.cost_per_permit")?.isFormula).toBe(true);
    expect(view!.canRecordMeasurements).toBe(true);
    expect(await listViewableDepartments(head)).toEqual([
      { code: "PLN", name: "Department PLN" },
      { code: "PLN-REV", name: "Department PLN-REV" },
    ]);
  });

  test("keeps other departments from a head, and other agencies' departments from everyone", async () => {
    expect(await getDepartmentView(fixture.principal("DEPARTMENT_HEAD", "PLN"), "PW")).toBeNull();
    expect(await getDepartmentView(fixture.principal("PERFORMANCE_OFFICER"), "PW")).not.toBeNull();
    expect(await getDepartmentView(other.principal("PERFORMANCE_OFFICER"), "ONLY-A")).toBeNull();
  });

  test("refuses a principal without tree:read", async () => {
    const token = fixture.token(["measurements:write"]);
    await expect(getDepartmentView(token, "PLN")).rejects.toBeInstanceOf(ForbiddenError);
  });

  test("asks for the expected period until it is in, then the next one", () => {
    // spec/health.md's example: monthly, 30 days' lag, as of 2026-07-02 → May is expected.
    expect(getEntryPeriod("monthly", 30, "2026-04", "2026-07-02", 1)).toBe("2026-05");
    expect(getEntryPeriod("monthly", 30, "2026-05", "2026-07-02", 1)).toBe("2026-06");
    expect(getEntryPeriod("monthly", 30, null, "2026-07-02", 1)).toBe("2026-05");
  });
});

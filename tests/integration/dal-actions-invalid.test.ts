// Every tree action handler given invalid input: a typed `{ ok: false }` with the problem on the field that caused
// it, and nothing written — no row, no stored health, no audit event.
import { beforeAll, describe, expect, test } from "vitest";
import type { ActionResult } from "@/lib/actions/action-result";
import { treeHandlers, type TreeHandlerName } from "@/lib/actions/tree-handlers";
import type { Principal } from "@/lib/auth/permissions";
import { addCommentary } from "@/lib/dal/commentary";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { expectNothingChanged } from "./support/expectations";

let fixture: Fixture;
let commentaryId: string;

beforeAll(async () => {
  fixture = await createFixtureAgency();
  const { commentary } = await addCommentary(fixture.principal("PERFORMANCE_OFFICER"), {
    nodeKind: "kpi",
    code: "permits.issued",
    period: "2026-06",
    body: "Steady",
    isPublic: true,
  });
  commentaryId = commentary.id;
});

type Input = Record<string, unknown>;
type Handler = (principal: Principal | null, rawInput: unknown) => Promise<ActionResult<unknown>>;
const handlerNamed = (name: TreeHandlerName): Handler => treeHandlers[name];

const objective = (): Input => ({
  code: "O9",
  plan: "PLAN",
  title: "A new objective",
  department: "PLN",
  parent: "O1",
  weight: 1,
});
const objectiveUpdate = (f: Fixture): Input => ({
  id: f.objectives["O1.1"],
  version: 1,
  title: "Faster reviews",
  department: "PLN",
  parent: "O1",
  weight: 1,
});
const keyResult = (): Input => ({
  code: "O1.KR9",
  objective: "O1",
  title: "Shorter waits",
  kind: "metric",
  kpi: "permits.median_days",
  start: 30,
  target: 20,
});
const keyResultUpdate = (f: Fixture): Input => ({
  id: f.keyResults["O1.KR1"],
  version: 1,
  title: "Shorter waits",
  kind: "metric",
  kpi: "permits.median_days",
  start: 30,
  target: 15,
});
const kpi = (): Input => ({
  code: "permits.inspections",
  name: "Inspections",
  ipo: "process",
  direction: "increase",
  frequency: "monthly",
  department: "PLN",
  baseline: 10,
  target: 20,
});
const kpiUpdate = (f: Fixture): Input => ({
  id: f.kpis["permits.median_days"],
  version: 1,
  name: "Median days",
  ipo: "outcome",
  direction: "decrease",
  frequency: "monthly",
  aggregation: "avg",
  department: "PLN",
  baseline: 30,
  target: 15,
});
const target = (f: Fixture): Input => ({
  kpiId: f.kpis["permits.median_days"],
  version: 1,
  period: "2026-06",
  value: 20,
});
const link = (): Input => ({ from: "permits.cost", to: "permits.median_days", weight: 1, polarity: "positive" });
const linkUpdate = (f: Fixture): Input => ({
  id: f.links["permits.issued->permits.median_days"],
  version: 1,
  weight: 2,
  polarity: "positive",
});
const measurement = (): Input => ({ kpi: "permits.issued", period: "2026-07", value: 100 });
const commentary = (): Input => ({ nodeKind: "kpi", code: "permits.issued", period: "2026-06", body: "Why" });
const commentaryUpdate = (): Input => ({ id: commentaryId, version: 1, body: "Why not", isPublic: false });

type Case = [description: string, handler: TreeHandlerName, input: (f: Fixture) => unknown, field: string];

const without = (input: Input, key: string): Input =>
  Object.fromEntries(Object.entries(input).filter(([k]) => k !== key));

const cases: Case[] = [
  // Objectives
  ["objective without a title", "createObjective", () => without(objective(), "title"), "title"],
  ["objective with a blank title", "createObjective", () => ({ ...objective(), title: "   " }), "title"],
  ["objective with a weight of 0", "createObjective", () => ({ ...objective(), weight: 0 }), "weight"],
  ["objective with a negative weight", "createObjective", () => ({ ...objective(), weight: -1 }), "weight"],
  ["objective with a weight as text", "createObjective", () => ({ ...objective(), weight: "2" }), "weight"],
  ["objective with an infinite weight", "createObjective", () => ({ ...objective(), weight: Infinity }), "weight"],
  ["objective with a bad code", "createObjective", () => ({ ...objective(), code: "O 9!" }), "code"],
  ["objective in an unknown plan", "createObjective", () => ({ ...objective(), plan: "NOPE" }), "plan"],
  ["objective under an unknown parent", "createObjective", () => ({ ...objective(), parent: "O404" }), "parent"],
  ["objective of an unknown department", "createObjective", () => ({ ...objective(), department: "XX" }), "department"],
  ["objective published as text", "createObjective", () => ({ ...objective(), published: "yes" }), "published"],
  ["objective update with a bad id", "updateObjective", (f) => ({ ...objectiveUpdate(f), id: "O1.1" }), "id"],
  ["objective update without a version", "updateObjective", (f) => without(objectiveUpdate(f), "version"), "version"],
  ["objective update with version 0", "updateObjective", (f) => ({ ...objectiveUpdate(f), version: 0 }), "version"],
  ["objective update under itself", "updateObjective", (f) => ({ ...objectiveUpdate(f), parent: "O1.1" }), "parent"],
  ["objective update with weight 0", "updateObjective", (f) => ({ ...objectiveUpdate(f), weight: 0 }), "weight"],
  ["objective delete with a bad id", "deleteObjective", () => ({ id: "nope", version: 1 }), "id"],
  [
    "objective delete with a version as text",
    "deleteObjective",
    (f) => ({ id: f.objectives.O2, version: "1" }),
    "version",
  ],
  // Key results
  ["metric key result without a target", "createKeyResult", () => ({ ...keyResult(), target: null }), "target"],
  ["metric key result without a KPI", "createKeyResult", () => without(keyResult(), "kpi"), "kpi"],
  [
    "key result due before it starts",
    "createKeyResult",
    () => ({ ...keyResult(), startDate: "2026-06-01", dueDate: "2026-05-31" }),
    "dueDate",
  ],
  [
    "key result due on its start date",
    "createKeyResult",
    () => ({ ...keyResult(), startDate: "2026-06-01", dueDate: "2026-06-01" }),
    "dueDate",
  ],
  [
    "key result with an impossible date",
    "createKeyResult",
    () => ({ ...keyResult(), startDate: "2026-13-01" }),
    "startDate",
  ],
  [
    "milestone with progress above 1",
    "createKeyResult",
    () => ({ ...keyResult(), kind: "milestone", kpi: null, target: null, progress: 1.5 }),
    "progress",
  ],
  [
    "milestone with negative progress",
    "createKeyResult",
    () => ({ ...keyResult(), kind: "milestone", kpi: null, target: null, progress: -0.1 }),
    "progress",
  ],
  [
    "qualitative key result in an unknown zone",
    "createKeyResult",
    () => ({ ...keyResult(), kind: "qualitative", zone: "great" }),
    "zone",
  ],
  ["key result of an unknown kind", "createKeyResult", () => ({ ...keyResult(), kind: "vibes" }), "kind"],
  ["key result with weight 0", "createKeyResult", () => ({ ...keyResult(), weight: 0 }), "weight"],
  [
    "key result under an unknown objective",
    "createKeyResult",
    () => ({ ...keyResult(), objective: "O404" }),
    "objective",
  ],
  ["metric key result on an unknown KPI", "createKeyResult", () => ({ ...keyResult(), kpi: "permits.nope" }), "kpi"],
  [
    "metric key result with no start on a KPI without baseline",
    "createKeyResult",
    () => ({ ...keyResult(), kpi: "permits.issued", start: null }),
    "start",
  ],
  ["metric key result with target equal to start", "createKeyResult", () => ({ ...keyResult(), start: 20 }), "target"],
  ["key result update with a bad id", "updateKeyResult", (f) => ({ ...keyResultUpdate(f), id: 42 }), "id"],
  ["key result update without a target", "updateKeyResult", (f) => without(keyResultUpdate(f), "target"), "target"],
  [
    "key result update due before it starts",
    "updateKeyResult",
    (f) => ({ ...keyResultUpdate(f), startDate: "2026-12-01", dueDate: "2026-01-01" }),
    "dueDate",
  ],
  ["key result delete without an id", "deleteKeyResult", () => ({ version: 1 }), "id"],
  // KPIs
  ["KPI with an unknown IPO level", "createKpi", () => ({ ...kpi(), ipo: "middle" }), "ipo"],
  ["KPI without a direction", "createKpi", () => without(kpi(), "direction"), "direction"],
  ["KPI with a weekly frequency", "createKpi", () => ({ ...kpi(), frequency: "weekly" }), "frequency"],
  ["KPI with an unknown aggregation", "createKpi", () => ({ ...kpi(), aggregation: "median" }), "aggregation"],
  ["KPI coded like a formula function", "createKpi", () => ({ ...kpi(), code: "min" }), "code"],
  ["KPI code starting with a digit", "createKpi", () => ({ ...kpi(), code: "1permits" }), "code"],
  ["KPI code that is taken", "createKpi", () => ({ ...kpi(), code: "permits.cost" }), "code"],
  ["KPI of an unknown department", "createKpi", () => ({ ...kpi(), department: "XX" }), "department"],
  ["KPI with a target as text", "createKpi", () => ({ ...kpi(), target: "high" }), "target"],
  ["KPI with a negative tolerance", "createKpi", () => ({ ...kpi(), tolerance: -1 }), "tolerance"],
  ["KPI with fractional lag days", "createKpi", () => ({ ...kpi(), lagDays: 1.5 }), "lagDays"],
  [
    "KPI with an on-track threshold above 1",
    "createKpi",
    () => ({ ...kpi(), thresholds: { onTrack: 2 } }),
    "thresholds.onTrack",
  ],
  [
    "KPI with at-risk above on-track",
    "createKpi",
    () => ({ ...kpi(), thresholds: { onTrack: 0.5, atRisk: 0.8 } }),
    "thresholds.atRisk",
  ],
  ["KPI with a formula that does not parse", "createKpi", () => ({ ...kpi(), formula: "permits.cost / " }), "formula"],
  [
    "KPI with a formula of unbalanced parentheses",
    "createKpi",
    () => ({ ...kpi(), formula: "(permits.cost" }),
    "formula",
  ],
  [
    "KPI with a formula naming an unknown KPI",
    "createKpi",
    () => ({ ...kpi(), formula: "permits.nope * 2" }),
    "formula",
  ],
  [
    "KPI with a formula naming itself",
    "createKpi",
    () => ({ ...kpi(), formula: "permits.inspections + 1" }),
    "formula",
  ],
  ["KPI with a formula naming no KPI", "createKpi", () => ({ ...kpi(), formula: "1 + 2" }), "formula"],
  ["KPI with its baseline on the wrong side", "createKpi", () => ({ ...kpi(), baseline: 30 }), "target"],
  [
    "increase KPI with no baseline and a target of 0",
    "createKpi",
    () => ({ ...kpi(), baseline: null, target: 0 }),
    "target",
  ],
  ["KPI update with a bad id", "updateKpi", (f) => ({ ...kpiUpdate(f), id: "permits.median_days" }), "id"],
  ["KPI update without a version", "updateKpi", (f) => without(kpiUpdate(f), "version"), "version"],
  ["KPI update with its baseline on the wrong side", "updateKpi", (f) => ({ ...kpiUpdate(f), baseline: 10 }), "target"],
  [
    "KPI update with a formula while it has measurements",
    "updateKpi",
    (f) => ({ ...kpiUpdate(f), formula: "permits.cost / 2" }),
    "formula",
  ],
  [
    "KPI update of frequency while it has measurements",
    "updateKpi",
    (f) => ({ ...kpiUpdate(f), frequency: "quarterly" }),
    "frequency",
  ],
  [
    "KPI update of a formula to name its own KPI",
    "updateKpi",
    (f) => ({
      ...kpiUpdate(f),
      id: f.kpis["permits.cost_per_permit"],
      ipo: "process",
      baseline: null,
      target: 180,
      formula: "permits.cost_per_permit * 2",
    }),
    "formula",
  ],
  ["KPI delete with a negative version", "deleteKpi", (f) => ({ id: f.kpis["permits.cost"], version: -1 }), "version"],
  // Per-period targets
  ["target for month 13", "setKpiTarget", (f) => ({ ...target(f), period: "2026-13" }), "period"],
  ["target for a period written as a word", "setKpiTarget", (f) => ({ ...target(f), period: "June" }), "period"],
  ["target for a quarter of a monthly KPI", "setKpiTarget", (f) => ({ ...target(f), period: "2026-Q2" }), "period"],
  ["target for a year of a monthly KPI", "setKpiTarget", (f) => ({ ...target(f), period: "2026" }), "period"],
  ["target with a value as text", "setKpiTarget", (f) => ({ ...target(f), value: "twenty" }), "value"],
  ["target without a value", "setKpiTarget", (f) => without(target(f), "value"), "value"],
  [
    "target on a KPI id that is not an id",
    "setKpiTarget",
    (f) => ({ ...target(f), kpiId: "permits.median_days" }),
    "kpiId",
  ],
  // Regression: the problem was reported on "targets.2026-06", a field the action does not have, not on "value".
  ["target on the wrong side of the baseline", "setKpiTarget", (f) => ({ ...target(f), value: 45 }), "value"],
  [
    "target removal for a bad period",
    "removeKpiTarget",
    (f) => ({ kpiId: f.kpis["permits.median_days"], version: 1, period: "2026-6" }),
    "period",
  ],
  // The formula preview
  ["formula preview of an empty formula", "previewFormula", () => ({ frequency: "monthly", formula: " " }), "formula"],
  [
    "formula preview in a frequency that does not exist",
    "previewFormula",
    () => ({ frequency: "weekly", formula: "permits.issued" }),
    "frequency",
  ],
  [
    "formula preview that does not parse",
    "previewFormula",
    () => ({ frequency: "monthly", formula: "permits.issued + 1 +" }),
    "formula",
  ],
  // Driver links
  ["link with weight 0", "createLink", () => ({ ...link(), weight: 0 }), "weight"],
  ["link with a negative weight", "createLink", () => ({ ...link(), weight: -2 }), "weight"],
  ["link with a weight as text", "createLink", () => ({ ...link(), weight: "heavy" }), "weight"],
  ["link with an unknown polarity", "createLink", () => ({ ...link(), polarity: "neutral" }), "polarity"],
  ["link without a from", "createLink", () => without(link(), "from"), "from"],
  ["link from an unknown KPI", "createLink", () => ({ ...link(), from: "permits.nope" }), "from"],
  ["link to an unknown KPI", "createLink", () => ({ ...link(), to: "permits.nope" }), "to"],
  [
    "link from an outcome to an input",
    "createLink",
    () => ({ ...link(), from: "permits.median_days", to: "permits.cost" }),
    "to",
  ],
  ["link update with weight 0", "updateLink", (f) => ({ ...linkUpdate(f), weight: 0 }), "weight"],
  ["link update with an unknown polarity", "updateLink", (f) => ({ ...linkUpdate(f), polarity: "up" }), "polarity"],
  ["link update without a version", "updateLink", (f) => without(linkUpdate(f), "version"), "version"],
  ["link delete with a bad id", "deleteLink", () => ({ id: "", version: 1 }), "id"],
  // Measurements
  ["measurement with a value as text", "recordMeasurement", () => ({ ...measurement(), value: "12" }), "value"],
  ["measurement without a value", "recordMeasurement", () => without(measurement(), "value"), "value"],
  ["measurement with an infinite value", "recordMeasurement", () => ({ ...measurement(), value: Infinity }), "value"],
  ["measurement with NaN", "recordMeasurement", () => ({ ...measurement(), value: Number.NaN }), "value"],
  ["measurement for month 13", "recordMeasurement", () => ({ ...measurement(), period: "2026-13" }), "period"],
  ["measurement for quarter 5", "recordMeasurement", () => ({ ...measurement(), period: "2026-Q5" }), "period"],
  [
    "measurement for a quarter of a monthly KPI",
    "recordMeasurement",
    () => ({ ...measurement(), period: "2026-Q2" }),
    "period",
  ],
  ["measurement without a KPI", "recordMeasurement", () => ({ ...measurement(), kpi: "" }), "kpi"],
  [
    "measurement for a formula KPI",
    "recordMeasurement",
    () => ({ ...measurement(), kpi: "permits.cost_per_permit" }),
    "kpi",
  ],
  [
    "measurement with a note too long",
    "recordMeasurement",
    () => ({ ...measurement(), note: "x".repeat(2001) }),
    "note",
  ],
  // Commentary
  ["commentary without a body", "addCommentary", () => ({ ...commentary(), body: "  " }), "body"],
  ["commentary on an unknown kind of node", "addCommentary", () => ({ ...commentary(), nodeKind: "plan" }), "nodeKind"],
  ["commentary for a bad period", "addCommentary", () => ({ ...commentary(), period: "last month" }), "period"],
  ["commentary without a code", "addCommentary", () => without(commentary(), "code"), "code"],
  ["commentary marked public as text", "addCommentary", () => ({ ...commentary(), isPublic: "no" }), "isPublic"],
  ["commentary update without a body", "updateCommentary", () => ({ ...commentaryUpdate(), body: "" }), "body"],
  [
    "commentary update marked public as text",
    "updateCommentary",
    () => ({ ...commentaryUpdate(), isPublic: "yes" }),
    "isPublic",
  ],
  ["commentary delete with a bad id", "deleteCommentary", () => ({ id: "1", version: 1 }), "id"],
  // Plans, reordering and moving (issue 12)
  ["plan without a name", "createPlan", () => ({ code: "P2", startDate: "2027-01-01", endDate: "2027-12-31" }), "name"],
  [
    "plan ending before it starts",
    "createPlan",
    () => ({ code: "P2", name: "Plan", startDate: "2027-01-01", endDate: "2026-12-31" }),
    "endDate",
  ],
  [
    "plan with a date that is not a date",
    "createPlan",
    () => ({ code: "P2", name: "Plan", startDate: "2027-02-30", endDate: "2027-12-31" }),
    "startDate",
  ],
  [
    "plan update without a version",
    "updatePlan",
    () => ({ id: fixture.objectives.O1, name: "Plan", startDate: "2026-01-01", endDate: "2027-12-31" }),
    "version",
  ],
  [
    "reorder in no direction",
    "reorderObjective",
    (f) => ({ id: f.objectives.O2, version: 1, direction: "left" }),
    "direction",
  ],
  ["key result reorder with a bad id", "reorderKeyResult", () => ({ id: "O1.KR2", version: 1, direction: "up" }), "id"],
  [
    "objective moved under itself",
    "moveObjective",
    (f) => ({ id: f.objectives.O1, version: 1, parent: "O1" }),
    "parent",
  ],
  [
    "objective moved under its child",
    "moveObjective",
    (f) => ({ id: f.objectives.O1, version: 1, parent: "O1.1" }),
    "parent",
  ],
  ["key result moved nowhere", "moveKeyResult", (f) => ({ id: f.keyResults["O1.KR2"], version: 1 }), "objective"],
  ["delete preview of a plan", "previewDelete", (f) => ({ kind: "plan", id: f.objectives.O1 }), "kind"],
  ["restore with a bad id", "restoreBinEntry", () => ({ id: "not-a-uuid" }), "id"],
  ["measurement removal without a version", "removeMeasurement", (f) => ({ id: f.objectives.O1 }), "version"],
];

describe("tree action handlers refuse invalid input", () => {
  test("every handler is covered", () => {
    const covered = new Set(cases.map(([, handler]) => handler));
    // Listing the recycle bin takes no fields, so it has no field to refuse; the test below covers its input.
    const takesFields = Object.keys(treeHandlers).filter((name) => name !== "listRecycleBin");
    expect([...covered].sort()).toEqual(takesFields.sort());
  });

  test.each(cases)("%s (%s)", async (_description, handler, input, field) => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const result = await expectNothingChanged(fixture.agencyId, () => handlerNamed(handler)(officer, input(fixture)));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toEqual(expect.any(String));
    expect(result.fieldErrors).toBeDefined();
    expect(Object.keys(result.fieldErrors ?? {})).toEqual([field]);
    expect(result.fieldErrors?.[field]?.[0]).toEqual(expect.any(String));
  });

  test.each([
    ["null", null],
    ["a string", "permits.issued"],
    ["an array", [1, 2]],
  ])("input that is %s is refused as a whole", async (_description, input) => {
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    for (const handler of Object.keys(treeHandlers) as TreeHandlerName[]) {
      const result = await expectNothingChanged(fixture.agencyId, () => handlerNamed(handler)(officer, input));
      expect(result).toMatchObject({ ok: false, fieldErrors: { _form: [expect.any(String)] } });
    }
  });
});

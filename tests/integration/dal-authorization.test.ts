// Who may write what (lib/auth/permissions.ts, enforced by the DAL): every role and token scope against every write,
// department branches, and tenants — another agency's objects do not exist for a caller, whatever their role.
import { beforeAll, describe, expect, test } from "vitest";
import type { ActionResult } from "@/lib/actions/action-result";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import type { Principal, Role } from "@/lib/auth/permissions";
import { addCommentary, deleteCommentary, updateCommentary } from "@/lib/dal/commentary";
import { createKeyResult, deleteKeyResult, updateKeyResult } from "@/lib/dal/key-results";
import { createKpi, deleteKpi, removeKpiTarget, setKpiTarget, updateKpi } from "@/lib/dal/kpis";
import { createLink, deleteLink, updateLink } from "@/lib/dal/links";
import { recordMeasurement } from "@/lib/dal/measurements";
import { createObjective, deleteObjective, updateObjective } from "@/lib/dal/objectives";
import { ForbiddenError, NotFoundError, UnauthenticatedError } from "@/lib/errors";
import { createFixtureAgency, type Fixture } from "./support/fixtures";
import { expectNothingChanged, expectStoredHealthToEqualFullRecompute, rejectionOf } from "./support/expectations";

let a: Fixture;
let b: Fixture;
/** Commentary of agency A, written by its officer: on a PLN KPI and on a PW KPI. */
let plnCommentaryId: string;
let pwCommentaryId: string;

beforeAll(async () => {
  [a, b] = [await createFixtureAgency("City A"), await createFixtureAgency("City B")];
  const officer = a.principal("PERFORMANCE_OFFICER");
  // Codes that exist only in agency A, to reach A's objects by code from agency B.
  await createKpi(officer, {
    code: "a.only",
    name: "Only in A",
    description: "",
    unit: "",
    ipo: "input",
    indicator: "lagging",
    direction: "increase",
    frequency: "monthly",
    aggregation: "last",
    department: "PLN",
    baseline: null,
    target: 10,
    tolerance: 0,
    thresholds: null,
    formula: null,
    lagDays: 30,
    min: null,
    max: null,
    published: false,
  });
  await createObjective(officer, {
    code: "A-ONLY",
    plan: "PLAN",
    title: "Only in A",
    description: "",
    department: "PLN",
    parent: null,
    weight: 1,
    published: false,
  });
  const comment = (code: string) =>
    addCommentary(officer, { nodeKind: "kpi", code, period: "2026-06", body: "Noted", isPublic: true });
  plnCommentaryId = (await comment("permits.issued")).commentary.id;
  pwCommentaryId = (await comment("streets.potholes")).commentary.id;
});

type Call = (principal: Principal | null) => Promise<unknown>;

/** Every tree edit (permission tree:edit), with valid input on agency `f`'s objects. */
function treeEdits(f: Fixture): Record<string, Call> {
  const kpi = {
    name: "K",
    description: "",
    unit: "",
    ipo: "input",
    indicator: "lagging",
    direction: "decrease",
    frequency: "monthly",
    aggregation: "sum",
    department: "PLN",
    baseline: null,
    target: null,
    tolerance: 0,
    thresholds: null,
    formula: null,
    lagDays: 30,
    min: null,
    max: null,
    published: false,
  } as const;
  const keyResult = {
    title: "KR",
    kind: "milestone",
    kpi: null,
    start: null,
    target: null,
    startDate: null,
    dueDate: null,
    weight: 1,
    progress: 0.5,
    zone: null,
    narrative: "",
    published: false,
  } as const;
  const objective = { title: "O", description: "", department: "PLN", parent: null, weight: 1, published: false };
  return {
    createObjective: (p) => createObjective(p, { ...objective, code: "O-NEW", plan: "PLAN" }),
    updateObjective: (p) => updateObjective(p, { ...objective, id: f.objectives["O1.1"]!, version: 1 }),
    deleteObjective: (p) => deleteObjective(p, { id: f.objectives.O2!, version: 1 }),
    createKeyResult: (p) => createKeyResult(p, { ...keyResult, code: "O1.1.KR9", objective: "O1.1" }),
    updateKeyResult: (p) => updateKeyResult(p, { ...keyResult, id: f.keyResults["O1.KR2"]!, version: 1 }),
    deleteKeyResult: (p) => deleteKeyResult(p, { id: f.keyResults["O1.KR3"]!, version: 1 }),
    createKpi: (p) => createKpi(p, { ...kpi, code: "permits.new" }),
    updateKpi: (p) => updateKpi(p, { ...kpi, id: f.kpis["permits.cost"]!, version: 1, name: "Cost" }),
    deleteKpi: (p) => deleteKpi(p, { id: f.kpis["permits.reviewers"]!, version: 1 }),
    setKpiTarget: (p) =>
      setKpiTarget(p, { kpiId: f.kpis["permits.issued"]!, version: 1, period: "2026-06", value: 110 }),
    removeKpiTarget: (p) => removeKpiTarget(p, { kpiId: f.kpis["permits.issued"]!, version: 1, period: "2026-06" }),
    createLink: (p) =>
      createLink(p, { from: "permits.cost", to: "permits.median_days", weight: 1, polarity: "positive" }),
    updateLink: (p) =>
      updateLink(p, {
        id: f.links["permits.issued->permits.median_days"]!,
        version: 1,
        weight: 2,
        polarity: "positive",
      }),
    deleteLink: (p) => deleteLink(p, { id: f.links["permits.issued->permits.median_days"]!, version: 1 }),
  };
}

// The names of the tree edits, for test tables (the calls themselves read the fixture only when run).
const TREE_EDITS = Object.keys(treeEdits({} as Fixture));
const BY_ID = TREE_EDITS.filter((name) => !name.startsWith("create")).concat(["updateCommentary", "deleteCommentary"]);

const measure =
  (kpi: string): Call =>
  (p) =>
    recordMeasurement(p, { kpi, period: "2026-07", value: 7, note: "", source: "" });
const comment =
  (nodeKind: "kpi" | "objective" | "keyResult", code: string): Call =>
  (p) =>
    addCommentary(p, { nodeKind, code, period: null, body: "Why?", isPublic: false });
const editComment =
  (id: () => string): Call =>
  (p) =>
    updateCommentary(p, { id: id(), version: 1, body: "Edited", isPublic: false });
const deleteComment =
  (id: () => string): Call =>
  (p) =>
    deleteCommentary(p, { id: id(), version: 1 });

/** Every write of agency A, keyed by a name. */
function everyWrite(): Record<string, Call> {
  return {
    ...treeEdits(a),
    "recordMeasurement PLN": measure("permits.issued"),
    "recordMeasurement PW": measure("streets.potholes"),
    addCommentary: comment("kpi", "permits.issued"),
    updateCommentary: editComment(() => plnCommentaryId),
    deleteCommentary: deleteComment(() => plnCommentaryId),
  };
}

async function expectRefused(principal: Principal | null, call: Call, errorClass: new () => Error, status: number) {
  const error = await expectNothingChanged([a.agencyId, b.agencyId], () => rejectionOf(call(principal)));
  expect(error).toBeInstanceOf(errorClass);
  expect(error).toMatchObject({ status });
}

describe("another agency's objects do not exist", () => {
  const byId = () => ({
    ...treeEdits(a),
    updateCommentary: editComment(() => plnCommentaryId),
    deleteCommentary: deleteComment(() => plnCommentaryId),
  });

  test.each(BY_ID)("%s by id of agency A, from agency B's officer: not found", async (name) => {
    const call = byId()[name as keyof ReturnType<typeof byId>]!;
    await expectRefused(b.principal("PERFORMANCE_OFFICER"), call, NotFoundError, 404);
  });

  test.each([
    ["a measurement of A's KPI, from B's officer", () => b.principal("PERFORMANCE_OFFICER"), measure("a.only")],
    ["a measurement of A's KPI, from B's token", () => b.token(["measurements:write"]), measure("a.only")],
    ["commentary on A's KPI, from B's officer", () => b.principal("PERFORMANCE_OFFICER"), comment("kpi", "a.only")],
    ["commentary on A's KPI, from B's executive", () => b.principal("EXECUTIVE"), comment("kpi", "a.only")],
    [
      "commentary on A's objective, from B's officer",
      () => b.principal("PERFORMANCE_OFFICER"),
      comment("objective", "A-ONLY"),
    ],
  ])("%s, by code: not found", async (_name, principal, call) => {
    await expectRefused(principal(), call, NotFoundError, 404);
  });

  test("A's codes in B's tree edits are unknown, and nothing of A changes", async () => {
    const officer = b.principal("PERFORMANCE_OFFICER");
    for (const call of [
      (p: Principal) => createLink(p, { from: "a.only", to: "permits.median_days", weight: 1, polarity: "positive" }),
      (p: Principal) =>
        createObjective(p, {
          code: "B-X",
          plan: "PLAN",
          title: "X",
          description: "",
          department: null,
          parent: "A-ONLY",
          weight: 1,
          published: false,
        }),
      (p: Principal) =>
        createKeyResult(p, {
          code: "B-KR",
          objective: "A-ONLY",
          title: "X",
          kind: "milestone",
          kpi: null,
          start: null,
          target: null,
          startDate: null,
          dueDate: null,
          weight: 1,
          progress: null,
          zone: null,
          narrative: "",
          published: false,
        }),
    ]) {
      const error = await expectNothingChanged([a.agencyId, b.agencyId], () => rejectionOf(call(officer)));
      expect(error).toMatchObject({ status: 400 });
    }
  });

  test("a token whose department belongs to another agency is limited to nothing", async () => {
    const token: Principal = { ...b.token(["measurements:write"]), departmentId: a.departments.PLN! };
    await expectRefused(token, measure("permits.issued"), ForbiddenError, 403);
  });
});

describe("department head of PLN", () => {
  const head = () => a.principal("DEPARTMENT_HEAD", "PLN");

  test.each(TREE_EDITS)("cannot %s (tree:edit), even in their branch", async (name) => {
    await expectRefused(head(), treeEdits(a)[name]!, ForbiddenError, 403);
  });

  test("records measurements for PLN's and PLN-REV's KPIs", async () => {
    const pln = await recordMeasurement(head(), {
      kpi: "permits.issued",
      period: "2026-08",
      value: 111,
      note: "",
      source: "",
    });
    const rev = await recordMeasurement(head(), {
      kpi: "permits.reviewers",
      period: "2026-08",
      value: 12,
      note: "",
      source: "",
    });
    expect([pln.measurement.enteredBy, rev.measurement.enteredBy]).toEqual([head().label, head().label]);
    await expectStoredHealthToEqualFullRecompute(a.agencyId);
  });

  test("gets ForbiddenError for PW's KPIs", async () => {
    await expectRefused(head(), measure("streets.potholes"), ForbiddenError, 403);
  });

  test("comments on their own branch: a KPI, an objective and a key result", async () => {
    for (const [nodeKind, code] of [
      ["kpi", "permits.reviewers"],
      ["objective", "O1.1"],
      ["keyResult", "O1.1.KR1"],
    ] as const) {
      const { commentary } = await addCommentary(head(), {
        nodeKind,
        code,
        period: null,
        body: "On it",
        isPublic: false,
      });
      expect(commentary).toMatchObject({ nodeKind, code, author: head().label });
    }
  });

  test.each([
    ["a PW KPI", comment("kpi", "streets.potholes")],
    ["the citywide objective above their branch", comment("objective", "O1")],
    ["a PW objective", comment("objective", "O2")],
    ["a key result of the citywide objective", comment("keyResult", "O1.KR1")],
    ["a key result of PW", comment("keyResult", "O2.KR1")],
    ["commentary on a PW KPI (edit)", editComment(() => pwCommentaryId)],
    ["commentary on a PW KPI (delete)", deleteComment(() => pwCommentaryId)],
  ])("cannot comment outside the branch: %s", async (_name, call) => {
    await expectRefused(head(), call, ForbiddenError, 403);
  });

  test("cannot edit someone else's commentary in their own branch", async () => {
    await expectRefused(
      head(),
      editComment(() => plnCommentaryId),
      ForbiddenError,
      403,
    );
  });

  test("a department head without a department may write nothing", async () => {
    const headless = a.principal("DEPARTMENT_HEAD");
    await expectRefused(headless, measure("permits.issued"), ForbiddenError, 403);
    await expectRefused(headless, comment("kpi", "permits.issued"), ForbiddenError, 403);
  });
});

describe("executive and admin", () => {
  test.each(TREE_EDITS.concat(["recordMeasurement PLN"]))("an executive cannot %s", async (name) => {
    const call = everyWrite()[name]!;
    await expectRefused(a.principal("EXECUTIVE"), call, ForbiddenError, 403);
  });

  test("an executive may comment anywhere", async () => {
    const executive = a.principal("EXECUTIVE");
    const { commentary } = await addCommentary(executive, {
      nodeKind: "objective",
      code: "O2",
      period: null,
      body: "What is the plan for Q3?",
      isPublic: false,
    });
    expect(commentary).toMatchObject({ code: "O2", author: executive.label });
  });

  test.each(TREE_EDITS.concat(["recordMeasurement PLN", "addCommentary"]))("an admin cannot %s", async (name) => {
    await expectRefused(a.principal("ADMIN"), everyWrite()[name]!, ForbiddenError, 403);
  });
});

describe("API tokens", () => {
  test.each(TREE_EDITS.concat(["recordMeasurement PLN", "addCommentary"]))(
    "a read-only token cannot %s",
    async (name) => {
      await expectRefused(a.token(["read"]), everyWrite()[name]!, ForbiddenError, 403);
    },
  );

  test("a measurements:write token limited to PLN writes PLN's branch and nothing else", async () => {
    const token = a.token(["measurements:write"], "PLN");
    const result = await recordMeasurement(token, {
      kpi: "permits.reviewers",
      period: "2026-09",
      value: 12,
      note: "",
      source: "HR",
    });
    expect(result.measurement.enteredBy).toBe(token.label);
    await expectRefused(token, measure("streets.potholes"), ForbiddenError, 403);
    await expectRefused(token, treeEdits(a).createKpi!, ForbiddenError, 403);
    await expectRefused(token, comment("kpi", "permits.reviewers"), ForbiddenError, 403);
  });

  test("a measurements:write token without a department writes any KPI of its agency", async () => {
    const token = a.token(["measurements:write"]);
    const result = await recordMeasurement(token, {
      kpi: "streets.potholes",
      period: "2026-09",
      value: 350,
      note: "",
      source: "",
    });
    expect(result.measurement.kpi).toBe("streets.potholes");
  });

  test("a tree:write token edits the tree", async () => {
    const token = a.token(["tree:write"]);
    const result = await setKpiTarget(token, {
      kpiId: a.kpis["permits.cost"]!,
      version: 1,
      period: "2026-06",
      value: 20000,
    });
    expect(result.kpi.targets).toEqual({ "2026-06": 20000 });
    await expectStoredHealthToEqualFullRecompute(a.agencyId);
  });

  test("a tree:write token limited to a department cannot edit the agency-wide tree", async () => {
    // Regression: tree edits ignored a token's department, so a token limited to PLN could edit PW's KPIs.
    const token = a.token(["tree:write"], "PLN");
    await expectRefused(
      token,
      (p) => setKpiTarget(p, { kpiId: a.kpis["streets.potholes"]!, version: 1, period: "2026-06", value: 450 }),
      ForbiddenError,
      403,
    );
    await expectRefused(token, treeEdits(a).createLink!, ForbiddenError, 403);
  });
});

describe("unknown and missing callers", () => {
  test("a user with an unknown role is denied every write", async () => {
    const stranger = { ...a.principal("PERFORMANCE_OFFICER"), role: "SUPERUSER" as Role };
    for (const call of Object.values(everyWrite())) await expectRefused(stranger, call, ForbiddenError, 403);
  });

  test("a token with an unknown scope is denied every write", async () => {
    const token = { ...a.token([]), scopes: ["admin" as never, "*" as never] };
    for (const call of Object.values(everyWrite())) await expectRefused(token, call, ForbiddenError, 403);
  });

  test("no principal is UnauthenticatedError (401) for every write", async () => {
    for (const call of Object.values(everyWrite())) await expectRefused(null, call, UnauthenticatedError, 401);
  });

  test("the action handlers turn refusals into plain messages and change nothing", async () => {
    const handlers: ((principal: Principal | null, rawInput: unknown) => Promise<ActionResult<unknown>>)[] =
      Object.values(treeHandlers);
    for (const handler of handlers) {
      const anonymous = await expectNothingChanged(a.agencyId, () => handler(null, validInputFor(handler)));
      expect(anonymous).toEqual({ ok: false, message: "Sign in to continue." });
    }
    const executive = a.principal("EXECUTIVE");
    const denied = await expectNothingChanged(a.agencyId, () =>
      treeHandlers.createLink(executive, { from: "permits.cost", to: "permits.median_days" }),
    );
    expect(denied).toEqual({ ok: false, message: "You are not allowed to do that." });
    const elsewhere = await expectNothingChanged([a.agencyId, b.agencyId], () =>
      treeHandlers.deleteKpi(b.principal("PERFORMANCE_OFFICER"), { id: a.kpis["permits.reviewers"], version: 1 }),
    );
    expect(elsewhere).toEqual({ ok: false, message: "There is no such KPI." });
  });
});

/** Input that passes every handler's schema, so that the refusal comes from authorization. */
function validInputFor(handler: unknown): unknown {
  const inputs = new Map<unknown, unknown>([
    [treeHandlers.createObjective, { code: "O-NEW", plan: "PLAN", title: "O" }],
    [treeHandlers.updateObjective, { id: a.objectives.O2, version: 1, title: "O" }],
    [treeHandlers.deleteObjective, { id: a.objectives.O2, version: 1 }],
    [treeHandlers.createKeyResult, { code: "KR-NEW", objective: "O2", title: "KR", kind: "milestone" }],
    [treeHandlers.updateKeyResult, { id: a.keyResults["O1.KR2"], version: 1, title: "KR", kind: "milestone" }],
    [treeHandlers.deleteKeyResult, { id: a.keyResults["O1.KR2"], version: 1 }],
    [
      treeHandlers.createKpi,
      { code: "k.new", name: "K", ipo: "input", direction: "increase", frequency: "monthly", department: "PLN" },
    ],
    [
      treeHandlers.updateKpi,
      {
        id: a.kpis["permits.cost"],
        version: 1,
        name: "K",
        ipo: "input",
        direction: "decrease",
        frequency: "monthly",
        department: "PLN",
      },
    ],
    [treeHandlers.deleteKpi, { id: a.kpis["permits.reviewers"], version: 1 }],
    [treeHandlers.setKpiTarget, { kpiId: a.kpis["permits.cost"], version: 1, period: "2026-06", value: 1 }],
    [treeHandlers.removeKpiTarget, { kpiId: a.kpis["permits.cost"], version: 1, period: "2026-06" }],
    [treeHandlers.previewFormula, { frequency: "monthly", formula: "permits.cost / permits.issued" }],
    [treeHandlers.createLink, { from: "permits.cost", to: "permits.median_days" }],
    [
      treeHandlers.updateLink,
      { id: a.links["permits.issued->permits.median_days"], version: 1, weight: 1, polarity: "positive" },
    ],
    [treeHandlers.deleteLink, { id: a.links["permits.issued->permits.median_days"], version: 1 }],
    [treeHandlers.recordMeasurement, { kpi: "permits.issued", period: "2026-07", value: 1 }],
    [treeHandlers.addCommentary, { nodeKind: "kpi", code: "permits.issued", body: "Hi" }],
    [treeHandlers.updateCommentary, { id: plnCommentaryId, version: 1, body: "Hi", isPublic: false }],
    [treeHandlers.deleteCommentary, { id: plnCommentaryId, version: 1 }],
    [treeHandlers.createPlan, { code: "P2", name: "Plan", startDate: "2026-07-01", endDate: "2030-06-30" }],
    [
      treeHandlers.updatePlan,
      { id: a.agencyId, version: 1, name: "Plan", startDate: "2026-07-01", endDate: "2030-06-30" },
    ],
    [treeHandlers.reorderObjective, { id: a.objectives.O2, version: 1, direction: "up" }],
    [treeHandlers.moveObjective, { id: a.objectives.O2, version: 1, parent: "O1" }],
    [treeHandlers.reorderKeyResult, { id: a.keyResults["O1.KR2"], version: 1, direction: "up" }],
    [treeHandlers.moveKeyResult, { id: a.keyResults["O1.KR2"], version: 1, objective: "O2" }],
    [treeHandlers.previewDelete, { kind: "kpi", id: a.kpis["permits.reviewers"] }],
    [treeHandlers.listRecycleBin, {}],
    [treeHandlers.restoreBinEntry, { id: "00000000-0000-4000-8000-000000000001" }],
    [treeHandlers.removeMeasurement, { id: "00000000-0000-4000-8000-000000000002", version: 1 }],
  ]);
  expect(inputs.has(handler)).toBe(true);
  return inputs.get(handler);
}

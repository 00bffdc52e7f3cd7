// Building a tree's structure from nothing and rearranging it: the plan (one per agency), reordering
// and moving objectives and key results, the engine's checks (cycles, weights) in the DAL, and the
// next-steps checklist. Every write keeps stored health equal to a full recomputation.
import { beforeEach, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { treeHandlers } from "@/lib/actions/tree-handlers";
import { createKeyResult, moveKeyResult, reorderKeyResult } from "@/lib/dal/key-results";
import { createObjective, moveObjective, reorderObjective, updateObjective } from "@/lib/dal/objectives";
import { createPlan, getNextSteps, updatePlan } from "@/lib/dal/plans";
import { getTreeView } from "@/lib/dal/tree-read";
import { ConflictError, ValidationError } from "@/lib/errors";
import { createFixtureAgency, readStoredHealth, watchAudit, type Fixture } from "./support/fixtures";
import {
  expectNothingChanged,
  expectOneAuditEvent,
  expectStoredHealthToEqualFullRecompute,
  rejectionOf,
} from "./support/expectations";

let fixture: Fixture;

beforeEach(async () => {
  fixture = await createFixtureAgency();
});

const officer = () => fixture.principal("PERFORMANCE_OFFICER");
const prisma = () => getPrisma();

async function objectiveRow(code: string) {
  return prisma().objective.findUniqueOrThrow({
    where: { agencyId_code: { agencyId: fixture.agencyId, code } },
    select: { id: true, version: true, position: true, parent: { select: { code: true } } },
  });
}

async function keyResultRow(code: string) {
  return prisma().keyResult.findUniqueOrThrow({
    where: { agencyId_code: { agencyId: fixture.agencyId, code } },
    select: { id: true, version: true, position: true, objective: { select: { code: true } } },
  });
}

/** The codes of the objectives under a parent (null: the top level), in their stored order. */
async function siblingOrder(parent: string | null) {
  const parentId = parent === null ? null : (await objectiveRow(parent)).id;
  const rows = await prisma().objective.findMany({
    where: { agencyId: fixture.agencyId, parentId },
    orderBy: [{ position: "asc" }, { code: "asc" }],
    select: { code: true },
  });
  return rows.map((row) => row.code);
}

async function keyResultOrder(objective: string) {
  const rows = await prisma().keyResult.findMany({
    where: { agencyId: fixture.agencyId, objective: { code: objective } },
    orderBy: [{ position: "asc" }, { code: "asc" }],
    select: { code: true },
  });
  return rows.map((row) => row.code);
}

/** A new agency with nothing in it, and its officer: where a first run starts. */
async function createEmptyAgency(): Promise<{ agencyId: string; officer: Principal }> {
  const agency = await prisma().agency.create({
    data: { slug: `empty-${process.pid}-${Date.now().toString(36)}`, name: "Empty Town" },
  });
  return {
    agencyId: agency.id,
    officer: {
      kind: "user",
      userId: "00000000-0000-4000-8000-0000000e0001",
      agencyId: agency.id,
      role: "PERFORMANCE_OFFICER",
      departmentId: null,
      label: "officer@empty",
    },
  };
}

describe("plans", () => {
  test("an agency with no plan gets one, audited; a second one is refused and changes nothing", async () => {
    const empty = await createEmptyAgency();
    const audit = await watchAudit(empty.agencyId);
    const result = await createPlan(empty.officer, {
      code: "SP-2027",
      name: "Strategic Plan",
      startDate: "2026-07-01",
      endDate: "2030-06-30",
    });
    expect(result.plan).toEqual({
      id: expect.any(String),
      code: "SP-2027",
      name: "Strategic Plan",
      startDate: "2026-07-01",
      endDate: "2030-06-30",
      version: 1,
    });
    await expectOneAuditEvent(audit, {
      action: "plan.create",
      entityType: "plan",
      entityCode: "SP-2027",
      before: null,
      after: result.plan,
    });
    const second = await expectNothingChanged(empty.agencyId, () =>
      rejectionOf(
        createPlan(empty.officer, { code: "OTHER", name: "Another", startDate: "2027-01-01", endDate: "2027-12-31" }),
      ),
    );
    expect(second).toBeInstanceOf(ConflictError);
    expect(second.message).toContain("Strategic Plan (SP-2027)");
  });

  test("an end date on or before the start date is refused on the end date field, and nothing is written", async () => {
    const empty = await createEmptyAgency();
    const result = await expectNothingChanged(empty.agencyId, () =>
      treeHandlers.createPlan(empty.officer, {
        code: "SP",
        name: "Plan",
        startDate: "2027-01-01",
        endDate: "2027-01-01",
      }),
    );
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: { endDate: ["The end date must be after the start date."] },
    });
  });

  test("new dates are the default dates of key results: their health is recomputed", async () => {
    const plan = await prisma().plan.findFirstOrThrow({ where: { agencyId: fixture.agencyId } });
    const result = await updatePlan(officer(), {
      id: plan.id,
      version: plan.version,
      name: "Plan, renamed",
      startDate: "2025-01-01",
      endDate: "2026-07-31",
    });
    expect(result.plan).toMatchObject({ name: "Plan, renamed", endDate: "2026-07-31", version: 2 });
    expect(result.recomputedNodes).toBeGreaterThan(0);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("an edit on a stale version is a conflict that names who changed the plan", async () => {
    const plan = await prisma().plan.findFirstOrThrow({ where: { agencyId: fixture.agencyId } });
    const edit = { id: plan.id, version: plan.version, name: "One", startDate: "2026-01-01", endDate: "2027-12-31" };
    await updatePlan(officer(), edit);
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(updatePlan(officer(), { ...edit, name: "Two" })),
    );
    expect(error).toBeInstanceOf(ConflictError);
    expect(error.message).toContain("performance_officer@");
  });
});

describe("reordering objectives and key results", () => {
  test("moving an objective up renumbers its siblings, audits the move and keeps health exact", async () => {
    expect(await siblingOrder(null)).toEqual(["O1", "O2"]);
    const audit = await watchAudit(fixture.agencyId);
    const o2 = await objectiveRow("O2");
    const result = await reorderObjective(officer(), { id: o2.id, version: o2.version, direction: "up" });
    expect(result.order).toEqual(["O2", "O1"]);
    expect(await siblingOrder(null)).toEqual(["O2", "O1"]);
    expect((await objectiveRow("O2")).version).toBe(o2.version + 1);
    await expectOneAuditEvent(audit, {
      action: "objective.reorder",
      entityType: "objective",
      entityCode: "O2",
      before: expect.objectContaining({ order: ["O1", "O2"] }),
      after: expect.objectContaining({ order: ["O2", "O1"] }),
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("the first cannot move up: refused, nothing changed", async () => {
    const o1 = await objectiveRow("O1");
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(reorderObjective(officer(), { id: o1.id, version: o1.version, direction: "up" })),
    );
    expect(error.message).toBe("O1 is already the first of its siblings.");
  });

  test("reordering key results changes the weakest on a tie, stored as a full recomputation gives it", async () => {
    await createObjective(officer(), {
      code: "T",
      plan: "PLAN",
      title: "Tie",
      description: "",
      department: null,
      parent: null,
      weight: 1,
      published: false,
    });
    for (const code of ["T.A", "T.B"]) {
      await createKeyResult(officer(), {
        code,
        objective: "T",
        title: code,
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
      });
    }
    expect((await readStoredHealth(fixture.agencyId))["objective:T"]).toMatchObject({ weakest: "T.A" });
    const b = await keyResultRow("T.B");
    await reorderKeyResult(officer(), { id: b.id, version: b.version, direction: "up" });
    expect(await keyResultOrder("T")).toEqual(["T.B", "T.A"]);
    expect((await readStoredHealth(fixture.agencyId))["objective:T"]).toMatchObject({ weakest: "T.B" });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a stale version is a conflict, and nothing moves", async () => {
    const kr = await keyResultRow("O1.KR2");
    await reorderKeyResult(officer(), { id: kr.id, version: kr.version, direction: "down" });
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(reorderKeyResult(officer(), { id: kr.id, version: kr.version, direction: "up" })),
    );
    expect(error).toBeInstanceOf(ConflictError);
  });
});

describe("moving objectives and key results", () => {
  test("an objective moves under another, last among its new siblings, and both parents are recomputed", async () => {
    const before = await readStoredHealth(fixture.agencyId);
    const o2 = await objectiveRow("O2");
    await moveObjective(officer(), { id: o2.id, version: o2.version, parent: "O1" });
    expect(await siblingOrder("O1")).toEqual(["O1.1", "O2"]);
    expect(await siblingOrder(null)).toEqual(["O1"]);
    const after = await readStoredHealth(fixture.agencyId);
    expect(after["objective:O1"]).not.toEqual(before["objective:O1"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
    // …and back to the top level, last there.
    const moved = await objectiveRow("O2");
    await moveObjective(officer(), { id: moved.id, version: moved.version, parent: null });
    expect(await siblingOrder(null)).toEqual(["O1", "O2"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a move under its own descendant is refused with the cycle shown, and nothing changes", async () => {
    const o1 = await objectiveRow("O1");
    const error = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(moveObjective(officer(), { id: o1.id, version: o1.version, parent: "O1.1" })),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.message).toContain("O1 → O1.1 → O1");
    expect((error as ValidationError).fieldErrors.parent?.[0]).toContain("cycle");
  });

  test("an edit that changes the parent places the objective last among its new siblings too", async () => {
    const o2 = await objectiveRow("O2");
    const row = await prisma().objective.findUniqueOrThrow({ where: { id: o2.id } });
    await updateObjective(officer(), {
      id: row.id,
      version: row.version,
      title: row.title,
      description: row.description,
      department: "PW",
      parent: "O1",
      weight: 2,
      published: row.published,
    });
    expect(await siblingOrder("O1")).toEqual(["O1.1", "O2"]);
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a key result moves to another objective, last there; both objectives are recomputed", async () => {
    const audit = await watchAudit(fixture.agencyId);
    const kr = await keyResultRow("O1.KR2");
    const result = await moveKeyResult(officer(), { id: kr.id, version: kr.version, objective: "O2" });
    expect(result.keyResult).toMatchObject({ code: "O1.KR2", objective: "O2", version: kr.version + 1 });
    expect(await keyResultOrder("O2")).toEqual(["O2.KR1", "O1.KR2"]);
    expect(await keyResultOrder("O1")).toEqual(["O1.KR1", "O1.KR3"]);
    await expectOneAuditEvent(audit, {
      action: "keyResult.move",
      entityType: "keyResult",
      entityCode: "O1.KR2",
      before: expect.objectContaining({ objective: "O1" }),
      after: expect.objectContaining({ objective: "O2" }),
    });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a move to an unknown objective, or to its own, is refused and changes nothing", async () => {
    const kr = await keyResultRow("O1.KR2");
    const unknown = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(moveKeyResult(officer(), { id: kr.id, version: kr.version, objective: "NOPE" })),
    );
    expect((unknown as ValidationError).fieldErrors.objective).toEqual(["Unknown objective NOPE."]);
    const same = await expectNothingChanged(fixture.agencyId, () =>
      rejectionOf(moveKeyResult(officer(), { id: kr.id, version: kr.version, objective: "O1" })),
    );
    expect(same.message).toBe("O1.KR2 is under O1 already.");
  });
});

describe("objective weights are checked in the data access layer", () => {
  // Regression: only zod checked weights, so a caller that skipped the schema could store a weight of 0.
  test.each([0, -1, Number.NaN])(
    "a weight of %s is refused by the engine's rule, and nothing is written",
    async (weight) => {
      const error = await expectNothingChanged(fixture.agencyId, () =>
        rejectionOf(
          createObjective(officer(), {
            code: "W",
            plan: "PLAN",
            title: "Weightless",
            description: "",
            department: null,
            parent: null,
            weight,
            published: false,
          }),
        ),
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fieldErrors.weight?.[0]).toContain("greater than 0");
    },
  );
});

describe("next steps", () => {
  test("none before a plan; then each is ticked as the tree gets it", async () => {
    const empty = await createEmptyAgency();
    expect(await getNextSteps(empty.officer)).toBeNull();
    await createPlan(empty.officer, { code: "P", name: "Plan", startDate: "2026-07-01", endDate: "2027-06-30" });
    const ticked = async () =>
      (await getNextSteps(empty.officer))!.filter((step) => step.isDone).map((step) => step.key);
    expect(await ticked()).toEqual([]);
    await createObjective(empty.officer, {
      code: "O",
      plan: "P",
      title: "Objective",
      description: "",
      department: null,
      parent: null,
      weight: 1,
      published: true,
    });
    expect(await ticked()).toEqual(["objectives", "publish"]);
  });

  test("the fixture's tree has objectives, KPIs, tracking key results, links, targets and data", async () => {
    const steps = await getNextSteps(officer());
    expect(steps?.filter((step) => step.isDone).map((step) => step.key)).toEqual([
      "objectives",
      "kpis",
      "keyResults",
      "links",
      "targets",
      "data",
    ]);
  });

  test("only those who author the tree may read them", async () => {
    await expect(getNextSteps(fixture.principal("EXECUTIVE"))).rejects.toThrow();
    await expect(getNextSteps(null)).rejects.toThrow();
  });
});

describe("the tree view", () => {
  test("lists the KPIs no key result reaches, and carries the plan's id and version for its edit form", async () => {
    const loose = await prisma().kpi.create({
      data: {
        agencyId: fixture.agencyId,
        code: "parks.visits",
        name: "Park visits",
        ipo: "outcome",
        direction: "increase",
        frequency: "monthly",
        departmentId: fixture.departments.PW!,
      },
    });
    const view = await getTreeView(officer());
    expect(view.unlinked).toEqual([
      { code: "parks.visits", name: "Park visits", status: "NO_DATA", ipo: "outcome" },
      // permits.cost feeds only a formula KPI, which no key result tracks: it is unlinked too.
      expect.objectContaining({ code: "permits.cost" }),
      expect.objectContaining({ code: "permits.cost_per_permit" }),
    ]);
    expect(view.nodes.some((node) => node.c === loose.code)).toBe(false);
    expect(view.plan).toMatchObject({ id: expect.any(String), version: 1, code: "PLAN" });
    // A department head sees only their branch's unlinked KPIs.
    const head = await getTreeView(fixture.principal("DEPARTMENT_HEAD", "PLN"));
    expect(head.unlinked.map((kpi) => kpi.code)).not.toContain("parks.visits");
  });

  test("an agency with no plan has no tree", async () => {
    const empty = await createEmptyAgency();
    const view = await getTreeView(empty.officer);
    expect(view).toMatchObject({ plan: null, roots: [], nodes: [], unlinked: [], canEdit: true });
  });
});

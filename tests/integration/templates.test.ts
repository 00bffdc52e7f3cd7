// Starter templates against a real PostgreSQL: created through the document import in one transaction, into an empty
// agency (with a new plan) or beside an existing tree (joining its plan); unticked parts left out; code clashes and
// unmapped departments reported before anything is written; everyone but an officer refused.
import { describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { ENTRY_POINTS } from "@/lib/auth/entry-points";
import type { Principal } from "@/lib/auth/permissions";
import { templateHandlers } from "@/lib/actions/template-handlers";
import {
  createFromStarterTemplate,
  getStarterTemplate,
  listStarterTemplates,
  previewStarterTemplate,
} from "@/lib/dal/templates";
import { listStarterTemplateFiles } from "@/lib/document/template-library";
import type { TemplateChoices } from "@/lib/validation/templates";
import { createEmptyAgency } from "./support/api";
import { expectStoredHealthToEqualFullRecompute } from "./support/expectations";
import { countRows, createFixtureAgency, snapshotAgency } from "./support/fixtures";

const prisma = () => getPrisma();

/** An agency holding nothing but one department, OPS, and its officer. */
async function createAgencyWithOneDepartment(): Promise<{ agencyId: string; officer: Principal }> {
  const agencyId = await createEmptyAgency("Template Town");
  await prisma().agency.update({ where: { id: agencyId }, data: { fiscalYearStartMonth: 7 } });
  await prisma().department.create({ data: { agencyId, code: "OPS", name: "Operations" } });
  const officer: Principal = {
    kind: "user",
    userId: "00000000-0000-4000-8000-0000000000aa",
    agencyId,
    role: "PERFORMANCE_OFFICER",
    departmentId: null,
    label: "officer@template-town.example",
  };
  return { agencyId, officer };
}

async function startingChoices(officer: Principal, id: string): Promise<TemplateChoices> {
  return (await getStarterTemplate(officer, id)).choices;
}

describe("creating a tree from a template", () => {
  test.each(listStarterTemplateFiles().map((template) => [template.id]))(
    "%s into an empty agency: a new plan, every part of the template, health computed",
    async (id) => {
      const { agencyId, officer } = await createAgencyWithOneDepartment();
      const start = await getStarterTemplate(officer, id);
      // The only department is the obvious match for every template department, and nothing stands in the way.
      expect(Object.values(start.choices.departments).every((code) => code === "OPS")).toBe(true);
      expect(start.preview.problems).toEqual([]);
      expect(start.preview.isNewPlan).toBe(true);

      const created = await createFromStarterTemplate(officer, start.choices);
      const { counts } = start.template;
      expect(created.created).toMatchObject({
        plans: 1,
        departments: 0,
        kpis: counts.kpis,
        links: counts.links,
        objectives: counts.objectives,
        keyResults: counts.keyResults,
        measurements: 0,
      });
      expect(created.updated).toMatchObject({ agency: 0, departments: 0, plans: 0 });
      const rows = await countRows(agencyId);
      expect(rows).toMatchObject({ kpis: counts.kpis, links: counts.links, keyResults: counts.keyResults });
      const plan = await prisma().plan.findFirstOrThrow({ where: { agencyId } });
      expect(plan.code).toBe(start.preview.plan.code);
      // Health is stored for every node, and equals what a full recomputation gives.
      expect(created.recomputedNodes).toBeGreaterThanOrEqual(counts.kpis + counts.keyResults + counts.objectives);
      await expectStoredHealthToEqualFullRecompute(agencyId);
      const audit = await prisma().auditEvent.findMany({ where: { agencyId } });
      expect(audit).toEqual([expect.objectContaining({ action: "template.create", entityCode: id })]);
    },
  );

  test("the officer names and dates the new plan", async () => {
    const { agencyId, officer } = await createAgencyWithOneDepartment();
    const choices = await startingChoices(officer, "police");
    const plan = { code: "SAFE-2027", name: "Safer City 2027–2029", start: "2027-01-01", end: "2029-12-31" };
    await createFromStarterTemplate(officer, { ...choices, plan });
    const stored = await prisma().plan.findFirstOrThrow({ where: { agencyId } });
    expect(stored).toMatchObject({ code: "SAFE-2027", name: "Safer City 2027–2029" });
    expect(stored.startDate.toISOString().slice(0, 10)).toBe("2027-01-01");
  });

  test("unticked KPIs, their links and the key results tracking them are left out, and the preview said so", async () => {
    const { agencyId, officer } = await createAgencyWithOneDepartment();
    const choices = await startingChoices(officer, "permits-inspections");
    const unticked = {
      ...choices,
      kpis: choices.kpis.filter((code) => code !== "permits.issued_10day_pct" && code !== "permits.food_license_days"),
      keyResults: choices.keyResults.filter((code) => code !== "PERMITS.KR3"),
    };
    const preview = await previewStarterTemplate(officer, unticked);
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toMatchObject({ kpis: 10, keyResults: 1 });
    expect(preview.leftOut).toContainEqual(expect.stringMatching(/^Key result PERMITS\.KR1 .* so it goes too\.$/));

    const created = await createFromStarterTemplate(officer, unticked);
    expect(created.created).toMatchObject({ kpis: 10, keyResults: 1, links: preview.counts.links });
    const codes = (await prisma().kpi.findMany({ where: { agencyId }, select: { code: true } })).map((k) => k.code);
    expect(codes).not.toContain("permits.issued_10day_pct");
    expect(await prisma().keyResult.findMany({ where: { agencyId }, select: { code: true } })).toEqual([
      { code: "PERMITS.KR2" },
    ]);
    await expectStoredHealthToEqualFullRecompute(agencyId);
  });

  test("beside an existing tree: joins its plan, maps to its departments, changes nothing it holds", async () => {
    const fixture = await createFixtureAgency("Template beside");
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const before = JSON.parse((await snapshotAgency(fixture.agencyId)).rows) as Record<string, unknown[]>;
    const choices = await startingChoices(officer, "streets-transportation");
    const preview = await previewStarterTemplate(officer, { ...choices, departments: { STREETS: "PW" } });
    expect(preview).toMatchObject({ isNewPlan: false, plan: { code: "PLAN" }, problems: [] });

    await createFromStarterTemplate(officer, { ...choices, departments: { STREETS: "PW" } });
    const after = JSON.parse((await snapshotAgency(fixture.agencyId)).rows) as Record<string, unknown[]>;
    // What was there is untouched (the objective joins the plan after the existing ones).
    // The data version moves (health and the public pages follow it); the agency's settings do not.
    const settingsOf = (agency: unknown) => {
      const {
        dataVersion: _version,
        updatedAt: _updated,
        healthAsOf: _asOf,
        ...settings
      } = agency as object as Record<string, unknown>;
      return settings;
    };
    expect(settingsOf(after.agency)).toEqual(settingsOf(before.agency));
    expect(after.plans).toEqual(before.plans);
    expect(after.departments).toEqual(before.departments);
    for (const kind of ["kpis", "links", "objectives", "keyResults", "measurements", "targets"]) {
      for (const row of before[kind] ?? []) expect(after[kind], kind).toContainEqual(row);
    }
    const objective = await prisma().objective.findFirstOrThrow({
      where: { agencyId: fixture.agencyId, code: "STREETS" },
      select: { position: true, parentId: true, department: { select: { code: true } } },
    });
    expect(objective).toEqual({ position: 2, parentId: null, department: { code: "PW" } });
    await expectStoredHealthToEqualFullRecompute(fixture.agencyId);
  });

  test("a code clash is listed before creating, and creating refuses it and writes nothing; a prefix clears it", async () => {
    const { agencyId, officer } = await createAgencyWithOneDepartment();
    const choices = await startingChoices(officer, "code-enforcement");
    await createFromStarterTemplate(officer, choices);

    const preview = await previewStarterTemplate(officer, choices);
    expect(preview.problems).toHaveLength(11 + 1 + 3);
    expect(preview.problems[0]).toEqual({
      path: "prefix",
      message: expect.stringMatching(
        /^Your tree has a KPI code\.inspectors_fte already \(Code enforcement inspectors\)/,
      ),
    });
    const before = await snapshotAgency(agencyId);
    const audit = await prisma().auditEvent.count({ where: { agencyId } });
    const refused = await templateHandlers.createFromTemplate(officer, choices);
    expect(refused).toMatchObject({ ok: false, message: expect.stringMatching(/^The template was not created: 15/) });
    expect(refused.ok ? {} : refused.fieldErrors?.prefix).toHaveLength(15);
    expect(await snapshotAgency(agencyId)).toEqual(before);
    expect(await prisma().auditEvent.count({ where: { agencyId } })).toBe(audit);

    const prefixed = { ...choices, prefix: "east." };
    expect((await previewStarterTemplate(officer, prefixed)).problems).toEqual([]);
    const created = await createFromStarterTemplate(officer, prefixed);
    expect(created.objectives).toEqual(["east.CODE"]);
    expect(await prisma().kpi.count({ where: { agencyId } })).toBe(22);
    await expectStoredHealthToEqualFullRecompute(agencyId);
  });

  test("an unmapped department, or one the agency does not have, is refused with its field and nothing written", async () => {
    const { agencyId, officer } = await createAgencyWithOneDepartment();
    const choices = await startingChoices(officer, "fire-ems");
    const before = await countRows(agencyId);
    const result = await templateHandlers.createFromTemplate(officer, {
      ...choices,
      departments: { FIRE: "OPS", EMS: "NOPE", DISPATCH: "" },
    });
    expect(result).toMatchObject({
      ok: false,
      fieldErrors: {
        "departments.EMS": ["Your agency has no department NOPE."],
        "departments.DISPATCH": [expect.stringContaining("Choose which of your departments")],
      },
    });
    expect(await countRows(agencyId)).toEqual(before);
    expect(await prisma().plan.count({ where: { agencyId } })).toBe(0);
  });

  test("bad input is refused by the shared schema with field errors", async () => {
    const { officer } = await createAgencyWithOneDepartment();
    const choices = await startingChoices(officer, "finance");
    expect(await templateHandlers.previewTemplate(officer, { ...choices, prefix: "9 bad" })).toMatchObject({
      ok: false,
      fieldErrors: { prefix: [expect.any(String)] },
    });
    expect(await templateHandlers.previewTemplate(officer, { ...choices, template: "nope" })).toMatchObject({
      ok: false,
      message: "There is no such template.",
    });
    expect(
      await templateHandlers.createFromTemplate(officer, {
        ...choices,
        plan: { code: "P", name: "P", start: "2027-01-01", end: "2026-01-01" },
      }),
    ).toMatchObject({ ok: false, fieldErrors: { "plan.end": ["The plan must end after it starts."] } });
  });
});

describe("who may use templates", () => {
  test("every template server action is registered, and is called below as every kind of caller", () => {
    const registered = ENTRY_POINTS.filter((entry) => entry.file === "app/(app)/setup/templates/actions.ts");
    expect(registered.map((entry) => entry.kind === "action" && entry.name.replace(/Action$/, "")).sort()).toEqual(
      Object.keys(templateHandlers).sort(),
    );
  });

  type Caller = [string, (fixture: Awaited<ReturnType<typeof createFixtureAgency>>) => Principal | null];
  const refused: Caller[] = [
    ["a visitor", () => null],
    ["an executive", (f) => f.principal("EXECUTIVE")],
    ["a department head", (f) => f.principal("DEPARTMENT_HEAD", "PW")],
    ["an admin", (f) => f.principal("ADMIN")],
    ["a tree:write token", (f) => f.token(["tree:write"])],
    ["a read token", (f) => f.token(["read"])],
    ["a measurements:write token", (f) => f.token(["measurements:write"])],
  ];

  test.each(refused)("%s can neither list, preview nor create, and changes nothing", async (_who, callerOf) => {
    const fixture = await createFixtureAgency("Template refusals");
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const choices = { ...(await startingChoices(officer, "libraries")), departments: { LIBRARY: "CM" } };
    const caller = callerOf(fixture);
    const before = await countRows(fixture.agencyId);
    await expect(listStarterTemplates(caller)).rejects.toThrow();
    for (const handler of [templateHandlers.previewTemplate, templateHandlers.createFromTemplate]) {
      const result = await handler(caller, choices);
      expect(result.ok).toBe(false);
      expect(result).not.toHaveProperty("data");
    }
    expect(await countRows(fixture.agencyId)).toEqual(before);
  });

  test("another agency's officer creates only in their own agency", async () => {
    const fixture = await createFixtureAgency("Template target");
    const { agencyId, officer } = await createAgencyWithOneDepartment();
    const before = await snapshotAgency(fixture.agencyId);
    const choices = await startingChoices(officer, "libraries");
    // The fixture's department codes mean nothing in the officer's agency.
    const elsewhere = await templateHandlers.createFromTemplate(officer, {
      ...choices,
      departments: { LIBRARY: "CM" },
    });
    expect(elsewhere).toMatchObject({ ok: false, fieldErrors: { "departments.LIBRARY": [expect.any(String)] } });
    expect(await templateHandlers.createFromTemplate(officer, choices)).toMatchObject({ ok: true });
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
    expect(await prisma().kpi.count({ where: { agencyId } })).toBe(9);
  });

  test("an officer lists every template with its counts", async () => {
    const { officer } = await createAgencyWithOneDepartment();
    const templates = await listStarterTemplates(officer);
    expect(templates.map((template) => template.id)).toContain("customer-service-311");
    expect(templates.find((template) => template.id === "finance")?.counts).toEqual({
      objectives: 1,
      keyResults: 3,
      kpis: 8,
      links: 5,
    });
  });
});

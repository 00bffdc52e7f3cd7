// The authorization matrix: every server action and route handler is listed in
// lib/auth/entry-points.ts, and every listed action is called as every kind of caller.
// Denied means no data returned and nothing changed.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { ENTRY_POINTS, type ActionEntryPoint } from "@/lib/auth/entry-points";
import type { Principal } from "@/lib/auth/permissions";
import { treeHandlers, type TreeHandlerName } from "@/lib/actions/tree-handlers";
import { moveToRecycleBin } from "@/lib/dal/recycle-bin";
import { countRows, createFixtureAgency, type Fixture } from "./support/fixtures";

const projectRoot = path.resolve(import.meta.dirname, "../..");

function listFiles(directory: string, fileName: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(projectRoot, directory), { withFileTypes: true })) {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listFiles(relative, fileName));
    else if (entry.name === fileName) found.push(relative);
  }
  return found;
}

describe("the entry-point registry", () => {
  test("lists every exported server action, and nothing that does not exist", () => {
    const exported = listFiles("app", "actions.ts").flatMap((file) => {
      const source = fs.readFileSync(path.join(projectRoot, file), "utf8");
      expect(source.trimStart().startsWith('"use server"'), `${file} must start with "use server"`).toBe(true);
      return [...source.matchAll(/^export async function (\w+)/gm)].map((match) => `${file}#${match[1]}`);
    });
    const registered = ENTRY_POINTS.filter((entry) => entry.kind === "action").map(
      (entry) => `${entry.file}#${entry.name}`,
    );
    expect([...exported].sort()).toEqual([...registered].sort());
  });

  test("lists every route handler with every method it exports", () => {
    const httpMethods = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);
    const exported = listFiles("app", "route.ts").flatMap((file) => {
      const source = fs.readFileSync(path.join(projectRoot, file), "utf8");
      const names = [
        ...[...source.matchAll(/^export (?:async function|function|const) (\w+)/gm)].map((match) => match[1] ?? ""),
        ...[...source.matchAll(/^export const \{([^}]+)\}/gm)].flatMap((match) => (match[1] ?? "").split(",")),
      ].map((name) => name.trim());
      return names.filter((name) => httpMethods.has(name)).map((method) => `${file}#${method}`);
    });
    const registered = ENTRY_POINTS.flatMap((entry) =>
      entry.kind === "route" ? entry.methods.map((method) => `${entry.file}#${method}`) : [],
    );
    expect([...exported].sort()).toEqual([...registered].sort());
  });
});

type Persona = "anonymous" | "executive" | "headOwn" | "headOther" | "officer" | "admin" | "otherAgency";
const PERSONAS: readonly Persona[] = [
  "anonymous",
  "executive",
  "headOwn",
  "headOther",
  "officer",
  "admin",
  "otherAgency",
];

type Scenario = {
  /** Who may: everyone else is denied. */
  allowed: readonly Persona[];
  /** Builds a valid input against the fixture's current state (may create what it needs first). */
  input: (fixture: Fixture, call: number) => Promise<Record<string, unknown>>;
};

const prisma = () => getPrisma();
const versionOf = async (model: "kpi" | "objective" | "keyResult" | "driverLink", id: string) =>
  // Each table has `version`: read the current one so that an allowed edit does not conflict.
  (
    await (
      prisma()[model] as unknown as { findUniqueOrThrow: (args: unknown) => Promise<{ version: number }> }
    ).findUniqueOrThrow({
      where: { id },
      select: { version: true },
    })
  ).version;

const kpiFields = {
  name: "Permits issued",
  ipo: "process",
  direction: "increase",
  frequency: "monthly",
  aggregation: "sum",
  department: "PLN",
  target: 110,
};

async function createLooseKpi(fixture: Fixture, call: number) {
  const kpi = await prisma().kpi.create({
    data: {
      agencyId: fixture.agencyId,
      code: `matrix.loose_${call}`,
      name: "Loose",
      ipo: "input",
      direction: "increase",
      frequency: "monthly",
      departmentId: fixture.departments.PLN!,
    },
  });
  return kpi.id;
}

async function createOfficerCommentary(fixture: Fixture) {
  const officer = fixture.principal("PERFORMANCE_OFFICER");
  const row = await prisma().commentary.create({
    data: {
      agencyId: fixture.agencyId,
      nodeKind: "kpi",
      nodeId: fixture.kpis["permits.issued"]!,
      body: "Backlog cleared.",
      authorUserId: officer.kind === "user" ? officer.userId : null,
      authorLabel: officer.label,
    },
  });
  return row.id;
}

const OFFICER_ONLY: readonly Persona[] = ["officer"];

/** Empties the fixture agency of its plan (and the objectives and key results in it): a first run starts there. */
async function removePlan(fixture: Fixture) {
  const where = { agencyId: fixture.agencyId };
  await prisma().keyResult.deleteMany({ where });
  await prisma().objective.updateMany({ where, data: { parentId: null } });
  await prisma().objective.deleteMany({ where });
  await prisma().plan.deleteMany({ where });
}

const planIdOf = async (fixture: Fixture) =>
  (await prisma().plan.findFirstOrThrow({ where: { agencyId: fixture.agencyId }, select: { id: true } })).id;

const SCENARIOS: Record<TreeHandlerName, Scenario> = {
  createObjective: {
    allowed: OFFICER_ONLY,
    input: async (_, call) => ({ code: `M${call}`, plan: "PLAN", title: "Matrix objective", parent: "O1" }),
  },
  updateObjective: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.objectives["O1.1"],
      version: await versionOf("objective", fixture.objectives["O1.1"]!),
      title: "Faster reviews, renamed",
      department: "PLN",
      parent: "O1",
    }),
  },
  deleteObjective: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.objectives.O2,
      version: await versionOf("objective", fixture.objectives.O2!),
    }),
  },
  createKeyResult: {
    allowed: OFFICER_ONLY,
    input: async (_, call) => ({
      code: `O1.1.M${call}`,
      objective: "O1.1",
      title: "Launch",
      kind: "milestone",
      progress: 0.2,
    }),
  },
  updateKeyResult: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.keyResults["O1.KR2"],
      version: await versionOf("keyResult", fixture.keyResults["O1.KR2"]!),
      title: "Portal",
      kind: "milestone",
      progress: 0.6,
    }),
  },
  deleteKeyResult: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.keyResults["O1.KR3"],
      version: await versionOf("keyResult", fixture.keyResults["O1.KR3"]!),
    }),
  },
  createKpi: {
    allowed: OFFICER_ONLY,
    input: async (_, call) => ({ ...kpiFields, code: `matrix.new_${call}` }),
  },
  updateKpi: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      ...kpiFields,
      id: fixture.kpis["permits.issued"],
      version: await versionOf("kpi", fixture.kpis["permits.issued"]!),
    }),
  },
  deleteKpi: {
    allowed: OFFICER_ONLY,
    input: async (fixture, call) => {
      const id = await createLooseKpi(fixture, call);
      return { id, version: 1 };
    },
  },
  setKpiTarget: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      kpiId: fixture.kpis["permits.issued"],
      version: await versionOf("kpi", fixture.kpis["permits.issued"]!),
      period: "2026-09",
      value: 120,
    }),
  },
  removeKpiTarget: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => {
      await prisma().kpiTarget.upsert({
        where: { kpiId_period: { kpiId: fixture.kpis["permits.issued"]!, period: "2026-10" } },
        create: { agencyId: fixture.agencyId, kpiId: fixture.kpis["permits.issued"]!, period: "2026-10", value: 130 },
        update: {},
      });
      return {
        kpiId: fixture.kpis["permits.issued"],
        version: await versionOf("kpi", fixture.kpis["permits.issued"]!),
        period: "2026-10",
      };
    },
  },
  previewFormula: {
    allowed: OFFICER_ONLY,
    input: async () => ({
      code: "permits.cost_per_permit",
      frequency: "monthly",
      formula: "permits.cost / permits.issued",
    }),
  },
  createLink: {
    allowed: OFFICER_ONLY,
    input: async () => ({ from: "permits.cost", to: "permits.median_days", weight: 1 }),
  },
  updateLink: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => {
      const id = fixture.links["permits.reviewers->permits.median_days"]!;
      return { id, version: await versionOf("driverLink", id), weight: 3, polarity: "negative" };
    },
  },
  deleteLink: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => {
      const id = fixture.links["permits.issued->permits.median_days"]!;
      return { id, version: await versionOf("driverLink", id) };
    },
  },
  createPlan: {
    // A plan names nothing of another agency: the other agency's officer starts their own (empty) agency's plan.
    allowed: ["officer", "otherAgency"],
    input: async (fixture, call) => {
      await removePlan(fixture);
      return { code: `P${call}`, name: "Strategic plan", startDate: "2026-07-01", endDate: "2030-06-30" };
    },
  },
  updatePlan: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => {
      const id = await planIdOf(fixture);
      const { version } = await prisma().plan.findUniqueOrThrow({ where: { id }, select: { version: true } });
      return { id, version, name: "Plan, renamed", startDate: "2026-01-01", endDate: "2028-12-31" };
    },
  },
  reorderObjective: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.objectives.O2,
      version: await versionOf("objective", fixture.objectives.O2!),
      direction: "up",
    }),
  },
  moveObjective: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.objectives.O2,
      version: await versionOf("objective", fixture.objectives.O2!),
      parent: "O1",
    }),
  },
  reorderKeyResult: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.keyResults["O1.KR2"],
      version: await versionOf("keyResult", fixture.keyResults["O1.KR2"]!),
      direction: "up",
    }),
  },
  moveKeyResult: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: fixture.keyResults["O1.KR2"],
      version: await versionOf("keyResult", fixture.keyResults["O1.KR2"]!),
      objective: "O2",
    }),
  },
  recordMeasurement: {
    allowed: ["officer", "headOwn"],
    input: async (_, call) => ({ kpi: "permits.issued", period: "2026-08", value: 100 + call }),
  },
  addCommentary: {
    allowed: ["officer", "headOwn", "executive"],
    input: async () => ({ nodeKind: "kpi", code: "permits.issued", period: "2026-06", body: "Why this moved." }),
  },
  updateCommentary: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({
      id: await createOfficerCommentary(fixture),
      version: 1,
      body: "Edited.",
      isPublic: false,
    }),
  },
  deleteCommentary: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({ id: await createOfficerCommentary(fixture), version: 1 }),
  },
  previewDelete: {
    allowed: OFFICER_ONLY,
    input: async (fixture) => ({ kind: "kpi", id: fixture.kpis["permits.reviewers"] }),
  },
  listRecycleBin: {
    // Another agency's officer lists their own agency's bin, never this one's (recycle-bin.test.ts checks it).
    allowed: ["officer", "otherAgency"],
    input: async () => ({}),
  },
  restoreBinEntry: {
    allowed: OFFICER_ONLY,
    input: async (fixture, call) => {
      const id = await createLooseKpi(fixture, call);
      const deleted = await moveToRecycleBin(fixture.principal("PERFORMANCE_OFFICER"), "kpi", { id, version: 1 });
      return { id: deleted.binEntry.id };
    },
  },
  removeMeasurement: {
    // permits.issued belongs to PLN: its department head may remove its values too.
    allowed: ["officer", "headOwn"],
    input: async (fixture, call) => {
      const row = await prisma().measurement.create({
        data: {
          agencyId: fixture.agencyId,
          kpiId: fixture.kpis["permits.issued"]!,
          period: `2025-${String(call).padStart(2, "0")}`,
          value: 90 + call,
        },
      });
      return { id: row.id, version: 1 };
    },
  },
};

let otherAgencyOfficer: Principal;

function principalFor(persona: Persona, fixture: Fixture): Principal | null {
  switch (persona) {
    case "anonymous":
      return null;
    case "executive":
      return fixture.principal("EXECUTIVE");
    case "headOwn":
      return fixture.principal("DEPARTMENT_HEAD", "PLN");
    case "headOther":
      return fixture.principal("DEPARTMENT_HEAD", "PW");
    case "officer":
      return fixture.principal("PERFORMANCE_OFFICER");
    case "admin":
      return fixture.principal("ADMIN");
    case "otherAgency":
      return otherAgencyOfficer;
  }
}

const treeActions = ENTRY_POINTS.filter(
  (entry): entry is ActionEntryPoint => entry.kind === "action" && entry.file === "app/(app)/tree/actions.ts",
);

describe("the authorization matrix of the tree's server actions", () => {
  beforeAll(async () => {
    // Another agency with no tree of its own: its officer can only ever reach the first agency's objects.
    const other = await getPrisma().agency.create({
      data: { slug: `matrix-other-${process.pid}-${Date.now()}`, name: "Elsewhere" },
    });
    otherAgencyOfficer = {
      kind: "user",
      userId: "00000000-0000-4000-8000-00000000beef",
      agencyId: other.id,
      role: "PERFORMANCE_OFFICER",
      departmentId: null,
      label: "officer@elsewhere.example",
    };
  });

  test("every tree action has a scenario", () => {
    const handlerNames = treeActions.map((entry) => entry.name.replace(/Action$/, ""));
    expect(handlerNames.sort()).toEqual(Object.keys(SCENARIOS).sort());
  });

  for (const entry of treeActions) {
    const handlerName = entry.name.replace(/Action$/, "") as TreeHandlerName;
    test(`${entry.name}: allowed for ${SCENARIOS[handlerName].allowed.join(", ")}; denied for everyone else`, async () => {
      const scenario = SCENARIOS[handlerName];
      const fixture = await createFixtureAgency(`Matrix ${handlerName}`);
      const denied = PERSONAS.filter((persona) => !scenario.allowed.includes(persona));
      let call = 0;
      for (const persona of denied) {
        const input = await scenario.input(fixture, ++call);
        const before = await countRows(fixture.agencyId);
        const result = await treeHandlers[handlerName](principalFor(persona, fixture), input);
        expect(result.ok, `${persona} must be denied ${entry.name}`).toBe(false);
        expect(result, "a denial returns no data").not.toHaveProperty("data");
        expect(await countRows(fixture.agencyId), `${persona}'s denied ${entry.name} changed nothing`).toEqual(before);
      }
      for (const persona of scenario.allowed) {
        const input = await scenario.input(fixture, ++call);
        const result = await treeHandlers[handlerName](principalFor(persona, fixture), input);
        expect(result, `${persona} may ${entry.name}`).toMatchObject({ ok: true });
      }
    });
  }
});

// The authorization matrix of the admin area's server actions: each one called as every kind
// of caller. Only an admin of the agency may; for everyone else the result is a refusal that
// returns no data and changes nothing — no user, department, token, setting or audit row.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { adminHandlers, type AdminHandlerName } from "@/lib/actions/admin-handlers";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

const projectRoot = path.resolve(import.meta.dirname, "../..");

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

const prisma = () => getPrisma();
let serial = 0;
const next = () => `${process.pid}-${Date.now().toString(36)}-${++serial}`;

async function addUserRow(fixture: Fixture, isActive = true) {
  const user = await prisma().user.create({
    data: {
      agencyId: fixture.agencyId,
      email: `matrix.${next()}@example.gov`,
      name: "Matrix",
      role: "EXECUTIVE",
      isActive,
    },
  });
  return user.id;
}

async function addDepartmentRow(fixture: Fixture) {
  const department = await prisma().department.create({
    data: { agencyId: fixture.agencyId, code: `MX-${next()}`, name: "Matrix", parentId: fixture.departments.CM! },
  });
  return department.id;
}

/** Builds a valid input against the fixture's current state (creating what it needs first). */
const INPUTS: Record<AdminHandlerName, (fixture: Fixture) => Promise<Record<string, unknown>>> = {
  createUser: async () => ({ email: `new.${next()}@example.gov`, name: "New", role: "EXECUTIVE" }),
  updateUserAccess: async (fixture) => ({ id: await addUserRow(fixture), version: 1, role: "PERFORMANCE_OFFICER" }),
  deactivateUser: async (fixture) => ({ id: await addUserRow(fixture), version: 1 }),
  reactivateUser: async (fixture) => ({ id: await addUserRow(fixture, false), version: 1 }),
  resetUserPassword: async (fixture) => ({ id: await addUserRow(fixture), version: 1 }),
  createDepartment: async () => ({ code: `NEW-${next()}`, name: "New", parent: "CM" }),
  renameDepartment: async (fixture) => ({ id: await addDepartmentRow(fixture), version: 1, name: "Renamed" }),
  moveDepartment: async (fixture) => ({ id: await addDepartmentRow(fixture), version: 1, parent: "PW" }),
  retireDepartment: async (fixture) => ({ id: await addDepartmentRow(fixture), version: 1 }),
  updateAgencySettings: async (fixture) => {
    const { version } = await prisma().agency.findUniqueOrThrow({ where: { id: fixture.agencyId } });
    return { version, name: "Matrix City", fiscalYearStartMonth: 4, onTrackThreshold: 0.8, atRiskThreshold: 0.5 };
  },
  createApiToken: async () => ({ name: `Feed ${next()}`, scopes: ["read"] }),
  revokeApiToken: async (fixture) => {
    const token = await prisma().apiToken.create({
      data: {
        agencyId: fixture.agencyId,
        name: "Matrix",
        tokenHash: `hash-${next()}`,
        prefix: "tl_matrix",
        scopes: ["read"],
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    return { id: token.id };
  },
  rotateApiToken: async (fixture) => {
    const token = await prisma().apiToken.create({
      data: {
        agencyId: fixture.agencyId,
        name: "Matrix",
        tokenHash: `hash-${next()}`,
        prefix: "tl_matrix",
        scopes: ["read"],
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    return { id: token.id, expiresInDays: 30 };
  },
};

/** Every admin-visible row of an agency, column by column, and its audit log's size. */
async function snapshotAdminState(agencyId: string) {
  const where = { agencyId };
  const orderBy = { id: "asc" } as const;
  const [agency, users, departments, tokens, audit] = await Promise.all([
    prisma().agency.findUniqueOrThrow({ where: { id: agencyId } }),
    prisma().user.findMany({ where, orderBy }),
    prisma().department.findMany({ where, orderBy }),
    prisma().apiToken.findMany({ where, orderBy }),
    prisma().auditEvent.count({ where }),
  ]);
  return JSON.stringify({ agency, users, departments, tokens, audit });
}

let other: Fixture;

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
      return other.principal("PERFORMANCE_OFFICER");
  }
}

function listAdminActions(directory = "app/(app)/admin"): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(projectRoot, directory), { withFileTypes: true })) {
    const relative = path.join(directory, entry.name);
    if (entry.isDirectory()) found.push(...listAdminActions(relative));
    else if (entry.name === "actions.ts") {
      const source = fs.readFileSync(path.join(projectRoot, relative), "utf8");
      found.push(...[...source.matchAll(/^export async function (\w+)Action\(/gm)].map((match) => match[1] ?? ""));
    }
  }
  return found;
}

beforeAll(async () => {
  other = await createFixtureAgency("Elsewhere");
});

describe("the authorization matrix of the admin actions", () => {
  test("every admin server action has a handler and a scenario here", () => {
    expect(listAdminActions().sort()).toEqual(Object.keys(INPUTS).sort());
    expect(Object.keys(adminHandlers).sort()).toEqual(Object.keys(INPUTS).sort());
  });

  for (const name of Object.keys(INPUTS) as AdminHandlerName[]) {
    test(`${name}Action: allowed for admin; denied for everyone else`, async () => {
      const fixture = await createFixtureAgency(`Matrix ${name}`);
      for (const persona of PERSONAS.filter((persona) => persona !== "admin")) {
        const input = await INPUTS[name](fixture);
        const before = await snapshotAdminState(fixture.agencyId);
        const result = await adminHandlers[name](principalFor(persona, fixture), input);
        expect(result.ok, `${persona} must be denied ${name}`).toBe(false);
        expect(result, "a denial returns no data").not.toHaveProperty("data");
        expect(await snapshotAdminState(fixture.agencyId), `${persona}'s denied ${name} changed nothing`).toBe(before);
      }
      // Another agency's admin holds the permission but reaches nothing here: ids are not found, and what
      // they create lands in their own agency.
      const input = await INPUTS[name](fixture);
      const before = await snapshotAdminState(fixture.agencyId);
      const stranger = await adminHandlers[name](other.principal("ADMIN"), input);
      if ("id" in input)
        expect(stranger).toMatchObject({ ok: false, message: expect.stringMatching(/^There is no such/) });
      expect(await snapshotAdminState(fixture.agencyId), `another agency's admin changed nothing by ${name}`).toBe(
        before,
      );

      const allowed = await adminHandlers[name](principalFor("admin", fixture), await INPUTS[name](fixture));
      expect(allowed, `admin may ${name}`).toMatchObject({ ok: true });
    });
  }
});

// The authorization matrix of the KPI library's bulk actions (app/(app)/kpis/actions.ts): each one called as every
// role and every kind of API token. Only a performance officer of the agency may; for everyone else the result is a
// refusal that returns no data and changes nothing, not even a field (snapshotAgency compares every row).
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { ENTRY_POINTS, type ActionEntryPoint } from "@/lib/auth/entry-points";
import type { Principal } from "@/lib/auth/permissions";
import { kpiLibraryHandlers, type KpiLibraryHandlerName } from "@/lib/actions/kpi-library-handlers";
import { createFixtureAgency, snapshotAgency, type Fixture } from "./support/fixtures";

type Persona =
  | "anonymous"
  | "executive"
  | "headOwn"
  | "headOther"
  | "officer"
  | "admin"
  | "otherAgency"
  | "readToken"
  | "measurementsToken"
  | "treeToken"
  | "treeTokenOfDepartment";

const PERSONAS: readonly Persona[] = [
  "anonymous",
  "executive",
  "headOwn",
  "headOther",
  "officer",
  "admin",
  "otherAgency",
  "readToken",
  "measurementsToken",
  "treeToken",
  "treeTokenOfDepartment",
];

// A server action reads its caller from the browser session, so no API token ever reaches one. The data access layer
// is the authority all the same: it grants what lib/auth/permissions.ts grants — `tree:edit` to an agency-wide
// tree:write token (the API's import edits the tree with it), `publish` to no token at all.
const SCENARIOS: Record<KpiLibraryHandlerName, { allowed: readonly Persona[]; input: (fixture: Fixture) => object }> = {
  bulkAssignDepartment: {
    allowed: ["officer", "treeToken"],
    input: (fixture) => ({
      kpiIds: [fixture.kpis["permits.cost"], fixture.kpis["streets.potholes"]],
      department: "PLN-REV",
    }),
  },
  bulkSetPublished: {
    allowed: ["officer"],
    input: (fixture) => ({ kpiIds: [fixture.kpis["permits.cost"], fixture.kpis["streets.potholes"]], published: true }),
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
    case "readToken":
      return fixture.token(["read"]);
    case "measurementsToken":
      return fixture.token(["measurements:write"]);
    case "treeToken":
      return fixture.token(["tree:write"]);
    case "treeTokenOfDepartment":
      return fixture.token(["tree:write", "read"], "PLN");
  }
}

const libraryActions = ENTRY_POINTS.filter(
  (entry): entry is ActionEntryPoint => entry.kind === "action" && entry.file === "app/(app)/kpis/actions.ts",
);

describe("the authorization matrix of the KPI library's actions", () => {
  beforeAll(async () => {
    const other = await getPrisma().agency.create({
      data: { slug: `library-matrix-${process.pid}-${Date.now()}`, name: "Elsewhere" },
    });
    otherAgencyOfficer = {
      kind: "user",
      userId: "00000000-0000-4000-8000-00000000cafe",
      agencyId: other.id,
      role: "PERFORMANCE_OFFICER",
      departmentId: null,
      label: "officer@elsewhere.example",
    };
  });

  test("every KPI library action has a scenario", () => {
    expect(libraryActions.map((entry) => entry.name.replace(/Action$/, "")).sort()).toEqual(
      Object.keys(SCENARIOS).sort(),
    );
  });

  for (const [name, scenario] of Object.entries(SCENARIOS) as [
    KpiLibraryHandlerName,
    (typeof SCENARIOS)[KpiLibraryHandlerName],
  ][]) {
    test(`${name}Action: allowed for ${scenario.allowed.join(", ")}; denied for everyone else`, async () => {
      for (const persona of PERSONAS) {
        // A fresh agency for each caller: an allowed call changes what the next one would be refused on.
        const fixture = await createFixtureAgency(`Library matrix ${name}`);
        const principal = principalFor(persona, fixture);
        const before = await snapshotAgency(fixture.agencyId);
        const result = await kpiLibraryHandlers[name](principal, scenario.input(fixture));
        if (scenario.allowed.includes(persona)) {
          expect(result, `${persona} may ${name}`).toMatchObject({ ok: true });
          continue;
        }
        expect(result.ok, `${persona} must be denied ${name}`).toBe(false);
        expect(result, "a denial returns no data").not.toHaveProperty("data");
        expect(await snapshotAgency(fixture.agencyId), `${persona}'s denied ${name} changed nothing`).toEqual(before);
      }
    });
  }
});

// The authorization matrix of the Data page's import and workbook download (app/(app)/data/import/…,
// app/(app)/data/workbook): each data access function behind them is called as every kind of caller — every role,
// another agency's officer, and every kind of API token. Denied means an error, no data, and nothing changed (the
// tree, and the stored previews).
import { beforeAll, describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { exportWorkbook } from "@/lib/dal/document-workbook";
import { applyImport, getImportJob, previewImport } from "@/lib/dal/import-jobs";
import { ENTRY_POINTS } from "@/lib/auth/entry-points";
import { checksumTree } from "./support/api";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

type Caller =
  | "anonymous"
  | "executive"
  | "headOwn"
  | "officer"
  | "admin"
  | "otherAgency"
  | "readToken"
  | "measurementsToken"
  | "treeToken"
  | "departmentTreeToken";

const CALLERS: readonly Caller[] = [
  "anonymous",
  "executive",
  "headOwn",
  "officer",
  "admin",
  "otherAgency",
  "readToken",
  "measurementsToken",
  "treeToken",
  "departmentTreeToken",
];

let fixture: Fixture;
let otherAgencyOfficer: Principal;

function principalFor(caller: Caller): Principal | null {
  switch (caller) {
    case "anonymous":
      return null;
    case "executive":
      return fixture.principal("EXECUTIVE");
    case "headOwn":
      return fixture.principal("DEPARTMENT_HEAD", "PLN");
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
    case "departmentTreeToken":
      return fixture.token(["tree:write"], "PLN");
  }
}

/** A small change to the fixture's tree, as an officer would upload it: a KPI renamed. */
function documentFile(call: number) {
  const document = {
    format: "drivertree/v1",
    agency: { name: "Test City", fiscalYearStartMonth: 7 },
    departments: [],
    plan: { code: "PLAN", name: "Plan", start: "2026-01-01", end: "2027-12-31" },
    kpis: [
      {
        code: `matrix.import_${call}`,
        name: `Imported ${call}`,
        ipo: "input",
        direction: "increase",
        frequency: "monthly",
        department: "PLN",
      },
    ],
    links: [],
    objectives: [],
  };
  return { name: "matrix.json", bytes: new TextEncoder().encode(JSON.stringify(document)) };
}

type Scenario = {
  allowed: readonly Caller[];
  call: (principal: Principal | null, call: number) => Promise<unknown>;
};

const IMPORTERS: readonly Caller[] = ["officer", "treeToken"];
const EXPORTERS: readonly Caller[] = ["officer", "executive", "admin", "readToken"];
// Previewing and exporting act in the caller's own agency: another agency's officer may, there (checked below).
const IN_OWN_AGENCY: readonly Caller[] = ["otherAgency"];

const officerPreview = async (call: number) =>
  (await previewImport(principalFor("officer"), documentFile(call))).previewId as string;

const SCENARIOS: Record<string, Scenario> = {
  previewImport: {
    allowed: [...IMPORTERS, ...IN_OWN_AGENCY],
    call: (principal, call) => previewImport(principal, documentFile(call)),
  },
  applyImport: {
    allowed: IMPORTERS,
    call: async (principal, call) => applyImport(principal, await officerPreview(call)),
  },
  getImportJob: {
    allowed: IMPORTERS,
    call: async (principal, call) => getImportJob(principal, await officerPreview(call)),
  },
  exportWorkbook: { allowed: [...EXPORTERS, ...IN_OWN_AGENCY], call: (principal) => exportWorkbook(principal) },
  exportBlankWorkbook: {
    allowed: [...EXPORTERS, ...IN_OWN_AGENCY],
    call: (principal) => exportWorkbook(principal, { isBlank: true }),
  },
};

const jobsOf = () =>
  getPrisma().importJob.findMany({
    where: { agencyId: fixture.agencyId },
    select: { id: true, status: true },
    orderBy: { id: "asc" },
  });

describe("the authorization matrix of the import page and the workbook download", () => {
  beforeAll(async () => {
    // Both named as the uploaded document names its agency: renaming it would need admin:settings (issue 13, item 3).
    fixture = await createFixtureAgency("Test City");
    const other = await createFixtureAgency("Test City");
    otherAgencyOfficer = other.principal("PERFORMANCE_OFFICER");
  });

  test("the routes are registered with the permissions of their data access functions", () => {
    const routes = Object.fromEntries(
      ENTRY_POINTS.filter((entry) => entry.kind === "route").map((entry) => [entry.file, entry.permission]),
    );
    expect(routes["app/(app)/data/import/preview/route.ts"]).toBe("document:import");
    expect(routes["app/(app)/data/import/jobs/[id]/route.ts"]).toBe("document:import");
    expect(routes["app/(app)/data/workbook/route.ts"]).toBe("document:export");
  });

  test("another agency's officer previews and exports only their own agency", async () => {
    const before = await checksumTree(fixture.agencyId);
    const preview = await previewImport(otherAgencyOfficer, documentFile(999));
    const job = await getPrisma().importJob.findUniqueOrThrow({ where: { id: preview.previewId as string } });
    expect(job.agencyId).toBe(otherAgencyOfficer.agencyId);
    const { slug } = await exportWorkbook(otherAgencyOfficer);
    expect(slug).not.toBe(fixture.slug);
    expect(await checksumTree(fixture.agencyId)).toEqual(before);
  });

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    test(`${name}: allowed for ${scenario.allowed.join(", ")}; denied for everyone else`, async () => {
      let call = 0;
      for (const caller of CALLERS.filter((each) => !scenario.allowed.includes(each))) {
        call += 1;
        // The officer's preview (when the scenario needs one) is made before the state is read.
        const pending = scenario.call(principalFor(caller), call);
        const outcome = await pending.then(
          (data) => ({ ok: true as const, data }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        expect(outcome.ok, `${caller} must be denied ${name}`).toBe(false);
        expect(outcome).not.toHaveProperty("data");
      }
      // Nothing a denied caller did changed the tree or any stored preview's state.
      const tree = await checksumTree(fixture.agencyId);
      const jobs = (await jobsOf()).filter((job) => job.status !== "previewed");
      for (const caller of CALLERS.filter((each) => !scenario.allowed.includes(each))) {
        await scenario.call(principalFor(caller), ++call).catch(() => undefined);
      }
      expect(await checksumTree(fixture.agencyId)).toEqual(tree);
      expect((await jobsOf()).filter((job) => job.status !== "previewed")).toEqual(jobs);

      for (const caller of scenario.allowed) {
        await expect(scenario.call(principalFor(caller), ++call), `${caller} may ${name}`).resolves.toBeDefined();
      }
    });
  }
});

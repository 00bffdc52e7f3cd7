// Attack (issue 13, item 3): importing a document renamed or re-parented departments, which needs admin:departments —
// a tree:write token or a performance officer could move PLN-REV under PW and so silently widen PW's department
// head's branch (what they may see and edit). Every path that imports now refuses such a document whole, with a
// problem per change naming the permission; nothing is written, not even the document's other, allowed changes.
import { describe, expect, test } from "vitest";
import { GET as exportRoute } from "@/app/api/v1/export/route";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { exportDocument } from "@/lib/dal/document-export";
import { importDocument } from "@/lib/dal/document-import";
import { previewImport } from "@/lib/dal/import-jobs";
import { InvalidDocumentError } from "@/lib/document/errors";
import type { DriverTreeDocumentOutput } from "@/lib/validation/document";
import { callApi, createEmptyAgency, createToken, expectApiError, specExampleDocument } from "./support/api";
import { createFixtureAgency, snapshotAgency } from "./support/fixtures";

type Fixture = Awaited<ReturnType<typeof createFixtureAgency>>;

async function exported(fixture: Fixture): Promise<DriverTreeDocumentOutput> {
  return exportDocument(fixture.principal("PERFORMANCE_OFFICER"));
}

/** The fixture's export with PLN-REV moved under PW, PW renamed, and one allowed change (a KPI's name). */
async function departmentAttack(fixture: Fixture) {
  const document = await exported(fixture);
  const review = document.departments.findIndex((department) => department.code === "PLN-REV");
  const works = document.departments.findIndex((department) => department.code === "PW");
  document.departments[review]!.parent = "PW";
  document.departments[works]!.name = "Public Works and Everything Else";
  document.kpis[0]!.name = "Renamed alongside";
  return {
    document,
    expected: [
      {
        path: `departments[${review}].parent`,
        message:
          "This moves department PLN-REV from under PLN to under PW: that needs the admin:departments permission, " +
          "which you do not have.",
      },
      {
        path: `departments[${works}].name`,
        message:
          'This renames department PW from "Department PW" to "Public Works and Everything Else": that needs the ' +
          "admin:departments permission, which you do not have.",
      },
    ].sort((a, b) => a.path.localeCompare(b.path)),
  };
}

const sortedByPath = (problems: readonly { path: string; message: string }[]) =>
  [...problems].sort((a, b) => a.path.localeCompare(b.path));

describe("an import may not rename or re-parent departments without admin:departments", () => {
  test("a tree:write token: 400 with a problem per change; nothing changes", async () => {
    const fixture = await createFixtureAgency("Token attack");
    const { document, expected } = await departmentAttack(fixture);
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const before = await snapshotAgency(fixture.agencyId);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: document });
    const details = expectApiError(response, 400, "invalid") as { path: string; message: string }[];
    expect(sortedByPath(details)).toEqual(expected);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("an officer, through the data access layer: refused with the same problems; nothing changes", async () => {
    const fixture = await createFixtureAgency("Officer attack");
    const { document, expected } = await departmentAttack(fixture);
    const before = await snapshotAgency(fixture.agencyId);
    const refused = await importDocument(fixture.principal("PERFORMANCE_OFFICER"), document).catch((error) => error);
    expect(refused).toBeInstanceOf(InvalidDocumentError);
    expect(sortedByPath((refused as InvalidDocumentError).problems)).toEqual(expected);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("an officer on the import page (JSON): the preview lists the problems and cannot be applied", async () => {
    const fixture = await createFixtureAgency("Page attack");
    const { document, expected } = await departmentAttack(fixture);
    const before = await snapshotAgency(fixture.agencyId);
    const preview = await previewImport(fixture.principal("PERFORMANCE_OFFICER"), {
      name: "plan.json",
      bytes: new TextEncoder().encode(JSON.stringify(document)),
    });
    expect(preview.previewId).toBeNull();
    expect(sortedByPath(preview.problems.map(({ path, message }) => ({ path, message })))).toEqual(expected);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("after the refused import PLN-REV is still under PLN: the branch of PW's head is not widened", async () => {
    const fixture = await createFixtureAgency("Branch");
    const { document } = await departmentAttack(fixture);
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    await callApi(importRoute, "/api/v1/import", { token, body: document });
    const head = await exportDocument(fixture.principal("PERFORMANCE_OFFICER"));
    expect(head.departments.find((department) => department.code === "PLN-REV")?.parent).toBe("PLN");
  });

  test("unchanged departments are no change: an export imported again by an officer and by a token succeeds", async () => {
    const fixture = await createFixtureAgency("Round trip");
    const document = await exported(fixture);
    document.kpis[0]!.name = "Renamed, departments as they were";
    const report = await importDocument(fixture.principal("PERFORMANCE_OFFICER"), document);
    expect(report.updated.kpis).toBe(1);
    expect(report.updated.departments + report.created.departments).toBe(0);
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: document });
    expect(response.status, response.text.slice(0, 300)).toBe(200);
  });
});

const permissionMessage = (change: string, permission: string) =>
  `${change}: that needs the ${permission} permission, which you do not have.`;

/** The fixture's export with a new department, the agency's settings changed, and one allowed change. */
async function departmentAndSettingsAttack(fixture: Fixture) {
  const document = await exported(fixture);
  document.departments.push({ code: "SHADOW", name: "Shadow", parent: "CM" });
  document.agency = { ...document.agency, name: "Renamed City", fiscalYearStartMonth: 1 };
  document.kpis[0]!.name = "Renamed alongside";
  const created = document.departments.length - 1;
  return {
    document,
    expected: sortedByPath([
      {
        path: `departments[${created}]`,
        message: permissionMessage("This creates department SHADOW", "admin:departments"),
      },
      {
        path: "agency.name",
        message: permissionMessage(
          `This renames the agency from "Settings attack" to "Renamed City"`,
          "admin:settings",
        ),
      },
      {
        path: "agency.fiscalYearStartMonth",
        message: permissionMessage(
          "This changes the first month of the agency's fiscal year from 7 to 1",
          "admin:settings",
        ),
      },
    ]),
  };
}

/** The fixture's export with one KPI published and one new KPI created published. */
async function publishAttack(fixture: Fixture) {
  const document = await exported(fixture);
  const first = document.kpis[0]!;
  first.published = true;
  document.kpis.push({ ...document.kpis[1]!, code: "permits.leaked", name: "Leaked", published: true });
  return {
    document,
    expected: sortedByPath([
      { path: "kpis[0].published", message: permissionMessage(`This publishes KPI ${first.code}`, "publish") },
      {
        path: `kpis[${document.kpis.length - 1}].published`,
        message: permissionMessage("This creates KPI permits.leaked published", "publish"),
      },
    ]),
  };
}

// Attack (issue 13, item 3): through an import, a tree:write token or a performance officer created a department
// (which a department head's branch may then be widened with), changed the agency's settings, or — a token, which has
// no publish — made an unpublished KPI public. In an agency that holds anything, each is refused whole, with a problem
// per change naming the permission; nothing is written.
describe("an import into a non-empty agency may not create departments, change settings or publishing", () => {
  test("a tree:write token creating a department and changing settings: 400, a problem per change; nothing changes", async () => {
    const fixture = await createFixtureAgency("Settings attack");
    const { document, expected } = await departmentAndSettingsAttack(fixture);
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const before = await snapshotAgency(fixture.agencyId);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: document });
    const details = expectApiError(response, 400, "invalid") as { path: string; message: string }[];
    expect(sortedByPath(details)).toEqual(expected);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("an officer creating a department and changing settings: refused, through the DAL and the page; nothing changes", async () => {
    const fixture = await createFixtureAgency("Settings attack");
    const { document, expected } = await departmentAndSettingsAttack(fixture);
    const officer = fixture.principal("PERFORMANCE_OFFICER");
    const before = await snapshotAgency(fixture.agencyId);
    const refused = await importDocument(officer, document).catch((error) => error);
    expect(refused).toBeInstanceOf(InvalidDocumentError);
    expect(sortedByPath((refused as InvalidDocumentError).problems)).toEqual(expected);
    const preview = await previewImport(officer, {
      name: "plan.json",
      bytes: new TextEncoder().encode(JSON.stringify(document)),
    });
    expect(preview.previewId).toBeNull();
    expect(sortedByPath(preview.problems.map(({ path, message }) => ({ path, message })))).toEqual(expected);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("a tree:write token publishing a KPI and creating one published: 400; nothing changes", async () => {
    const fixture = await createFixtureAgency("Publish attack");
    const { document, expected } = await publishAttack(fixture);
    const token = await createToken(fixture.agencyId, ["tree:write"]);
    const before = await snapshotAgency(fixture.agencyId);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: document });
    const details = expectApiError(response, 400, "invalid") as { path: string; message: string }[];
    expect(sortedByPath(details)).toEqual(expected);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("an officer, who holds publish, may publish through an import", async () => {
    const fixture = await createFixtureAgency("Officer publishes");
    const { document } = await publishAttack(fixture);
    const report = await importDocument(fixture.principal("PERFORMANCE_OFFICER"), document);
    expect(report.created.kpis).toBe(1);
    const again = await exported(fixture);
    expect(
      again.kpis
        .filter((kpi) => kpi.published)
        .map((kpi) => kpi.code)
        .sort(),
    ).toEqual([document.kpis[0]!.code, "permits.leaked"].sort());
  });
});

describe("the first import into an empty agency may set everything its document holds", () => {
  test("a tree:write token: departments, agency settings and published flags as in the document (spec round trip)", async () => {
    const agencyId = await createEmptyAgency("Newborn City");
    const document = specExampleDocument();
    document.agency = { ...document.agency, fiscalYearStartMonth: 4, thresholds: { onTrack: 0.95, atRisk: 0.6 } };
    expect(document.departments.length).toBeGreaterThan(0);
    expect(document.kpis.some((kpi) => kpi.published)).toBe(true);
    const token = await createToken(agencyId, ["tree:write"]);
    const response = await callApi(importRoute, "/api/v1/import", { token, body: document });
    expect(response.status, response.text.slice(0, 300)).toBe(200);

    const reader = await createToken(agencyId, ["read"]);
    const back = (await callApi<DriverTreeDocumentOutput>(exportRoute, "/api/v1/export", { token: reader })).body;
    expect(back.agency).toMatchObject({
      name: "City of Riverton",
      fiscalYearStartMonth: 4,
      thresholds: { onTrack: 0.95, atRisk: 0.6 },
    });
    expect(back.departments).toEqual(document.departments);
    const publishedOf = (items: readonly { code: string; published?: boolean }[]) =>
      Object.fromEntries(items.map((item) => [item.code, item.published ?? false]));
    expect(publishedOf(back.kpis)).toEqual(publishedOf(document.kpis));
    expect(publishedOf(back.objectives)).toEqual(publishedOf(document.objectives));

    // No longer empty: the same document again changes nothing restricted and succeeds; a new department does not.
    expect((await callApi(importRoute, "/api/v1/import", { token, body: document })).status).toBe(200);
    const before = await snapshotAgency(agencyId);
    const more = { ...document, departments: [...document.departments, { code: "NEW", name: "New", parent: null }] };
    const refused = await callApi(importRoute, "/api/v1/import", { token, body: more });
    const details = expectApiError(refused, 400, "invalid") as { path: string; message: string }[];
    expect(details.map((problem) => problem.path)).toEqual([`departments[${document.departments.length}]`]);
    expect(await snapshotAgency(agencyId)).toEqual(before);
  });
});

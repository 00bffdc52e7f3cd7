// Attack (issue 13, item 3): importing a document renamed or re-parented departments, which needs admin:departments —
// a tree:write token or a performance officer could move PLN-REV under PW and so silently widen PW's department
// head's branch (what they may see and edit). Every path that imports now refuses such a document whole, with a
// problem per change naming the permission; nothing is written, not even the document's other, allowed changes.
import { describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { exportDocument } from "@/lib/dal/document-export";
import { importDocument } from "@/lib/dal/document-import";
import { previewImport } from "@/lib/dal/import-jobs";
import { InvalidDocumentError } from "@/lib/document/errors";
import type { DriverTreeDocumentOutput } from "@/lib/validation/document";
import { callApi, createToken, expectApiError } from "./support/api";
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

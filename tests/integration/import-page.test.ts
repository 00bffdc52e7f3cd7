// The Data page's import (issue 12): a JSON document or a workbook is previewed with the API import's own checks —
// what it creates, updates and leaves unchanged, or every problem at its sheet, row and column, with nothing written
// — then applied once, all or nothing; and the tree exported as a workbook imports into an empty agency as the same
// document.
import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";
import { exportDocument } from "@/lib/dal/document-export";
import { importDocument } from "@/lib/dal/document-import";
import { exportWorkbook } from "@/lib/dal/document-workbook";
import { applyImport, getImportJob, previewImport } from "@/lib/dal/import-jobs";
import { describeLocation } from "@/lib/document/sheet-location";
import { ConflictError, NotFoundError } from "@/lib/errors";
import { checksumTree, createEmptyAgency, specExampleDocument } from "./support/api";

let officerCounter = 0;
function officerOf(agencyId: string): Principal {
  officerCounter += 1;
  return {
    kind: "user",
    userId: `00000000-0000-4000-8000-${String(900 + officerCounter).padStart(12, "0")}`,
    agencyId,
    role: "PERFORMANCE_OFFICER",
    departmentId: null,
    label: `officer${officerCounter}@import.example`,
  };
}

/** An agency holding the spec's example document, and its officer. */
async function createExampleAgency() {
  const agencyId = await createEmptyAgency("Riverton");
  const officer = officerOf(agencyId);
  await importDocument(officer, specExampleDocument());
  return { agencyId, officer };
}

async function editWorkbook(bytes: Uint8Array, edit: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  edit(workbook);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const jobCount = (agencyId: string) => getPrisma().importJob.count({ where: { agencyId } });
const jsonFile = (name: string, document: unknown) => ({
  name,
  bytes: new TextEncoder().encode(JSON.stringify(document)),
});

describe("previewImport", () => {
  test("counts what a document creates, updates and leaves unchanged, and writes nothing to the tree", async () => {
    const { agencyId, officer } = await createExampleAgency();
    const document = await exportDocument(officer);
    document.kpis[0]!.name = "Median days to issue a permit";
    document.kpis.push({ ...document.kpis[1]!, code: "permits.inspectors_fte", name: "Inspectors (FTE)" });
    document.measurements[0]!.value = 26;
    document.measurements.push({ kpi: "permits.inspectors_fte", period: "2026-06", value: 4, note: "" });
    const before = await checksumTree(agencyId);

    const preview = await previewImport(officer, jsonFile("edited.json", document));

    expect(preview.problems).toEqual([]);
    expect(preview.previewId).toEqual(expect.any(String));
    const kinds = Object.fromEntries(preview.kinds.map((kind) => [kind.kind, kind]));
    expect(kinds.kpis).toMatchObject({
      created: 1,
      updated: 1,
      unchanged: 4,
      createdCodes: ["permits.inspectors_fte"],
      updatedCodes: ["permits.median_days"],
    });
    expect(kinds.measurements).toMatchObject({ created: 1, updated: 1, unchanged: 4 });
    expect(kinds.objectives).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(kinds.keyResults).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await checksumTree(agencyId)).toEqual(before);
  });

  test("a workbook with three errors lists all three at their sheet, row and column; nothing is written", async () => {
    const { agencyId, officer } = await createExampleAgency();
    const { bytes } = await exportWorkbook(officer);
    const broken = await editWorkbook(bytes, (workbook) => {
      const kpis = workbook.getWorksheet("KPIs")!;
      const frequency = (kpis.getRow(1).values as unknown[]).indexOf("frequency");
      kpis.getCell(4, frequency).value = "weekly"; // finance.permits_cost
      workbook.getWorksheet("Links")!.getCell("B2").value = "permits.nowhere";
      workbook.getWorksheet("Measurements")!.getCell("C4").value = "lots";
    });
    const before = await checksumTree(agencyId);
    const jobsBefore = await jobCount(agencyId);

    const preview = await previewImport(officer, { name: "plan.xlsx", bytes: broken });

    expect(preview.previewId).toBeNull();
    expect(preview.format).toBe("xlsx");
    expect(preview.problems.map((problem) => problem.location && describeLocation(problem.location))).toEqual([
      "KPIs sheet, row 4, column frequency",
      "Links sheet, row 2, column to",
      "Measurements sheet, row 4, column value",
    ]);
    expect(preview.problems.map((problem) => problem.message)).toEqual([
      "Choose monthly, quarterly or annual.",
      expect.stringContaining("permits.nowhere"),
      "Enter a number.",
    ]);
    expect(await checksumTree(agencyId)).toEqual(before);
    expect(await jobCount(agencyId)).toBe(jobsBefore);

    // Then a correct workbook: previewed, applied once, and a second submission refused.
    const fixed = await editWorkbook(bytes, (workbook) => {
      workbook.getWorksheet("Measurements")!.getCell("C4").value = 11; // permits.reviewers_fte, 2026-06
    });
    const good = await previewImport(officer, { name: "plan.xlsx", bytes: fixed });
    expect(good.problems).toEqual([]);
    const job = await applyImport(officer, good.previewId);
    expect(job).toMatchObject({ status: "succeeded", stage: "", message: "", problems: [] });
    expect(job.result?.updated.measurements).toBe(1);
    expect(job.elapsedMs).toBeGreaterThanOrEqual(0);
    const stored = await exportDocument(officer);
    expect(stored.measurements.find((m) => m.kpi === "permits.reviewers_fte")?.value).toBe(11);

    const afterFirst = await checksumTree(agencyId);
    await expect(applyImport(officer, good.previewId)).rejects.toBeInstanceOf(ConflictError);
    expect(await checksumTree(agencyId)).toEqual(afterFirst);
    expect(await getImportJob(officer, good.previewId)).toMatchObject({ status: "succeeded" });
  });

  test("a JSON document's problems are listed with their JSON paths", async () => {
    const { officer } = await createExampleAgency();
    const document = specExampleDocument();
    document.kpis[1]!.frequency = "weekly" as "monthly";
    const preview = await previewImport(officer, jsonFile("plan.json", document));
    expect(preview).toMatchObject({ previewId: null, format: "json" });
    expect(preview.problems).toEqual([
      { path: "kpis[1].frequency", message: "Choose monthly, quarterly or annual.", location: null },
    ]);
  });

  test("a preview is applied only in its own agency", async () => {
    const { officer } = await createExampleAgency();
    const other = officerOf(await createEmptyAgency("Elsewhere"));
    const preview = await previewImport(officer, jsonFile("plan.json", specExampleDocument()));
    await expect(applyImport(other, preview.previewId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getImportJob(other, preview.previewId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(applyImport(officer, "not-an-id")).rejects.toBeInstanceOf(NotFoundError);
  });

  test("a preview the tree no longer fits fails at import, with its problems located, and changes nothing", async () => {
    const { agencyId, officer } = await createExampleAgency();
    const { bytes } = await exportWorkbook(officer);
    const withLink = await editWorkbook(bytes, (workbook) => {
      workbook.getWorksheet("Links")!.addRow(["permits.issued", "permits.cost_per_permit", 1, "positive"]);
    });
    const preview = await previewImport(officer, { name: "plan.xlsx", bytes: withLink });
    expect(preview.problems).toEqual([]);
    // Meanwhile the opposite link is stored: the workbook's would now close a cycle.
    const document = await exportDocument(officer);
    document.links.push({ from: "permits.cost_per_permit", to: "permits.issued", weight: 1, polarity: "positive" });
    await importDocument(officer, document);
    const before = await checksumTree(agencyId);

    const job = await applyImport(officer, preview.previewId);

    expect(job.status).toBe("failed");
    expect(job.message).toMatch(/not imported/);
    expect(job.problems).toEqual([
      expect.objectContaining({ path: "links[1]", location: expect.objectContaining({ sheet: "Links", row: 3 }) }),
    ]);
    expect(await checksumTree(agencyId)).toEqual(before);
  });
});

describe("applyImport while it runs", () => {
  test("shows the stage it is in, and a second submission meanwhile is refused", async () => {
    const { agencyId, officer } = await createExampleAgency();
    const document = await exportDocument(officer);
    document.kpis[0]!.name = "Median days to a permit";
    const preview = await previewImport(officer, jsonFile("plan.json", document));
    // Another change holds the agency's lock: the import waits for it, and says so.
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let isLocked: () => void = () => undefined;
    const locked = new Promise<void>((resolve) => (isLocked = resolve));
    const holder = getPrisma().$transaction(
      async (db) => {
        await db.$queryRaw`SELECT id FROM "Agency" WHERE id = ${agencyId}::uuid FOR UPDATE`;
        isLocked();
        await released;
      },
      { timeout: 30_000 },
    );
    await locked;
    const applying = applyImport(officer, preview.previewId);
    let view = await getImportJob(officer, preview.previewId);
    while (view.stage !== "Waiting for other changes to the tree to finish") {
      await new Promise((resolve) => setTimeout(resolve, 20));
      view = await getImportJob(officer, preview.previewId);
    }
    expect(view).toMatchObject({ status: "running", result: null });
    expect(view.elapsedMs).toEqual(expect.any(Number));
    await expect(applyImport(officer, preview.previewId)).rejects.toBeInstanceOf(ConflictError);

    release();
    await holder;
    expect(await applying).toMatchObject({ status: "succeeded", stage: "" });
    expect((await exportDocument(officer)).kpis[0]?.name).toBe("Median days to a permit");
  });
});

describe("the workbook export", () => {
  test("export workbook → import into an empty agency gives the same export document", async () => {
    const { officer } = await createExampleAgency();
    const original = await exportDocument(officer);
    const { bytes } = await exportWorkbook(officer);

    const emptyOfficer = officerOf(await createEmptyAgency("Fresh City"));
    const preview = await previewImport(emptyOfficer, { name: "riverton.xlsx", bytes });
    expect(preview.problems).toEqual([]);
    expect(Object.fromEntries(preview.kinds.map((kind) => [kind.kind, kind.created]))).toMatchObject({
      departments: 2,
      plans: 1,
      kpis: 5,
      links: 1,
      objectives: 1,
      keyResults: 3,
      measurements: 5,
    });
    expect(await applyImport(emptyOfficer, preview.previewId)).toMatchObject({ status: "succeeded" });

    const copy = await exportDocument(emptyOfficer);
    const withoutSlug = (document: typeof original) => ({ ...document, agency: { ...document.agency, slug: "" } });
    expect(withoutSlug(copy)).toEqual(withoutSlug(original));
  });

  test("the blank workbook holds the agency, plan and departments, and no KPI", async () => {
    const { officer } = await createExampleAgency();
    const { bytes } = await exportWorkbook(officer, { isBlank: true });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.getWorksheet("Departments")!.rowCount).toBe(3);
    expect(workbook.getWorksheet("Plan")!.getCell("A2").value).toBe("CBP-2026");
    expect(workbook.getWorksheet("KPIs")!.actualRowCount).toBe(1);
  });
});

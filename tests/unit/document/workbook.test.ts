import ExcelJS from "exceljs";
import { describe, expect, test } from "vitest";
import { checkDocument } from "@/lib/document/check-document";
import { describeLocation } from "@/lib/document/sheet-location";
import {
  locateProblems,
  MAX_WORKBOOK_UNZIPPED_BYTES,
  readUnzippedSize,
  readWorkbook,
  SHEET_NAMES,
  writeWorkbook,
} from "@/lib/document/workbook";
import { driverTreeDocumentSchema } from "@/lib/validation/document";
import { exampleDocument } from "./support/documents";

// The workbook form of the drivertree/v1 document: document → workbook → document gives the same document, and every
// problem of a workbook is reported at its sheet, row and column.

async function roundTrip(document: unknown) {
  const bytes = await writeWorkbook(driverTreeDocumentSchema.parse(document));
  return readWorkbook(bytes);
}

/** Opens a written workbook to change cells as an officer would, and saves it again. */
async function editWorkbook(bytes: Uint8Array, edit: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  edit(workbook);
  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const sheet = (workbook: ExcelJS.Workbook, name: string) => workbook.getWorksheet(name) as ExcelJS.Worksheet;

describe("document → workbook → document", () => {
  test("the spec's example comes back as the same document", async () => {
    const document = exampleDocument();
    const read = await roundTrip(document);
    expect(read.problems).toEqual([]);
    expect(driverTreeDocumentSchema.parse(read.document)).toEqual(driverTreeDocumentSchema.parse(document));
  });

  test("every field of the document, with every default written out, comes back", async () => {
    const document = driverTreeDocumentSchema.parse(exampleDocument());
    document.kpis[0]!.thresholds = { onTrack: 0.85 };
    document.kpis[0]!.tolerance = 2;
    document.kpis[0]!.description = "Line one.\nLine two, with “quotes” and 007.";
    document.kpis[1]!.unit = "007";
    document.objectives.push({
      code: "O1.1",
      title: "Faster reviews",
      description: "",
      department: null,
      parent: "O1",
      weight: 0.5,
      published: false,
      keyResults: [
        {
          code: "O1.1.KR1",
          title: "Zone",
          kind: "qualitative",
          kpi: null,
          start: null,
          target: null,
          startDate: null,
          dueDate: null,
          weight: 1,
          progress: null,
          zone: "stretch",
          narrative: "Surveyed in May.",
          published: true,
        },
      ],
    });
    document.measurements.push({ kpi: "permits.median_days", period: "2026-Q1", value: 1e-7, note: "" });
    const read = await roundTrip(document);
    expect(read.problems).toEqual([]);
    expect(driverTreeDocumentSchema.parse(read.document)).toEqual(document);
  });

  test("objectives nested in children are written flat with their parent", async () => {
    const document = exampleDocument();
    const [objective] = document.objectives;
    objective!.children = [{ code: "O1.1", title: "Child", keyResults: [] }];
    const read = await roundTrip(document);
    expect(read.document.objectives).toEqual([
      expect.objectContaining({ code: "O1" }),
      expect.objectContaining({ code: "O1.1", parent: "O1" }),
    ]);
  });

  test("the blank workbook has every sheet with its header row and a README, and reads as an empty document", async () => {
    const bytes = await writeWorkbook(null);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.worksheets.map((each) => each.name)).toEqual(["README", ...SHEET_NAMES]);
    expect(sheet(workbook, "Targets").getRow(1).values).toEqual([undefined, "kpi", "period", "value"]);
    expect(sheet(workbook, "KPIs").getRow(1).values).toContain("frequency");
    const read = await readWorkbook(bytes);
    expect(read.problems).toEqual([]);
    expect(read.document).toMatchObject({ kpis: [], links: [], objectives: [], measurements: [] });
  });

  test("choice columns offer their choices as a list", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await writeWorkbook(null)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    const kpis = sheet(workbook, "KPIs");
    const frequencyColumn = (kpis.getRow(1).values as unknown[]).indexOf("frequency");
    const validation = kpis.getCell(5, frequencyColumn).dataValidation;
    expect(validation).toMatchObject({ type: "list", formulae: ['"monthly,quarterly,annual"'] });
  });
});

describe("reading what an officer typed", () => {
  test("a month typed as a date, a number typed as text and TRUE typed as text are read as meant", async () => {
    const bytes = await editWorkbook(await writeWorkbook(driverTreeDocumentSchema.parse(exampleDocument())), (book) => {
      const measurements = sheet(book, "Measurements");
      measurements.getCell("B2").value = new Date(Date.UTC(2026, 2, 1));
      measurements.getCell("B2").numFmt = "mmm yyyy";
      measurements.getCell("C2").value = " 27.5 ";
      const kpis = sheet(book, "KPIs");
      const published = (kpis.getRow(1).values as unknown[]).indexOf("published");
      kpis.getCell(3, published).value = "true";
    });
    const read = await readWorkbook(bytes);
    expect(read.problems).toEqual([]);
    const document = driverTreeDocumentSchema.parse(read.document);
    expect(document.measurements[0]).toMatchObject({ period: "2026-03", value: 27.5 });
    expect(document.kpis[1]?.published).toBe(true);
  });
});

describe("problems located at their sheet, row and column", () => {
  test("three mistakes in three sheets are all reported where they were typed", async () => {
    const bytes = await editWorkbook(await writeWorkbook(driverTreeDocumentSchema.parse(exampleDocument())), (book) => {
      const kpis = sheet(book, "KPIs");
      const frequency = (kpis.getRow(1).values as unknown[]).indexOf("frequency");
      kpis.getCell(4, frequency).value = "weekly"; // the third KPI
      sheet(book, "Links").getCell("A2").value = "permits.nowhere";
      sheet(book, "Measurements").getCell("C3").value = "many";
    });
    const read = await readWorkbook(bytes);
    expect(read.problems).toEqual([]);
    const check = checkDocument(read.document);
    expect(check.ok).toBe(false);
    const located = locateProblems(read.locations, check.ok ? [] : check.problems);
    expect(located.map((problem) => problem.location && describeLocation(problem.location))).toEqual([
      "KPIs sheet, row 4, column frequency",
      "Links sheet, row 2, column from",
      "Measurements sheet, row 3, column value",
    ]);
    expect(located[0]).toMatchObject({ path: "kpis[2].frequency", message: "Choose monthly, quarterly or annual." });
    expect(located[0]?.location?.cell).toMatch(/^[A-Z]+4$/);
  });

  test("a per-period target and a key result are located on their own sheets", async () => {
    const bytes = await editWorkbook(await writeWorkbook(driverTreeDocumentSchema.parse(exampleDocument())), (book) => {
      sheet(book, "Targets").getCell("B2").value = "2026-Q2"; // a quarter for a monthly KPI
      sheet(book, "Key results").getCell("E2").value = "permits.unknown"; // O1.KR1's kpi
    });
    const read = await readWorkbook(bytes);
    const check = checkDocument(read.document);
    const located = locateProblems(read.locations, check.ok ? [] : check.problems);
    const places = located.map((problem) => problem.location && describeLocation(problem.location));
    expect(places).toContain("Targets sheet, row 2, column value");
    expect(places).toContain("Key results sheet, row 2, column kpi");
  });

  test("problems of the workbook itself: an unknown column, a target of no KPI, a key result of no objective", async () => {
    const bytes = await editWorkbook(await writeWorkbook(driverTreeDocumentSchema.parse(exampleDocument())), (book) => {
      sheet(book, "Links").getCell("E1").value = "strength";
      sheet(book, "Targets").getCell("A2").value = "permits.gone";
      sheet(book, "Key results").getCell("A3").value = "O9";
      book.addWorksheet("Notes");
    });
    const read = await readWorkbook(bytes);
    expect(
      read.problems.map((problem) => [problem.location && describeLocation(problem.location), problem.message]),
    ).toEqual([
      [
        null,
        "The sheet Notes is not one of Agency, Plan, Departments, KPIs, Links, Objectives, Key results, Targets, Measurements: rename or remove it.",
      ],
      ["Links sheet, row 1, column strength", "strength is not a column of the Links sheet (see the README sheet)."],
      ["Key results sheet, row 3, column objective", "No objective has the code O9 on the Objectives sheet."],
      ["Targets sheet, row 2, column kpi", "No KPI has the code permits.gone on the KPIs sheet."],
    ]);
  });

  test("a missing Plan sheet is reported at the sheet", async () => {
    const bytes = await editWorkbook(await writeWorkbook(driverTreeDocumentSchema.parse(exampleDocument())), (book) => {
      book.removeWorksheet(sheet(book, "Plan").id);
    });
    const read = await readWorkbook(bytes);
    const check = checkDocument(read.document);
    const located = locateProblems(read.locations, check.ok ? [] : check.problems);
    expect(located).toContainEqual(
      expect.objectContaining({ path: "plan", location: { sheet: "Plan", row: null, column: null, cell: null } }),
    );
  });
});

/** A zip holding only a central directory that declares one entry of `size` bytes, and its end record. */
function zipDeclaring(size: number): Uint8Array {
  const bytes = new Uint8Array(46 + 1 + 22);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, 0x02014b50, true);
  view.setUint32(24, size, true);
  view.setUint16(28, 1, true);
  bytes[46] = 0x61;
  const end = 47;
  view.setUint32(end, 0x06054b50, true);
  view.setUint16(end + 8, 1, true);
  view.setUint16(end + 10, 1, true);
  view.setUint32(end + 12, 47, true);
  view.setUint32(end + 16, 0, true);
  return bytes;
}

describe("the size a workbook unzips to", () => {
  test("is read from the zip's directory", async () => {
    const size = readUnzippedSize(await writeWorkbook(null));
    expect(size).toBeGreaterThan(10_000);
    expect(readUnzippedSize(zipDeclaring(1234))).toBe(1234);
  });

  test("a workbook declaring more than the limit is refused before it is unzipped, and so is what is not a zip", async () => {
    await expect(readWorkbook(zipDeclaring(MAX_WORKBOOK_UNZIPPED_BYTES + 1))).rejects.toThrow(/once unzipped/);
    await expect(readWorkbook(new TextEncoder().encode("kpi,period,value"))).rejects.toThrow(/not an .xlsx workbook/);
  });
});

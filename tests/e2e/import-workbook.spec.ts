import fs from "node:fs";
import ExcelJS from "exceljs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { setUpNewAgency } from "./support/new-agency";

// Issue 12's third journey: starting from an agency made by `agency:create`, the officer downloads the blank workbook,
// fills it in with three mistakes and uploads it: all three are listed with their sheet, row and column, and nothing
// is imported. Fixed, the same workbook previews what it will create and imports once, in the browser.

test.describe.configure({ timeout: 120_000 });

type Cells = Record<string, string | number | boolean>;

/** Appends rows to a sheet, each cell under the header of its field. */
function addRows(sheet: ExcelJS.Worksheet, rows: readonly Cells[]) {
  const headers = (sheet.getRow(1).values as unknown[]).map((value) => (typeof value === "string" ? value : ""));
  for (const row of rows) {
    const values: unknown[] = [];
    for (const [field, value] of Object.entries(row)) {
      const index = headers.indexOf(field);
      if (index < 1) throw new Error(`No column ${field} on the ${sheet.name} sheet.`);
      values[index - 1] = value;
    }
    sheet.addRow(values);
  }
}

const kpi = (code: string, name: string, ipo: string, direction: string, frequency = "monthly"): Cells => ({
  code,
  name,
  unit: "count",
  ipo,
  direction,
  frequency,
  aggregation: "sum",
  department: "LIB",
  target: 100,
  baseline: 50,
});

async function fillWorkbook(blank: Buffer, mistakes: boolean): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(blank as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const sheet = (name: string) => workbook.getWorksheet(name) as ExcelJS.Worksheet;
  addRows(sheet("KPIs"), [
    kpi("library.open_hours", "Open hours per week", "input", "increase"),
    kpi("library.programs", "Programs held", "process", "increase", mistakes ? "weekly" : "monthly"),
    kpi("library.visits", "Visits", "outcome", "increase"),
  ]);
  addRows(sheet("Links"), [
    { from: "library.open_hours", to: mistakes ? "library.visitors" : "library.visits", weight: 1 },
  ]);
  addRows(sheet("Objectives"), [{ code: "L1", title: "A library people use", department: "LIB" }]);
  addRows(sheet("Key results"), [
    { objective: "L1", code: "L1.KR1", title: "Reach 100 visits a month", kpi: "library.visits", target: 100 },
  ]);
  addRows(sheet("Targets"), [{ kpi: "library.visits", period: "2026-12", value: 90 }]);
  addRows(sheet("Measurements"), [{ kpi: "library.visits", period: "2026-10", value: mistakes ? "many" : 64 }]);
  return Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async function checkWorkbook(page: Page, buffer: Buffer) {
  await page.getByLabel("JSON document or workbook").setInputFiles({ name: "library.xlsx", mimeType: XLSX, buffer });
  await page.getByRole("button", { name: "Check the file" }).click();
}

test("an officer imports a workbook: three mistakes listed where they are and nothing imported, then fixed and imported once", async ({
  page,
}) => {
  await setUpNewAgency(page, "Import Town", [{ code: "LIB", name: "Library" }]);
  await page.goto("/data");
  await page.getByRole("link", { name: "Import a file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import a plan" })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "The blank workbook (.xlsx)" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/blank-workbook\.xlsx$/);
  const blank = fs.readFileSync((await download.path()) as string);

  // Three mistakes: a frequency that does not exist, a link to a KPI that does not, a value that is not a number.
  await checkWorkbook(page, await fillWorkbook(blank, true));
  await expect(page.getByRole("heading", { name: "3 problems to fix" })).toBeVisible();
  const problems = page.getByRole("table", { name: /Every problem of library\.xlsx/ });
  await expect(problems.getByRole("row")).toHaveCount(4);
  await expect(problems.getByRole("row", { name: /KPIs sheet, row 3, column frequency/ })).toContainText(
    "Choose monthly, quarterly or annual.",
  );
  await expect(problems.getByRole("row", { name: /Links sheet, row 2, column to/ })).toContainText("library.visitors");
  await expect(problems.getByRole("row", { name: /Measurements sheet, row 2, column value/ })).toContainText(
    "Enter a number.",
  );
  await expect(page.getByRole("button", { name: /^Import / })).toHaveCount(0);
  await expectNoAccessibilityViolations(page);
  await page.goto("/tree");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("treeitem", { name: /Open hours per week/ })).toHaveCount(0);

  // Fixed: the preview says what will be created, and Import applies it once.
  await page.goto("/data/import");
  await checkWorkbook(page, await fillWorkbook(blank, false));
  const preview = page.getByRole("table", { name: /Objects of library\.xlsx/ });
  await expect(preview.getByRole("row", { name: /^KPIs/ })).toHaveText(/KPIs\s*3\s*0\s*0/);
  await expect(preview.getByRole("row", { name: /^Key results/ })).toHaveText(/Key results\s*1\s*0\s*0/);
  await expect(preview.getByRole("row", { name: /^Measurements/ })).toHaveText(/Measurements\s*1\s*0\s*0/);
  await expectNoAccessibilityViolations(page);

  const importButton = page.getByRole("button", { name: "Import library.xlsx" });
  const applied = page.waitForResponse(
    (response) => response.request().method() === "POST" && /\/data\/import\/jobs\//.test(response.url()),
  );
  await importButton.click();
  await expect(importButton).toBeDisabled();
  const response = await applied;
  await expect(page.getByText(/Imported library\.xlsx: \d+ created/)).toBeVisible();
  await expectNoAccessibilityViolations(page);

  // The server applies a preview once, whoever sends it again.
  const again = await page.request.post(response.url());
  expect(again.status()).toBe(409);

  await page.getByRole("link", { name: "See the tree" }).click();
  await expect(page.getByRole("treeitem", { name: /^A library people use \(Objective L1\)/ })).toBeVisible();
  await expect(page.getByRole("treeitem", { name: /^Visits \(outcome KPI library\.visits\)/ })).toContainText("64");
});

import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

// The CSV upload in a real browser on the seeded City of Riverton: the preview shows each row valid or with its error
// before anything is stored; storing keeps the valid rows and offers the rejected ones back as a CSV; the same file
// again changes nothing. Values are for June 2027, a period that has not started: they are stored as scheduled data
// and change no health the other specs read.

const run = Date.now().toString(36);

function csvFile(name: string, lines: string[]) {
  return { name, mimeType: "text/csv", buffer: Buffer.from(lines.join("\n") + "\n", "utf8") };
}

async function checkFile(page: Page, file: ReturnType<typeof csvFile>) {
  await page.getByLabel("CSV file", { exact: true }).setInputFiles(file);
  await page.getByRole("button", { name: "Check the file" }).click();
}

test("an officer uploads good and bad rows, reads the preview, stores the good ones and downloads the rejected", async ({
  page,
}) => {
  await openSessionAs(page, DEMO_USERS.officer);
  await page.goto("/data");
  await expect(page.getByRole("heading", { level: 1, name: "Data" })).toBeVisible();
  await expectNoAccessibilityViolations(page);
  await page.getByRole("link", { name: "Upload a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Upload measurements" })).toBeVisible();
  await expectNoAccessibilityViolations(page);

  const file = csvFile(`upload-${run}.csv`, [
    "kpi,period,value,note",
    `permits.plan_review_days,2027-06,12.5,e2e ${run}`,
    "streets.potholes_repaired,2027-06,2900,",
    "permits.plan_review_days,2027-Q2,3,",
    "nope.kpi,2027-06,1,",
    "streets.pothole_requests,2027-06,lots,",
  ]);
  await checkFile(page, file);
  await expect(page.getByRole("status")).toContainText("5 rows checked: 2 valid, 3 with an error.");
  const preview = page.getByRole("table");
  await expect(preview.getByRole("row")).toHaveCount(6);
  await expect(preview.getByRole("row", { name: /^2 / })).toContainText("Valid");
  await expect(preview.getByRole("row", { name: /^4 / })).toContainText("Error: 2027-Q2 is a quarterly period");
  await expect(preview.getByRole("row", { name: /^5 / })).toContainText(
    "No KPI you may enter data for has the code nope.kpi.",
  );
  await expect(preview.getByRole("row", { name: /^6 / })).toContainText('Error: "lots" is not a number.');
  await page.getByLabel("Show only rows with an error").check();
  await expect(preview.getByRole("row")).toHaveCount(4);
  await expectNoAccessibilityViolations(page);

  await page.getByRole("button", { name: "Store the 2 valid rows" }).click();
  await expect(page.getByText("Stored: 2 new, 0 replaced")).toBeVisible();
  await expect(page.getByText("3 rows were rejected and not stored.")).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download the 3 rejected rows (CSV)" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("rejected-rows.csv");
  const rejected = fs.readFileSync((await download.path()) as string, "utf8").replace(/^\uFEFF/, "");
  const lines = rejected.trim().split(/\r?\n/);
  expect(lines[0]).toBe("kpi,period,value,note,row,error");
  expect(lines.slice(1).map((line) => line.split(",").slice(0, 5).join(","))).toEqual([
    "permits.plan_review_days,2027-Q2,3,,4",
    "nope.kpi,2027-06,1,,5",
    "streets.pothole_requests,2027-06,lots,,6",
  ]);
  await expectNoAccessibilityViolations(page);

  // The same file again: checked as before, and storing it changes nothing.
  await checkFile(page, file);
  await page.getByRole("button", { name: "Store the 2 valid rows" }).click();
  await expect(
    page.getByText("Stored: 0 new, 0 replaced (the previous values are kept in the history), 2 unchanged."),
  ).toBeVisible();
});

test("a department head may upload their own branch's KPIs only", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.head);
  await page.goto("/data/upload");
  await checkFile(
    page,
    csvFile(`head-${run}.csv`, [
      "period,kpi,value",
      "2027-06,streets.potholes_repaired,2950",
      "2027-06,permits.plan_review_days,11",
    ]),
  );
  await expect(page.getByRole("status")).toContainText("2 rows checked: 1 valid, 1 with an error.");
  await expect(page.getByRole("table")).toContainText(
    "No KPI you may enter data for has the code permits.plan_review_days.",
  );
  await page.getByRole("button", { name: "Store the 1 valid rows" }).click();
  await expect(page.getByText(/Stored: \d new, \d replaced/)).toBeVisible();
});

test("an executive has no upload; the API documentation is public and accessible", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.executive);
  await page.goto("/data/upload");
  await expect(page.getByRole("heading", { name: "Upload measurements" })).toHaveCount(0);
  await page.goto("/data");
  await expect(page.getByRole("link", { name: "Upload a CSV file" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "The scorecard (CSV)" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.goto("/api-docs");
  await expect(page.getByRole("heading", { level: 1, name: "Throughline API" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "POST /api/v1/measurements" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "KeyResult", exact: true })).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

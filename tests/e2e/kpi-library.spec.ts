import { expect, test, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

// The KPI library (/kpis), with the keyboard only: filter by department and IPO level (a GET form: the filters are
// the address), choose KPIs with "select all on this page", publish them, and find them on the public pages.

const PUBLIC_HOME = "/p/riverton";
// Two process KPIs of Planning and Permits the seed leaves unpublished; no other test relies on them.
const CHOSEN = [
  { code: "permits.intake_routed_1day_pct", name: "Plans logged and routed to reviewers within 1 business day" },
  { code: "permits.issued", name: "Permits issued" },
];

async function tabTo(page: Page, isTarget: () => Promise<boolean>, limit = 80) {
  for (let step = 0; step < limit; step++) {
    await page.keyboard.press("Tab");
    if (await isTarget()) return;
  }
  throw new Error("The target was never focused with Tab.");
}

const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? "");
const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");

test("filter by department and IPO level, bulk-publish two KPIs and see them in public, with the keyboard only", async ({
  page,
  request,
}) => {
  // A long journey: sign-in, two axe runs, a save and the public pages.
  test.slow();
  for (const kpi of CHOSEN) expect((await request.get(`${PUBLIC_HOME}/kpis/${kpi.code}`)).status()).toBe(404);
  await openSessionAs(page, DEMO_USERS.officer);
  await page.goto("/kpis");
  await expect(page.getByRole("heading", { level: 1, name: "KPI library" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New KPI" })).toHaveAttribute("href", "/kpis/new");
  await expectNoAccessibilityViolations(page);

  // Choose the filters: a select takes the option typed while it has focus.
  await tabTo(page, async () => (await focusedId(page)) === "kpi-filter-department");
  await page.keyboard.type("Planning");
  await page.keyboard.press("Tab");
  expect(await focusedId(page)).toBe("kpi-filter-ipo");
  await page.keyboard.type("Process");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  expect(await focusedId(page)).toBe("kpi-filter-published");
  await page.keyboard.type("Not");
  await tabTo(page, async () => (await focusedText(page)) === "Apply filters");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/kpis\?department=PLN&ipo=process&published=no$/);

  const table = page.getByRole("table", { name: /KPIs .* matching the filters/ });
  const rows = table.locator("tbody tr");
  await expect(rows).toHaveCount(CHOSEN.length);
  for (const kpi of CHOSEN) await expect(table.getByRole("rowheader", { name: new RegExp(kpi.code) })).toBeVisible();
  for (const row of await rows.all()) {
    // Cells after the row's checkbox: department, IPO level.
    await expect(row.getByRole("cell").nth(1)).toHaveText("Planning and Permits");
    await expect(row.getByRole("cell").nth(2)).toHaveText("Process");
  }

  // Choose every KPI of the page, then publish them.
  await tabTo(page, async () => (await focusedId(page)) === "kpi-choose-all");
  await page.keyboard.press("Space");
  await expect(page.getByText("2 KPIs chosen.")).toBeVisible();
  for (const kpi of CHOSEN) {
    await expect(page.getByRole("checkbox", { name: `Select ${kpi.name} (${kpi.code})` })).toBeChecked();
  }
  await expectNoAccessibilityViolations(page);
  await page.keyboard.press("Shift+Tab");
  expect(await focusedText(page)).toBe("Unpublish");
  await page.keyboard.press("Shift+Tab");
  expect(await focusedText(page)).toBe("Publish");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "2 KPIs published." })).toBeVisible();
  // Published, they no longer match "not published".
  await expect(page.getByText("No KPI matches these filters.")).toBeVisible();

  for (const kpi of CHOSEN) {
    const response = await request.get(`${PUBLIC_HOME}/kpis/${kpi.code}`);
    expect(response.status(), `${kpi.code} is public`).toBe(200);
    expect(await response.text()).toContain(kpi.name);
  }

  // Put them back as the seed had them, from the published list.
  await page.goto("/kpis?department=PLN&ipo=process&published=yes");
  for (const kpi of CHOSEN) {
    await page.getByRole("checkbox", { name: `Select ${kpi.name} (${kpi.code})` }).focus();
    await page.keyboard.press("Space");
  }
  await page.getByRole("button", { name: "Unpublish" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status").filter({ hasText: "2 KPIs unpublished." })).toBeVisible();
  for (const kpi of CHOSEN) expect((await request.get(`${PUBLIC_HOME}/kpis/${kpi.code}`)).status()).toBe(404);
});

test("a department head reads their branch's KPIs, with no editing controls", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.head);
  await page.goto("/kpis");
  await expect(page.getByRole("heading", { level: 1, name: "KPI library" })).toBeVisible();
  await expect(page.getByRole("link", { name: "New KPI" })).toHaveCount(0);
  await expect(page.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Publish" })).toHaveCount(0);
  const departments = await page.locator("tbody tr td:nth-child(2)").allTextContents();
  expect(departments.length).toBeGreaterThan(0);
  const options = await page.locator("#kpi-filter-department option").allTextContents();
  // Only departments of their branch are offered, and only their KPIs are listed.
  for (const department of departments) expect(options.some((option) => option.startsWith(department))).toBe(true);
  await expectNoAccessibilityViolations(page);
});

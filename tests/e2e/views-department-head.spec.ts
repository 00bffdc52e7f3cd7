import { expect, test } from "@playwright/test";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";
import { treeItem } from "./support/tree";

// The head of Public Works (with Streets and Traffic below it): their branch in full, the path
// up to the top objectives by name and health, nothing else.

test.beforeEach(async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.head);
});

test("a department head starts on their department, KPIs due for an update first", async ({ page }) => {
  await expect(page).toHaveURL(/\/department$/);
  await expect(page.getByRole("heading", { level: 1, name: "Public Works" })).toBeVisible();
  const rows = page.getByRole("table", { name: /KPIs due for an update first/ }).getByRole("row");
  // The first data row is a stale KPI, and the branch's sub-departments' KPIs are listed.
  await expect(rows.nth(1)).toContainText("Stale data");
  await expect(page.getByRole("link", { name: "Pothole repair crews deployed per day" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Average days to repair a traffic signal outage" })).toBeVisible();
  await expect(page.getByText("Permits issued", { exact: true })).toHaveCount(0);
});

test("a department head enters this period's value for their own KPI and sees it stored", async ({ page }) => {
  const row = page.getByRole("row", { name: /Average days to repair a traffic signal outage/ });
  const field = row.getByRole("textbox");
  // The label names the period due: read it, so the test holds on any date.
  const label = (await field.evaluate((input) => (input as HTMLInputElement).labels?.[0]?.textContent ?? "")).trim();
  const period = /:\s*(.+?) \(days\)/.exec(label)?.[1];
  expect(period, `a period in "${label}"`).toBeTruthy();
  await field.fill("0.9");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toContainText("Saved.");

  await page.goto("/kpi/streets.signal_repair_days");
  const measurements = page.getByRole("table", { name: /Every value of/ });
  await expect(measurements.getByRole("row", { name: new RegExp(period!) })).toContainText("0.9 days");
  // The head of the owning department may correct it, with a note.
  await expect(page.getByRole("form", { name: "Add or correct a value" })).toBeVisible();
});

test("a value outside the KPI's valid range is refused in the quick entry, with the range named", async ({ page }) => {
  const row = page.getByRole("row", { name: /Average days to repair a traffic signal outage/ });
  const field = row.getByRole("textbox");
  await expect(field).toHaveAccessibleDescription(/Valid range: 0 or more\./);
  await field.fill("-1");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row).toContainText("-1 is outside the valid range of streets.signal_repair_days (0 or more).");
  await expect(field).toHaveAttribute("aria-invalid", "true");
});

test("a department head sees their branch in the tree, and the path up by name and health only", async ({ page }) => {
  await page.goto("/tree");
  await expect(treeItem(page, "INF-1")).toBeVisible();
  await expect(treeItem(page, "INF")).toHaveAttribute("aria-label", /view only/);
  await expect(treeItem(page, "INF-1")).not.toHaveAttribute("aria-label", /view only/);
  // Another department's objectives are not in their tree at all.
  await expect(treeItem(page, "ED-1")).toHaveCount(0);
  await expect(treeItem(page, "PS-2")).toHaveCount(0);
});

test("another department's KPI answers 404, in the tree and on its own page", async ({ page }) => {
  for (const path of ["/kpi/permits.plan_review_days", "/tree/kpi/permits.plan_review_days", "/objective/ED-1"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Plan review")).toHaveCount(0);
  }
});

test("a department head gets no edit controls outside their branch, and no tree editing inside it", async ({
  page,
}) => {
  // On the path up: name and health only.
  await page.goto("/tree/objective/INF");
  const panel = page.getByRole("complementary", { name: "Selected node" });
  await expect(panel.getByText("you see its name and health only")).toBeVisible();
  await expect(panel.getByRole("form")).toHaveCount(0);
  await expect(panel.getByRole("button")).toHaveCount(0);
  // Their own KPI: data entry on its page, but no tree edits (performance officers make those).
  await page.goto("/tree/kpi/streets.pci_avg");
  await expect(panel.getByRole("heading", { name: "Network average Pavement Condition Index" })).toBeVisible();
  await expect(panel.getByRole("form")).toHaveCount(0);
  await page.goto("/kpi/streets.pci_avg");
  await expect(page.getByRole("link", { name: /Edit this KPI/ })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Add or correct a value" })).toBeVisible();
});

// Issue 13, item 8: a department head's comment on a published KPI went straight to the public dashboard.
test("a department head's new comment on a published KPI is internal and does not appear on the public page", async ({
  page,
  request,
}) => {
  await page.goto("/kpi/streets.potholes_repaired");
  const add = page.getByRole("form", { name: "Add commentary" });
  // Only someone who may publish is offered the choice.
  await expect(add.getByLabel("Show on the public dashboard")).toHaveCount(0);
  await expect(add).toContainText("Only signed-in staff see it");
  const body = `Crew shortage note ${Date.now().toString(36)}`;
  await add.getByLabel(/^What happened/).fill(body);
  await add.getByRole("button", { name: "Add commentary" }).click();
  await expect(add.getByRole("status")).toContainText("Commentary added, for signed-in staff only.");
  const entry = page.locator("li", { hasText: body });
  await expect(entry).toContainText("Internal");

  const published = await request.get("/p/riverton/kpis/streets.potholes_repaired");
  expect(published.status()).toBe(200);
  expect(await published.text()).not.toContain(body);
});

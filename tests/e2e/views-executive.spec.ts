import { expect, test } from "@playwright/test";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

const TOP_OBJECTIVES = [
  "Streets, lights and signals in good repair",
  "Residents are safe and emergency help arrives fast",
  "Healthy communities: parks, libraries and health within reach",
  "Clean, safe and well-kept neighborhoods",
  "A city where it is easy to build and open a business",
  "Responsive, well-run government",
];

test.beforeEach(async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.executive);
});

test("an executive starts on the scorecard, which shows every top objective with its figures", async ({ page }) => {
  await expect(page).toHaveURL(/\/scorecard$/);
  const objectives = page.getByRole("region", { name: "Top objectives" }).getByRole("listitem");
  await expect(objectives).toHaveCount(TOP_OBJECTIVES.length);
  for (const title of TOP_OBJECTIVES) {
    const card = objectives.filter({ has: page.getByRole("link", { name: title }) });
    await expect(card).toContainText(/On track|At risk|Off track|No data/);
    await expect(card).toContainText(/Health\s*\d+%/);
    await expect(card).toContainText(/Coverage\s*\d+%/);
    await expect(card).toContainText(/Change since/);
    await expect(card.getByRole("img", { name: /Health over the last/ })).toBeVisible();
  }
  const attention = page.getByRole("table", { name: /Off-track and stale items/ });
  await expect(attention).toContainText("Off track");
  await expect(attention).toContainText("Stale data");
  await expect(attention).toContainText("Streets and Pavement");
});

test("an executive drills down from the scorecard to a KPI and reads why its health is what it is", async ({
  page,
}) => {
  await page.getByRole("link", { name: "Residents are safe and emergency help arrives fast" }).click();
  await expect(
    page.getByRole("heading", { level: 1, name: "Residents are safe and emergency help arrives fast" }),
  ).toBeVisible();
  await page.getByRole("link", { name: "Answer every 911 call within 15 seconds" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Answer every 911 call within 15 seconds" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Each child's weighted share" })).toBeVisible();
  await page.getByRole("link", { name: "911 calls answered within 15 seconds" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "911 calls answered within 15 seconds" })).toBeVisible();
  await expect(
    page.getByRole("heading", { name: /^Why is this (on track|at risk|off track|no data|no target)\?$/ }),
  ).toBeVisible();
  await expect(page.getByText("Rule:")).toBeVisible();
  await expect(page.getByRole("table", { name: "The inputs of the rule" })).toContainText("Attainment");
  await expect(page.getByText("The arithmetic:")).toBeVisible();
  await expect(page.getByRole("img", { name: /Chart of 911 calls answered/ })).toBeVisible();
});

test("an executive gets no edit controls on the tree or on a KPI", async ({ page }) => {
  await page.goto("/tree/kpi/dispatch.calls_answered_15s_pct");
  const panel = page.getByRole("complementary", { name: "Selected node" });
  await expect(panel.getByRole("heading", { name: "911 calls answered within 15 seconds" })).toBeVisible();
  await expect(panel.getByRole("form")).toHaveCount(0);
  await page.goto("/tree/objective/PS");
  await expect(panel.getByRole("form")).toHaveCount(0);
  await page.goto("/kpi/dispatch.calls_answered_15s_pct");
  await expect(page.getByRole("form", { name: "Add or correct a value" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: /Edit this KPI/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /Save/ })).toHaveCount(0);
});

import { expect, test } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { setUpNewAgency } from "./support/new-agency";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";
import { treeItem } from "./support/tree";

// The second journey of issue 12: from an agency made by `agency:create` and nothing else, the officer builds a tree
// from a starter template in a few steps — choose, untick, map departments, create — and sees it on /tree.

test.setTimeout(120_000);

test("from an empty agency, an officer creates a tree from a template and sees it on the tree page", async ({
  page,
}) => {
  await setUpNewAgency(page, "Village of Brookfield", [
    { code: "CDD", name: "Community Development" },
    { code: "PW", name: "Public Works" },
  ]);

  await page.goto("/setup/templates");
  await expect(page.getByRole("heading", { level: 1, name: "Start from a template" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 })).toHaveCount(9);
  await expectNoAccessibilityViolations(page);
  await page.getByRole("link", { name: "Preview Permits and inspections" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "Permits and inspections" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create from the Permits and inspections template" });
  const counts = form.locator(".template-builder__counts");
  await expect(counts).toContainText("1 objective, 3 key results, 12 KPIs and 15 driver links, in a new plan.");
  // Two departments and no obvious match: the template's department must be mapped before creating.
  await expect(form.getByRole("alert")).toContainText("Choose which of your departments owns");
  await expectNoAccessibilityViolations(page);

  // By keyboard: untick a KPI (its key result goes with it, and the preview says so) and map the department.
  const kpi = form.getByRole("checkbox", { name: /^Permits issued within 10 business days/ });
  await kpi.focus();
  await page.keyboard.press("Space");
  await expect(kpi).not.toBeChecked();
  await expect(counts).toContainText("1 objective, 2 key results, 11 KPIs and 13 driver links");
  await expect(form.getByRole("status").first()).toContainText("Key result PERMITS.KR1");
  await form
    .getByLabel("Permits and inspections", { exact: true })
    .selectOption({ label: "Community Development (CDD)" });
  await expect(form.getByRole("alert")).toHaveCount(0);
  await form.getByLabel("Plan name").fill("Brookfield permits plan");
  await expectNoAccessibilityViolations(page);

  const create = form.getByRole("button", { name: "Create" });
  await create.click();
  await expect(page).toHaveURL(/\/tree$/, { timeout: 30_000 });
  await expect(treeItem(page, "PERMITS")).toHaveAttribute("aria-label", /Issue permits and licences/);
  await expect(treeItem(page, "PERMITS.KR2")).toBeVisible();
  await expect(page.locator('[role="treeitem"][data-code="PERMITS.KR1"]')).toHaveCount(0);

  // Created once: the same choices again are refused as clashes, and nothing is written twice.
  await page.goto("/setup/templates/permits-inspections");
  const again = page.getByRole("form", { name: "Create from the Permits and inspections template" });
  await expect(again.getByRole("alert")).toContainText("Your tree has a KPI permits.plan_reviewers_fte already");
  await expect(again).toContainText("The objective joins your plan Brookfield permits plan");
});

test("the template pages are for officers: an executive is not shown them", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.executive);
  const response = await page.goto("/setup/templates");
  expect(response?.status()).toBe(404);
});

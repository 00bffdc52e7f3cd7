import { expect, test } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

// axe-core with the WCAG 2.2 AA rule sets on every page of the tree, the KPI page, the
// scorecard, the objective page and the department view, for every role that can open them.

const PAGES: Record<keyof typeof DEMO_USERS, readonly string[]> = {
  officer: [
    "/tree",
    "/tree/objective/INF-1",
    "/tree/key-result/INF-1.KR2",
    "/tree/kpi/streets.pci_avg",
    "/kpi/streets.pci_avg",
    "/kpi/permits.cost_per_permit",
    "/objective/INF",
    "/scorecard",
    "/department",
    "/department?department=PLN",
  ],
  head: [
    "/department",
    "/tree",
    "/tree/objective/INF",
    "/tree/kpi/streets.potholes_repaired",
    "/kpi/streets.potholes_repaired",
    "/objective/INF-2",
    "/scorecard",
  ],
  executive: [
    "/scorecard",
    "/tree",
    "/tree/kpi/police.p1_response_min",
    "/kpi/police.p1_response_min",
    "/objective/PS",
    "/department?department=PD",
  ],
  admin: ["/scorecard", "/tree", "/kpi/library.visits_per_capita"],
};

for (const [role, paths] of Object.entries(PAGES) as [keyof typeof DEMO_USERS, readonly string[]][]) {
  test(`${role}: every view has no accessibility violations`, async ({ page }) => {
    test.setTimeout(90_000);
    await openSessionAs(page, DEMO_USERS[role]);
    for (const path of paths) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(200);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectNoAccessibilityViolations(page);
    }
  });
}

test("the tree has no accessibility violations with a node open, a branch expanded and an error shown", async ({
  page,
}) => {
  await openSessionAs(page, DEMO_USERS.officer);
  await page.goto("/tree/kpi/streets.pci_avg");
  const node = page.locator('[role="treeitem"][data-code="streets.pci_avg"]').first();
  await node.click();
  await node.press("ArrowRight");
  const form = page.getByRole("form", { name: "Edit the KPI" });
  await form.getByLabel("Name").fill("");
  await form.getByRole("button", { name: "Save KPI" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";
import { treeItem } from "./support/tree";

// Creating and editing KPIs with the full KPI form: the formula checked as it is typed, per-period targets from a
// period picker in the agency's fiscal terms, and driver links picked from the tree with the engine's check. The
// database is shared by every test of a run: each test creates KPIs of its own.

test.beforeEach(async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.officer);
});

/** Focuses a field and types into it from the keyboard, as a keyboard user would. */
async function typeInto(page: Page, field: Locator, text: string) {
  await field.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

test("an officer creates a formula KPI from the keyboard: a live error, a fix by autocomplete, a preview", async ({
  page,
}) => {
  const code = `e2e.cost_per_reviewer_${Date.now().toString(36)}`;
  await page.goto("/kpis/new");
  await expect(page.getByRole("heading", { level: 1, name: "New KPI" })).toBeVisible();
  const form = page.getByRole("form", { name: "Create a KPI" });
  await typeInto(page, form.getByLabel(/^Code/), code);
  await typeInto(page, form.getByLabel(/^Name/), "Permit cost per reviewer");
  await typeInto(page, form.getByLabel("Unit"), "USD");

  const formula = form.getByLabel("Formula");
  await typeInto(page, formula, "finance.permits_cost / permits.plan_reviewer");
  // Checked on each keystroke by the engine's own validation: the code does not exist (yet).
  await expect(form.getByText("Not yet valid:")).toBeVisible();
  await expect(form.locator(".formula-check")).toContainText(
    "The formula names a KPI that does not exist: permits.plan_reviewer.",
  );
  await expectNoAccessibilityViolations(page);

  // The word being typed is completed from the KPIs the formula may use.
  const suggestion = form.getByRole("button", { name: /^Plan review and building inspection staff/ });
  await expect(suggestion).toBeVisible();
  await suggestion.focus();
  await page.keyboard.press("Enter");
  await expect(formula).toHaveValue("finance.permits_cost / permits.plan_reviewers_fte");
  await expect(formula).toBeFocused();
  await expect(form.locator(".formula-check")).toContainText(
    "The formula is valid. It uses finance.permits_cost, permits.plan_reviewers_fte.",
  );

  // The preview: the last values the engine computes for the draft, before anything is saved.
  await form.getByRole("button", { name: "Preview the last values" }).focus();
  await page.keyboard.press("Enter");
  await expect(form.getByRole("table", { name: /last values, as saving it would compute them/ })).toBeVisible();

  await form.getByRole("button", { name: "Create KPI" }).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/tree/kpi/${code.replace(/\./g, "\\.")}$`));
  const panel = page.getByRole("complementary", { name: "Selected node" });
  await expect(panel.getByRole("heading", { name: "Permit cost per reviewer" })).toBeVisible();
  await expect(panel.getByRole("form", { name: "Edit the KPI" }).getByLabel("Formula")).toHaveValue(
    "finance.permits_cost / permits.plan_reviewers_fte",
  );
});

test("a formula that would close a cycle shows the cycle before saving", async ({ page }) => {
  // permits.cost_per_permit = finance.permits_cost / permits.issued: giving permits.issued a formula naming it loops.
  await page.goto("/tree/kpi/permits.issued");
  const form = page.getByRole("complementary", { name: "Selected node" }).getByRole("form", { name: "Edit the KPI" });
  await typeInto(page, form.getByLabel("Formula"), "permits.cost_per_permit * 2");
  await expect(form.locator(".formula-check")).toContainText(
    "The cycle: permits.issued → permits.cost_per_permit → permits.issued",
  );
});

test("a quarterly KPI gets a per-period target chosen from the fiscal periods of the plan", async ({ page }) => {
  const code = `e2e.quarterly_${Date.now().toString(36)}`;
  await page.goto("/kpis/new");
  const form = page.getByRole("form", { name: "Create a KPI" });
  await typeInto(page, form.getByLabel(/^Code/), code);
  await typeInto(page, form.getByLabel(/^Name/), "Quarterly resident survey score");
  await typeInto(page, form.getByLabel("Unit"), "%");
  // A percentage: the form suggests the valid range 0 to 100.
  await form.getByRole("button", { name: "Use 0 to 100" }).click();
  await expect(form.getByLabel("Lowest valid value")).toHaveValue("0");
  await expect(form.getByLabel("Highest valid value")).toHaveValue("100");
  await form.getByLabel("Input → Process → Outcome level").selectOption("outcome");
  await form.getByLabel("Frequency").selectOption("quarterly");
  await typeInto(page, form.getByLabel("Default target"), "80");
  await form.getByRole("button", { name: "Create KPI" }).click();
  await expect(page).toHaveURL(new RegExp(`/tree/kpi/${code.replace(/\./g, "\\.")}$`));

  const panel = page.getByRole("complementary", { name: "Selected node" });
  const targetForm = panel.getByRole("form", { name: "Set a target for one period" });
  // The label reads "Period (required)": an exact "Period" found no select, which looked like a picker without options.
  const period = targetForm.getByLabel(/^Period/);
  // The plan runs from July 2025 (fiscal years start in July): its quarters in the agency's words.
  await expect(period.locator("option").first()).toHaveText("FY2026 Q1 (Jul–Sep 2025)");
  await period.selectOption({ label: "FY2027 Q2 (Oct–Dec 2026)" });
  await typeInto(page, targetForm.getByLabel("Target for that period"), "85");
  await targetForm.getByRole("button", { name: "Set period target" }).click();
  await expect(panel.getByRole("heading", { name: "Per-period targets (1)" })).toBeVisible();
  await expect(panel.getByRole("region", { name: /Per-period targets/ })).toContainText("FY2027 Q2 (Oct–Dec 2026): 85");
  // The period now has its target: the picker no longer offers it.
  await expect(
    panel.getByRole("form", { name: "Set a target for one period" }).getByRole("option", {
      name: "FY2027 Q2 (Oct–Dec 2026)",
    }),
  ).toHaveCount(0);

  // Saved: a reload shows the target again, from the database.
  await page.reload();
  await expect(panel.getByRole("heading", { name: "Per-period targets (1)" })).toBeVisible();
  await expect(panel.getByRole("region", { name: /Per-period targets/ })).toContainText("FY2027 Q2 (Oct–Dec 2026): 85");
  await expect(panel.getByRole("form", { name: "Set a target for one period" }).getByLabel(/^Period/)).toHaveValue(
    "2026-Q1",
  );
});

test("an officer adds a driver and a driven KPI from the tree; refused candidates say why", async ({ page }) => {
  const code = `e2e.linked_${Date.now().toString(36)}`;
  await page.goto("/kpis/new");
  const form = page.getByRole("form", { name: "Create a KPI" });
  await typeInto(page, form.getByLabel(/^Code/), code);
  await typeInto(page, form.getByLabel(/^Name/), "Plan sets checked for completeness");
  await form.getByRole("button", { name: "Create KPI" }).click();
  await expect(page).toHaveURL(new RegExp(`/tree/kpi/${code.replace(/\./g, "\\.")}$`));
  const panel = page.getByRole("complementary", { name: "Selected node" });

  // A process KPI: an outcome cannot drive it — the picker says so before anything is saved.
  const driverForm = panel.getByRole("form", { name: "Add a driver" });
  await typeInto(page, driverForm.getByLabel("Driver KPI"), "permits.issued_10day");
  const refused = driverForm.getByRole("button", { name: /permits\.issued_10day_pct/ });
  await expect(refused).toBeDisabled();
  await expect(refused).toContainText("Not possible: A link runs from a lower or the same");
  await typeInto(page, driverForm.getByLabel("Driver KPI"), "plan review and building");
  await driverForm.getByRole("button", { name: /^Plan review and building inspection staff/ }).click();
  await driverForm.getByRole("button", { name: "Add driver" }).click();
  await expect(driverForm.getByRole("status")).toContainText("Driver added.");
  await expect(panel.getByRole("region", { name: /^Drivers \(1\)/ })).toContainText(
    "Plan review and building inspection staff",
  );

  const drivenForm = panel.getByRole("form", { name: "Add a driven KPI" });
  await typeInto(page, drivenForm.getByLabel("Driven KPI"), "permits.issued_10day");
  await drivenForm.getByRole("button", { name: /permits\.issued_10day_pct/ }).click();
  await drivenForm.getByRole("button", { name: "Add driven KPI" }).click();
  await expect(drivenForm.getByRole("status")).toContainText("Driven KPI added.");
  await expect(panel.getByRole("region", { name: /^Drives \(1\)/ })).toContainText("permits.issued_10day_pct");

  // Its driver is now one of its children in the tree.
  await page.goto("/tree/kpi/permits.issued_10day_pct");
  const node = treeItem(page, "permits.issued_10day_pct");
  await node.click();
  await node.press("ArrowRight");
  await expect(treeItem(page, code)).toBeVisible();
});

test("the KPI form is axe-clean with its errors shown", async ({ page }) => {
  await page.goto("/kpis/new");
  const form = page.getByRole("form", { name: "Create a KPI" });
  await typeInto(page, form.getByLabel(/^Code/), "1bad code");
  await typeInto(page, form.getByLabel("On track from (%)"), "120");
  await form.getByRole("button", { name: "Create KPI" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  await expect(form.getByRole("alert")).toContainText("A KPI code starts with a letter");
  await expectNoAccessibilityViolations(page);
});

test("a department head cannot open the new KPI page", async ({ page }) => {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await openSessionAs(page, DEMO_USERS.head);
  const response = await page.goto("/kpis/new");
  expect(response?.status()).toBe(404);
});

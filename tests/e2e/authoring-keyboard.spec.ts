import { expect, test, type Locator, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

// Issue 12: every authoring action works from the keyboard, and every new page and dialog is axe-clean. The keyboard
// journey creates a KPI, links it and sets it a per-period target with keys only: fields are reached by focus (as Tab
// would), choices made with the arrow keys and type-ahead, and every button pressed with Enter.

test.beforeEach(async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.officer);
});

async function typeInto(page: Page, field: Locator, text: string) {
  await field.focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type(text);
}

async function press(page: Page, button: Locator) {
  await button.focus();
  await page.keyboard.press("Enter");
}

test("keyboard only: create a KPI, link it as a driver, set it a per-period target", async ({ page }) => {
  test.setTimeout(90_000);
  const code = `e2e.kb_inspectors_${Date.now().toString(36)}`;
  await page.goto("/kpis/new");
  const form = page.getByRole("form", { name: "Create a KPI" });
  await typeInto(page, form.getByLabel(/^Code/), code);
  await typeInto(page, form.getByLabel(/^Name/), "Building inspectors on staff");
  // A closed select answers type-ahead: "I" picks "Input (resources put in)".
  await form.getByLabel("Input → Process → Outcome level").focus();
  await page.keyboard.press("I");
  await expect(form.getByLabel("Input → Process → Outcome level")).toHaveValue("input");
  await typeInto(page, form.getByLabel("Unit"), "FTE");
  await typeInto(page, form.getByLabel("Default target"), "12");
  await press(page, form.getByRole("button", { name: "Create KPI" }));
  await expect(page).toHaveURL(new RegExp(`/tree/kpi/${code.replace(/\./g, "\\.")}$`));
  const panel = page.getByRole("complementary", { name: "Selected node" });
  await expect(panel.getByRole("heading", { name: "Building inspectors on staff" })).toBeVisible();

  // Link it: it drives the plan-review time. Type, Tab to the first match, Enter to choose it, then add.
  const driven = panel.getByRole("form", { name: "Add a driven KPI" });
  await typeInto(page, driven.getByLabel(/^Driven KPI/), "permits.plan_review_days");
  const match = driven.getByRole("button", { name: /\(permits\.plan_review_days,/ });
  await expect(match).toBeEnabled();
  await page.keyboard.press("Tab");
  await expect(match).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(match).toHaveAttribute("aria-pressed", "true");
  await press(page, driven.getByRole("button", { name: "Add driven KPI" }));
  await expect(driven.getByRole("status")).toContainText("Driven KPI added.");
  await expect(panel.getByRole("region", { name: /^Drives \(1\)/ })).toContainText("permits.plan_review_days");

  // A target for one period: the period picked with the arrow keys, the value typed, Enter submits.
  const targetForm = panel.getByRole("form", { name: "Set a target for one period" });
  const period = targetForm.getByLabel(/^Period/);
  await period.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const chosenPeriod = await period.evaluate((select: HTMLSelectElement) => select.selectedOptions[0]!.text);
  expect(chosenPeriod).not.toBe("");
  await typeInto(page, targetForm.getByLabel(/^Target for that period/), "14");
  await page.keyboard.press("Enter");
  await expect(panel.getByRole("region", { name: /Per-period targets/ })).toContainText(`${chosenPeriod}: 14`);
  await expectNoAccessibilityViolations(page);
});

test("every authoring page, and the delete dialog of each kind of node, has no accessibility violations", async ({
  page,
}) => {
  test.setTimeout(120_000);
  for (const path of ["/kpis", "/kpis/new", "/bin", "/setup/templates", "/data", "/data/import", "/publishing"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoAccessibilityViolations(page);
  }
  for (const [path, noun] of [
    ["/tree/objective/INF-1", "objective"],
    ["/tree/key-result/INF-1.KR2", "key result"],
    ["/tree/kpi/streets.pci_avg", "KPI"],
  ] as const) {
    await page.goto(path);
    const opener = page.getByRole("button", { name: `Delete ${noun}…` });
    await press(page, opener);
    const dialog = page.getByRole("dialog", { name: new RegExp(`^Delete ${noun} `) });
    await expect(dialog.getByRole("heading", { name: "What goes with it" })).toBeVisible();
    await expectNoAccessibilityViolations(page);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await expect(opener).toBeFocused();
  }
});

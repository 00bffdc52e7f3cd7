import { expect, test, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { setUpNewAgency } from "./support/new-agency";
import { treeItem } from "./support/tree";

// From an agency made by `agency:create` and nothing else, the officer builds the start of a tree in
// the browser, by keyboard where a keyboard does it: a plan, objectives (one nested), reordered and
// moved, a key result — and the next-steps checklist follows along.

test("signed out, /scorecard, /department and /tree redirect to sign in before anything is sent", async ({
  request,
}) => {
  // Regression: /scorecard and /department answered 200 and redirected only from the browser's JavaScript.
  for (const path of ["/scorecard", "/department", "/tree"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(307);
    expect(response.headers().location, path).toBe(`/login?callbackUrl=${encodeURIComponent(path)}`);
  }
});

/** Fills a form's fields by label and submits it with Enter from its last text field. */
async function submitByKeyboard(page: Page, formName: string, fields: Record<string, string>) {
  const form = page.getByRole("form", { name: formName });
  const labels = Object.keys(fields);
  for (const label of labels) await form.getByLabel(label, { exact: true }).fill(fields[label]!);
  await form.getByLabel(labels.at(-1)!, { exact: true }).press("Enter");
  return form;
}

async function pressButton(page: Page, formName: string, button: string) {
  const form = page.getByRole("form", { name: formName });
  await form.getByRole("button", { name: button }).focus();
  await page.keyboard.press("Enter");
  return form;
}

const stepStatus = (page: Page, key: string) => page.locator(`[data-step="${key}"] .usa-tag`);

async function openNode(page: Page, code: string) {
  await treeItem(page, code).focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/tree/objective/${code.replace(/\./g, "\\.")}$`));
}

const topLevelOrder = (page: Page) =>
  page
    .locator('[role="treeitem"][aria-level="1"]')
    .evaluateAll((items) => items.map((item) => item.getAttribute("data-code")));

test("an officer of a new agency starts a plan and builds, reorders and moves its objectives", async ({ page }) => {
  test.setTimeout(120_000);
  await setUpNewAgency(page, "Township of Firstrun", [{ code: "PW", name: "Public Works" }]);

  // The officer's home is the tree: with no plan, three ways in.
  await page.goto("/");
  await expect(page).toHaveURL(/\/tree$/);
  await expect(page.getByRole("heading", { name: "Start your agency's plan" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Browse the templates" })).toHaveAttribute("href", "/setup/templates");
  await expect(page.getByRole("link", { name: "Import a file" })).toHaveAttribute("href", "/data/import");
  await expectNoAccessibilityViolations(page);

  // Start blank; an end before the start is refused on the field, and nothing is created.
  let form = await submitByKeyboard(page, "Start a blank plan", {
    "Plan name (required)": "Strategic Plan 2027",
    "Code (required)": "SP-2027",
    "Start date (required)": "2026-07-01",
    "End date (required)": "2026-06-30",
  });
  await expect(form.getByRole("alert")).toContainText("The end date must be after the start date.");
  await expect(form.getByLabel("End date (required)")).toHaveAttribute("aria-invalid", "true");
  await expectNoAccessibilityViolations(page);
  form = await submitByKeyboard(page, "Start a blank plan", { "End date (required)": "2030-06-30" });

  // The plan exists: the tree page, the plan's own edit form, and the checklist with nothing done yet.
  await expect(page.getByRole("heading", { name: "Next steps" })).toBeVisible();
  await expect(page.locator(".page-header")).toContainText("Strategic Plan 2027");
  await expect(page.getByText("0 of 7 done.")).toBeVisible();
  await expect(stepStatus(page, "objectives")).toHaveText("To do");
  await expectNoAccessibilityViolations(page);

  // Two top-level objectives; the second published.
  await submitByKeyboard(page, "Add a top-level objective", {
    "Code (required)": "O1",
    "Title (required)": "Safe streets",
  });
  await expect(page.getByRole("form", { name: "Add a top-level objective" }).getByRole("status")).toContainText(
    "Objective added.",
  );
  await expect(treeItem(page, "O1")).toBeVisible();
  await expect(stepStatus(page, "objectives")).toHaveText("Done");
  await expect(page.getByText("1 of 7 done.")).toBeVisible();
  const addForm = page.getByRole("form", { name: "Add a top-level objective" });
  await addForm.getByLabel("Code (required)").fill("O2");
  await addForm.getByLabel("Title (required)").fill("Thriving parks");
  // USWDS draws its own checkbox over the input: Space on the focused input ticks it.
  await addForm.getByLabel("Published: residents see it on the public pages").focus();
  await page.keyboard.press("Space");
  await addForm.getByLabel("Title (required)").press("Enter");
  await expect(treeItem(page, "O2")).toBeVisible();
  await expect(stepStatus(page, "publish")).toHaveText("Done");
  await expect(page.getByText("2 of 7 done.")).toBeVisible();
  expect(await topLevelOrder(page)).toEqual(["O1", "O2"]);

  // A child objective under O1, from O1's panel.
  await openNode(page, "O1");
  await page.locator("summary", { hasText: "Add a child objective" }).focus();
  await page.keyboard.press("Enter");
  await submitByKeyboard(page, "Add a child objective", {
    "Code (required)": "O1.1",
    "Title (required)": "Fewer potholes",
  });
  await expect(treeItem(page, "O1.1")).toHaveAttribute("aria-level", "2");
  await expectNoAccessibilityViolations(page);

  // Reorder: O2 up, above O1.
  await openNode(page, "O2");
  await pressButton(page, "Move O2 up", "Move up");
  await expect(page.getByRole("form", { name: "Move O2 up" }).getByRole("status")).toContainText("Moved up.");
  await expect.poll(() => topLevelOrder(page)).toEqual(["O2", "O1"]);

  // Move O1.1 under O2: it is drawn there, one level down.
  await openNode(page, "O1.1");
  const move = page.getByRole("form", { name: "Move O1.1 under another objective" });
  await move.getByLabel("Move under").selectOption({ label: "Thriving parks (O2)" });
  await pressButton(page, "Move O1.1 under another objective", "Move objective");
  await expect(move.getByRole("status")).toContainText("Objective moved.");
  // O2 has gained its first child and opens to show it; O1 has none left.
  await expect(treeItem(page, "O2")).toHaveAttribute("aria-expanded", "true");
  await expect(treeItem(page, "O1")).not.toHaveAttribute("aria-expanded", /.*/);
  await expect(treeItem(page, "O1.1")).toHaveAttribute("aria-level", "2");

  // Moving O2 under its own child would close a cycle: refused, with the cycle shown.
  await openNode(page, "O2");
  const cycle = page.getByRole("form", { name: "Move O2 under another objective" });
  await cycle.getByLabel("Move under").selectOption({ label: "Fewer potholes (O1.1)" });
  await pressButton(page, "Move O2 under another objective", "Move objective");
  await expect(cycle.getByRole("alert")).toContainText("O2 → O1.1 → O2");
  await expectNoAccessibilityViolations(page);

  // A key result on O1 (a milestone: no KPI exists yet).
  await openNode(page, "O1");
  await page.locator("summary", { hasText: "Add a key result" }).focus();
  await page.keyboard.press("Enter");
  const keyResult = page.getByRole("form", { name: "Add a key result" });
  await keyResult.getByLabel("Code (required)").fill("O1.KR1");
  await keyResult.getByLabel("Title (required)").fill("Crews trained");
  await keyResult.getByLabel("Kind").selectOption("milestone");
  await keyResult.getByLabel("Progress (0 to 1)").fill("0.5");
  await keyResult.getByLabel("Progress (0 to 1)").press("Enter");
  await expect(keyResult.getByRole("status")).toContainText("Key result added.");
  await expect(treeItem(page, "O1.KR1")).toBeVisible();
  // A key result that tracks no KPI does not tick "key results that track KPIs".
  await expect(stepStatus(page, "keyResults")).toHaveText("To do");

  // The plan's name and dates are edited on the tree page.
  await page.locator("summary", { hasText: "Edit the plan" }).focus();
  await page.keyboard.press("Enter");
  await submitByKeyboard(page, "Edit the plan", { "Plan name (required)": "Strategic Plan 2027–2030" });
  await expect(page.locator(".page-header")).toContainText("Strategic Plan 2027–2030");
  await expectNoAccessibilityViolations(page);
});

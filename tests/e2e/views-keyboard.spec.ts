import { expect, test, type Page } from "@playwright/test";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

// Keyboard only: from the page to the tree, through it with the WAI-ARIA tree keys, open a
// node, edit it in the panel and save.

async function tabUntil(page: Page, isTarget: () => Promise<boolean>, limit = 60) {
  for (let step = 0; step < limit; step++) {
    await page.keyboard.press("Tab");
    if (await isTarget()) return;
  }
  throw new Error("The target was never focused with Tab.");
}

const focusedCode = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute("data-code") ?? document.activeElement?.tagName ?? "");

test("walk the tree, open a node, edit and save, with the keyboard only", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.officer);
  await page.goto("/tree");
  await tabUntil(
    page,
    async () => (await page.evaluate(() => document.activeElement?.getAttribute("role"))) === "treeitem",
  );
  // The tree is one tab stop, starting at its first node.
  expect(await focusedCode(page)).toBe("INF");

  await page.keyboard.press("ArrowDown");
  expect(await focusedCode(page)).toBe("INF-1");
  await page.keyboard.press("ArrowDown");
  expect(await focusedCode(page)).toBe("INF-1.KR1");
  await page.keyboard.press("ArrowDown");
  expect(await focusedCode(page)).toBe("streets.pothole_repair_days");
  // Right opens a collapsed branch; Right again moves into it; Left goes back up, then closes.
  const kpi = page.locator('[role="treeitem"][data-code="streets.pothole_repair_days"]').first();
  await expect(kpi).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowRight");
  await expect(kpi).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowRight");
  expect(await focusedCode(page)).not.toBe("streets.pothole_repair_days");
  await page.keyboard.press("ArrowLeft");
  expect(await focusedCode(page)).toBe("streets.pothole_repair_days");
  await page.keyboard.press("ArrowLeft");
  await expect(kpi).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("End");
  expect(await focusedCode(page)).not.toBe("streets.pothole_repair_days");
  await page.keyboard.press("Home");
  expect(await focusedCode(page)).toBe("INF");

  // Left on an open branch closes it; Left again goes to the parent.
  await page.keyboard.press("ArrowDown");
  const objective = page.locator('[role="treeitem"][data-code="INF-1"]').first();
  await expect(objective).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(objective).toHaveAttribute("aria-expanded", "false");
  await page.keyboard.press("ArrowLeft");
  expect(await focusedCode(page)).toBe("INF");
  // Open the third objective under INF with Enter.
  await page.keyboard.press("ArrowRight");
  expect(await focusedCode(page)).toBe("INF-1");
  let code = await focusedCode(page);
  for (let step = 0; step < 20 && code !== "INF-3"; step++) {
    await page.keyboard.press("ArrowDown");
    code = await focusedCode(page);
  }
  expect(code).toBe("INF-3");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/tree\/objective\/INF-3$/);
  const panel = page.getByRole("complementary", { name: "Selected node" });
  await expect(panel.getByRole("heading", { name: "Keep street lights and traffic signals working" })).toBeVisible();

  // Into the panel: its weight field, a new value, save.
  const weight = panel.getByRole("form", { name: "Edit the objective" }).getByLabel("Weight");
  await tabUntil(page, async () => weight.evaluate((element) => element === document.activeElement));
  await page.keyboard.press("Control+A");
  await page.keyboard.type("3");
  const save = panel.getByRole("button", { name: "Save objective" });
  await tabUntil(page, async () => save.evaluate((element) => element === document.activeElement), 5);
  await page.keyboard.press("Enter");
  await expect(panel.getByRole("form", { name: "Edit the objective" }).getByRole("status")).toContainText(
    "Objective saved.",
  );
  await page.reload();
  await expect(panel.getByRole("form", { name: "Edit the objective" }).getByLabel("Weight")).toHaveValue("3");
});

import { expect, test } from "@playwright/test";
import { setUpNewAgency } from "./support/new-agency";

// A new agency, from the operators' CLI and nothing else: its admin sets it up in the browser, and its officer
// arrives at a tree that does not exist yet.

test("an agency made by agency:create: the admin adds a department and an officer, who finds no plan yet", async ({
  page,
}) => {
  const agency = await setUpNewAgency(page, "Town of Ashford", [{ code: "PW", name: "Public Works" }]);
  expect(agency.officerPassword).not.toBe("");
  await page.goto("/tree");
  await expect(page.getByRole("heading", { level: 1, name: "Driver tree" })).toBeVisible();
  await expect(page.locator("main")).toContainText(/plan/i);
});

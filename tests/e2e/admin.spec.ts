import { expect, test, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { DEMO_USERS, signIn, signInAs } from "./support/sign-in";

// The admin area in a real browser, signed in as the demo's admin. Each test adds its own
// users and tokens (never changing the seeded ones), so the other specs see the demo as seeded.

const run = Date.now().toString(36);
let counter = 0;
const newEmail = (name: string) => `${name}.${run}.${++counter}@riverton.example`;

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
}

/** Adds a user on the Users page and returns the password shown for them. */
async function addUser(page: Page, email: string, name: string, role = "Executive"): Promise<string> {
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toContainText("User added.");
  const password = await form.getByLabel("Initial password").inputValue();
  expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
  return password;
}

async function openUser(page: Page, email: string) {
  await page.goto("/admin/users");
  await page.getByRole("link", { name: email, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: email })).toBeVisible();
}

test("an admin adds a user, sees the password once, and the user signs in with it", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  const email = newEmail("new.analyst");
  const password = await addUser(page, email, "New Analyst");
  await expect(page.getByText("Copy it now; it will not be shown again.")).toBeVisible();
  await expect(page.getByRole("table", { name: /People who can sign in/ })).toContainText(email);
  // Once: a fresh load of the page (or the user's own page) does not show it again.
  await page.reload();
  await expect(page.locator("body")).not.toContainText(password);
  expect(await page.content()).not.toContain(password);
  await openUser(page, email);
  expect(await page.content()).not.toContain(password);
  await signOut(page);
  await signIn(page, email, password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText(email);
});

test("a refused form shows each error next to its field, linked to it", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(DEMO_USERS.officer);
  await form.getByLabel("Name").fill("Duplicate");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  const email = form.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("An account with this email exists already.");
  // What was typed stays, so that it can be corrected.
  await expect(email).toHaveValue(DEMO_USERS.officer);
  await form.getByLabel("Email").fill(newEmail("no.department"));
  await form.getByLabel("Role").selectOption({ label: "Department head" });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByLabel("Department")).toHaveAccessibleDescription(/A department head needs a department\./);
  await expectNoAccessibilityViolations(page);
});

test("an admin changes a user's role and department", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  const email = newEmail("promoted");
  await addUser(page, email, "To Be Promoted");
  await openUser(page, email);
  const form = page.getByRole("form", { name: "Role and department" });
  await form.getByLabel("Role").selectOption({ label: "Department head" });
  await form.getByLabel("Department").selectOption({ value: "PW" });
  await form.getByRole("button", { name: "Save role and department" }).click();
  await expect(form.getByRole("status")).toContainText("Role and department saved.");
  await page.goto("/admin/users");
  const row = page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) });
  await expect(row).toContainText("Department head");
  await expect(row).toContainText("PW");
});

test("an admin deactivates a user, who can then no longer sign in", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  const email = newEmail("leaver");
  const password = await addUser(page, email, "Leaving Soon");
  await openUser(page, email);
  await page.getByRole("button", { name: "Deactivate user" }).click();
  await expect(page.getByText("This user is deactivated and cannot sign in.")).toBeVisible();
  await page.goto("/admin/users");
  await expect(page.getByRole("row", { name: new RegExp(email.replace(/\./g, "\\.")) })).toContainText("Deactivated");
  await signOut(page);
  await signIn(page, email, password);
  await expect(page.locator("#sign-in-error")).toContainText("do not match an active account");
});

test("an admin creates a token, sees it once, and revokes it", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  await page.goto("/admin/tokens");
  const name = `Finance feed ${run}`;
  const form = page.getByRole("form", { name: "Create a token" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/^measurements:write/).check();
  await form.getByLabel("Department").selectOption({ value: "FIN" });
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.getByRole("status")).toContainText("Token created.");
  const token = await form.getByLabel("API token").inputValue();
  expect(token).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
  await expect(form.getByText("Copy it now; it will not be shown again.")).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(name) });
  await expect(row).toContainText(`${token.slice(0, 10)}…`);
  await expect(row).toContainText("measurements:write");
  await expect(row).toContainText("FIN");
  await page.reload();
  expect(await page.content()).not.toContain(token);
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");
  await expect(page.getByRole("button", { name: `Revoke ${name}` })).toHaveCount(0);
});

test("an admin filters the audit log by actor, entity type and date", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  // Something to find: a token created and revoked by this admin.
  await page.goto("/admin/tokens");
  const name = `Audit trail ${run}`;
  const form = page.getByRole("form", { name: "Create a token" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/^read/).check();
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.getByRole("status")).toContainText("Token created.");
  await page.getByRole("button", { name: `Revoke ${name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(name) })).toContainText("Revoked");

  await page.goto("/admin/audit");
  const filters = page.getByRole("form", { name: "Filter the audit log" });
  await filters.getByLabel("Actor").fill("ADMIN@riverton");
  await filters.getByLabel("Entity type").selectOption("apiToken");
  const today = new Date().toISOString().slice(0, 10);
  await filters.getByLabel("From (UTC date)").fill(today);
  await filters.getByLabel("To (UTC date, included)").fill(today);
  await filters.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/entityType=apiToken/);
  const table = page.getByRole("table", { name: /Audit events matching the filters/ });
  await expect(table.getByRole("row", { name: new RegExp(`apiToken\\.revoke.*${name}`) })).toHaveCount(1);
  await expect(table.getByRole("row", { name: new RegExp(`apiToken\\.create.*${name}`) })).toHaveCount(1);
  const entityCells = table.locator("tbody tr td:nth-child(4)");
  for (const text of await entityCells.allTextContents()) expect(text).toMatch(/^apiToken/);
  for (const text of await table.locator("tbody tr td:nth-child(2)").allTextContents()) {
    expect(text).toBe(DEMO_USERS.admin);
  }
  // A range before anything happened finds nothing.
  await page.goto("/admin/audit?from=2000-01-01&to=2000-01-02");
  await expect(page.getByText("No events match these filters.")).toBeVisible();
  await page.goto("/admin/audit?from=2026-02-10&to=2026-02-01");
  await expect(page.getByLabel("To (UTC date, included)")).toHaveAccessibleDescription(
    "The end date cannot be before the start date.",
  );
});

for (const who of [DEMO_USERS.officer, DEMO_USERS.executive, DEMO_USERS.head] as const) {
  test(`${who} gets "not found" for every admin page`, async ({ page }) => {
    await signInAs(page, who);
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Admin" })).toHaveCount(0);
    for (const path of [
      "/admin",
      "/admin/users",
      "/admin/departments",
      "/admin/settings",
      "/admin/tokens",
      "/admin/audit",
    ]) {
      const response = await page.goto(path);
      expect(response?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Administration" })).toHaveCount(0);
    }
  });
}

test("a visitor who is not signed in gets 'not found' for /admin", async ({ page }) => {
  const response = await page.goto("/admin/users");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});

test("every admin page has no accessibility violations", async ({ page }) => {
  // Nine axe runs, one over the audit log's long table: more than the default 30 s on a loaded machine.
  test.setTimeout(120_000);
  await signInAs(page, DEMO_USERS.admin);
  for (const path of [
    "/admin",
    "/admin/users",
    "/admin/departments",
    "/admin/settings",
    "/admin/tokens",
    "/admin/audit",
  ]) {
    await page.goto(path);
    await expect(page.getByRole("navigation", { name: "Administration" })).toBeVisible();
    await expectNoAccessibilityViolations(page);
  }
  await openUser(page, DEMO_USERS.head);
  await expectNoAccessibilityViolations(page);
  await page.goto("/admin/departments");
  await page.getByRole("link", { name: "Public Works", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Public Works (PW)" })).toBeVisible();
  // Retiring Public Works is refused (it has sub-departments, KPIs and a head): the refusal names them.
  await page.getByRole("button", { name: "Retire department" }).click();
  await expect(page.getByRole("form", { name: "Retire department" }).getByRole("alert")).toContainText(
    "PW cannot be retired while it has active sub-departments PW-STR, PW-TRF",
  );
  await expectNoAccessibilityViolations(page);
  // With a secret on show.
  await page.goto("/admin/tokens");
  const form = page.getByRole("form", { name: "Create a token" });
  await form.getByLabel("Name").fill(`Accessibility ${run}`);
  await form.getByLabel(/^read/).check();
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.getByLabel("API token")).toBeVisible();
  await expectNoAccessibilityViolations(page);
});

test("the admin sub-navigation marks the current section", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  await page.goto("/admin/settings");
  const navigation = page.getByRole("navigation", { name: "Administration" });
  await expect(navigation.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  await expect(navigation.getByRole("link", { name: "Users" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Fiscal year starts in")).toBeVisible();
});

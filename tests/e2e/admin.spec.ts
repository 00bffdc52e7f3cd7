import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { acceptInvitation, choosePasswordThroughLink } from "./support/passwords";
import { openSessionAs } from "./support/sessions";
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

const LINK = /^http:\/\/[^/]+\/set-password\?token=[A-Za-z0-9_-]{43}$/;

/** Adds a user on the Users page and returns the set-password link shown for them (never a password). */
async function addUser(page: Page, email: string, name: string, role = "Executive"): Promise<string> {
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill(name);
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toContainText("User added.");
  const link = await form.getByLabel("Set-password link").inputValue();
  expect(link).toMatch(LINK);
  return link;
}

/** Another person's browser: a context of its own (which axe also needs). */
async function openOwnBrowser(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function openUser(page: Page, email: string) {
  await page.goto("/admin/users");
  await page.getByRole("link", { name: email, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: email })).toBeVisible();
}

test("an admin invites a user with a link shown once; the user chooses a password through it and signs in", async ({
  page,
  browser,
}) => {
  // Two people, two browsers, four Argon2 hashes and two axe runs: over 30 s on a loaded machine.
  test.slow();
  await openSessionAs(page, DEMO_USERS.admin);
  const email = newEmail("new.analyst");
  const link = await addUser(page, email, "New Analyst");
  await expect(page.getByText("Copy it now; it will not be shown again.")).toBeVisible();
  await expect(page.getByRole("table", { name: /People who can sign in/ })).toContainText(email);
  const token = new URL(link).searchParams.get("token")!;
  // Once: a fresh load of the page (or the user's own page) does not show it again.
  await page.reload();
  expect(await page.content()).not.toContain(token);
  await openUser(page, email);
  expect(await page.content()).not.toContain(token);

  const invitee = await openOwnBrowser(browser);
  await invitee.goto(link);
  await expect(invitee.getByText(`For ${email}.`)).toBeVisible();
  await expectNoAccessibilityViolations(invitee);
  // The policy is checked, next to the field.
  await invitee.getByLabel("New password", { exact: true }).fill("throughline-demo");
  await invitee.getByLabel("New password again").fill("throughline-demo");
  await invitee.getByRole("button", { name: "Set password" }).click();
  await expect(invitee.getByLabel("New password", { exact: true })).toHaveAccessibleDescription(/too common/);
  await choosePasswordThroughLink(invitee, link, "analyst chooses this one");
  await signIn(invitee, email, "analyst chooses this one");
  await expect(invitee.getByRole("banner")).toContainText(email);
  // The link is spent.
  await invitee.goto(link);
  await expect(invitee.getByRole("main").getByRole("alert")).toContainText("used already");
  await expect(invitee.getByLabel("New password", { exact: true })).toHaveCount(0);
  await expectNoAccessibilityViolations(invitee);
});

test("a reset stops the old password at once and hands the admin a new link", async ({ page, browser }) => {
  test.slow();
  await openSessionAs(page, DEMO_USERS.admin);
  const email = newEmail("forgetful");
  const invitee = await acceptInvitation(browser, await addUser(page, email, "Forgetful"), "the first password");
  await openUser(page, email);
  await page.getByRole("button", { name: "Reset password" }).click();
  const link = await page.getByRole("form", { name: "Reset password" }).getByLabel("Set-password link").inputValue();
  expect(link).toMatch(LINK);
  await signIn(invitee, email, "the first password");
  await expect(invitee.locator("#sign-in-error")).toContainText("do not match an active account");
  await choosePasswordThroughLink(invitee, link, "the second password");
  await signInAs(invitee, email, "the second password");
});

test("a user changes their own password on /account; the old one stops working", async ({ page, browser }) => {
  test.slow();
  await openSessionAs(page, DEMO_USERS.admin);
  const email = newEmail("changer");
  const user = await acceptInvitation(browser, await addUser(page, email, "Changer"), "the password I chose");
  await signInAs(user, email, "the password I chose");
  await user.goto("/account");
  await user.getByRole("link", { name: "Change your password" }).click();
  await expectNoAccessibilityViolations(user);
  await user.getByLabel("Current password").fill("not my password at all");
  await user.getByLabel("New password", { exact: true }).fill("a brand new password");
  await user.getByLabel("New password again").fill("a brand new password");
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user.getByLabel("Current password")).toHaveAccessibleDescription("This is not your current password.");
  await user.getByLabel("Current password").fill("the password I chose");
  await user.getByRole("button", { name: "Change password" }).click();
  await expect(user.getByText("Your password is changed.")).toBeVisible();
  await expect(user).toHaveURL(/\/account\?passwordChanged=1$/);
  await user.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(user.getByText("You are signed out.")).toBeVisible();
  await signIn(user, email, "the password I chose");
  await expect(user.locator("#sign-in-error")).toContainText("do not match an active account");
  await signInAs(user, email, "a brand new password");
});

test("a refused form shows each error next to its field, linked to it", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.admin);
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(DEMO_USERS.officer);
  await form.getByLabel("Name").fill("Duplicate");
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("alert")).toBeVisible();
  const email = form.getByLabel("Email");
  await expect(email).toHaveAttribute("aria-invalid", "true");
  await expect(email).toHaveAccessibleDescription("An account with this email exists already in this agency.");
  // What was typed stays, so that it can be corrected.
  await expect(email).toHaveValue(DEMO_USERS.officer);
  await form.getByLabel("Email").fill(newEmail("no.department"));
  await form.getByLabel("Role").selectOption({ label: "Department head" });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByLabel("Department")).toHaveAccessibleDescription(/A department head needs a department\./);
  await expectNoAccessibilityViolations(page);
});

test("an admin changes a user's role and department", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.admin);
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

test("an admin deactivates a user, who can then no longer sign in", async ({ page, browser }) => {
  await openSessionAs(page, DEMO_USERS.admin);
  const email = newEmail("leaver");
  const password = "leaving soon password";
  await acceptInvitation(browser, await addUser(page, email, "Leaving Soon"), password);
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
  await openSessionAs(page, DEMO_USERS.admin);
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

test("an admin creates a token for 30 days, sees its expiry, and rotates it: the old secret stops at once", async ({
  page,
  request,
}) => {
  await openSessionAs(page, DEMO_USERS.admin);
  await page.goto("/admin/tokens");
  const name = `Rotated feed ${run}`;
  const form = page.getByRole("form", { name: "Create a token" });
  await form.getByLabel("Name").fill(name);
  await form.getByLabel(/^read/).check();
  await form.getByLabel("Valid for").selectOption({ label: "30 days" });
  await form.getByRole("button", { name: "Create token" }).click();
  await expect(form.getByRole("status")).toContainText("Token created.");
  const oldSecret = await form.getByLabel("API token").inputValue();
  const expiry = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
  const oldRow = page.getByRole("row", { name: new RegExp(oldSecret.slice(0, 10)) });
  await expect(oldRow).toContainText(expiry);
  await expect(oldRow).toContainText("Active");

  const rotate = page.getByRole("form", { name: "Rotate a token" });
  await rotate.getByLabel("Token", { exact: true }).selectOption({ label: `${name} (${oldSecret.slice(0, 10)}…)` });
  await rotate.getByLabel("New token valid for").selectOption({ label: "180 days" });
  await rotate.getByRole("button", { name: "Rotate token" }).click();
  await expect(rotate.getByRole("status")).toContainText("Token rotated");
  const newSecret = await rotate.getByLabel("New API token").inputValue();
  expect(newSecret).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
  expect(newSecret).not.toBe(oldSecret);
  await page.reload();
  await expect(page.getByRole("row", { name: new RegExp(oldSecret.slice(0, 10)) })).toContainText("Revoked");
  const newRow = page.getByRole("row", { name: new RegExp(newSecret.slice(0, 10)) });
  await expect(newRow).toContainText("Active");
  await expect(newRow).toContainText(new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10));

  const asOld = await request.get("/api/v1/health", {
    headers: { authorization: `Bearer ${oldSecret}` },
  });
  expect(asOld.status()).toBe(401);
  const asNew = await request.get("/api/v1/health", { headers: { authorization: `Bearer ${newSecret}` } });
  expect(asNew.status()).toBe(200);
});

test("an admin filters the audit log by actor, entity type and date", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.admin);
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
    await openSessionAs(page, who);
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
  await openSessionAs(page, DEMO_USERS.admin);
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
  await openSessionAs(page, DEMO_USERS.admin);
  await page.goto("/admin/settings");
  const navigation = page.getByRole("navigation", { name: "Administration" });
  await expect(navigation.getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
  await expect(navigation.getByRole("link", { name: "Users" })).not.toHaveAttribute("aria-current", "page");
  await expect(page.getByLabel("Fiscal year starts in")).toBeVisible();
});

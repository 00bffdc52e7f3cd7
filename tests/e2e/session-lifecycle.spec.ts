import { expect, test, type Browser, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { acceptInvitation } from "./support/passwords";
import { DEMO_USERS, signInAs } from "./support/sign-in";

// Two people at once: an admin changes a user's access while that user is signed in
// elsewhere. The change must apply at the user's next request: the session cookie names a
// session row that every request reads (with the user's role and active flag), and that a
// sign-out, a password reset, a role change or a deactivation ends.

const run = Date.now().toString(36);

async function newSignedInPage(browser: Browser, email: string, password?: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  if (password) {
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  } else {
    await signInAs(page, email);
  }
  return page;
}

/** Adds a user as the admin; the person chooses their password through the link shown, which is returned. */
async function addUser(admin: Page, email: string, role: string): Promise<string> {
  await admin.goto("/admin/users");
  const form = admin.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Session Test");
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toContainText("User added.");
  const password = `session test ${email}`;
  const invitee = await acceptInvitation(
    admin.context().browser()!,
    await form.getByLabel("Set-password link").inputValue(),
    password,
  );
  await invitee.context().close();
  return password;
}

async function openUser(admin: Page, email: string) {
  await admin.goto("/admin/users");
  await admin.getByRole("link", { name: email, exact: true }).click();
}

test("a deactivated user's open session is refused at their next request", async ({ browser }) => {
  // The invited user first chooses a password through their link: one more page and Argon2 hash.
  test.slow();
  const admin = await newSignedInPage(browser, DEMO_USERS.admin);
  const email = `session.deactivated.${run}@riverton.example`;
  const password = await addUser(admin, email, "Executive");
  const user = await newSignedInPage(browser, email, password);
  await expect(user.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Scorecard" })).toBeVisible();

  await openUser(admin, email);
  await admin.getByRole("button", { name: "Deactivate user" }).click();
  await expect(admin.getByText("This user is deactivated and cannot sign in.")).toBeVisible();

  await user.reload();
  await expect(user.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(user.getByRole("navigation", { name: "Main" })).toHaveCount(0);
  await expect(user.getByRole("banner")).not.toContainText(email);
});

test("a demoted performance officer is signed out at their next request, and signs in again as executive", async ({
  browser,
}) => {
  // The invited user first chooses a password through their link: one more page and Argon2 hash.
  test.slow();

  const admin = await newSignedInPage(browser, DEMO_USERS.admin);
  const email = `session.demoted.${run}@riverton.example`;
  const password = await addUser(admin, email, "Performance officer");
  const officer = await newSignedInPage(browser, email, password);
  const navigation = officer.getByRole("navigation", { name: "Main" });
  await expect(navigation.getByRole("link", { name: "Data" })).toBeVisible();
  await expect(officer.getByRole("banner")).toContainText("Performance officer");

  await openUser(admin, email);
  const form = admin.getByRole("form", { name: "Role and department" });
  await form.getByLabel("Role").selectOption({ label: "Executive" });
  await form.getByRole("button", { name: "Save role and department" }).click();
  await expect(form.getByRole("status")).toContainText("Role and department saved.");

  await officer.reload();
  await expect(officer.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(navigation).toHaveCount(0);
  const again = await newSignedInPage(browser, email, password);
  await expect(again.getByRole("banner")).toContainText("Executive");
  await expect(again.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Data" })).toHaveCount(0);
});

test("signing out ends the session: a copy of its cookie is refused afterwards", async ({ browser }) => {
  // Regression: the cookie carried only the user id, so a copy kept working after "Sign out" until it expired.
  const page = await newSignedInPage(browser, DEMO_USERS.executive);
  const stolen = await page.context().storageState();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();

  const thief = await (await browser.newContext({ storageState: stolen })).newPage();
  await thief.goto("/scorecard");
  await expect(thief).toHaveURL(/\/login\?callbackUrl=/);
});

test("sign out everywhere, from the account page, ends the session in the other browser too", async ({ browser }) => {
  // The invited user first chooses a password through their link: one more page and Argon2 hash.
  test.slow();
  const admin = await newSignedInPage(browser, DEMO_USERS.admin);
  const email = `session.everywhere.${run}@riverton.example`;
  const password = await addUser(admin, email, "Executive");
  const laptop = await newSignedInPage(browser, email, password);
  const phone = await newSignedInPage(browser, email, password);

  await laptop.getByRole("banner").getByRole("link", { name: email }).click();
  await expect(laptop.getByRole("heading", { level: 1, name: "Your account" })).toBeVisible();
  const sessions = laptop.getByRole("table", { name: /Your open sessions/ });
  await expect(sessions.locator("tbody tr")).toHaveCount(2);
  await expect(sessions).toContainText("This browser");
  await expectNoAccessibilityViolations(laptop);

  await laptop.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(laptop.getByText("You are signed out.")).toBeVisible();
  await phone.goto("/scorecard");
  await expect(phone).toHaveURL(/\/login\?callbackUrl=/);
});

test("every sign-in attempt, failed or not, is in the audit log", async ({ browser }) => {
  // The invited user first chooses a password through their link: one more page and Argon2 hash.
  test.slow();
  const visitor = await (await browser.newContext()).newPage();
  const email = `session.audited.${run}@riverton.example`;
  const admin = await newSignedInPage(browser, DEMO_USERS.admin);
  const password = await addUser(admin, email, "Executive");
  await visitor.goto("/login");
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByLabel("Password").fill("not the password");
  await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(visitor.locator("#sign-in-error")).toBeVisible();
  await visitor.getByLabel("Email").fill(email);
  await visitor.getByLabel("Password").fill(password);
  await visitor.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(visitor.getByRole("button", { name: "Sign out" })).toBeVisible();

  await admin.goto(`/admin/audit?actor=${encodeURIComponent(email)}&entityType=session`);
  const table = admin.getByRole("table", { name: /Audit events matching the filters/ });
  await expect(table.getByRole("row", { name: /auth\.signIn\.success/ })).toHaveCount(1);
  await expect(table.getByRole("row", { name: /auth\.signIn\.failure/ })).toHaveCount(1);
});

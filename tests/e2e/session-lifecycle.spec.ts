import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_USERS, signInAs } from "./support/sign-in";

// Two people at once: an admin changes a user's access while that user is signed in
// elsewhere. The change must apply at the user's next request (the session cookie holds
// only the user id; role and the active flag are read from the database every time).

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

async function addUser(admin: Page, email: string, role: string): Promise<string> {
  await admin.goto("/admin/users");
  const form = admin.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("Session Test");
  await form.getByLabel("Role").selectOption({ label: role });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toContainText("User added.");
  return form.getByLabel("Initial password").inputValue();
}

async function openUser(admin: Page, email: string) {
  await admin.goto("/admin/users");
  await admin.getByRole("link", { name: email, exact: true }).click();
}

test("a deactivated user's open session is refused at their next request", async ({ browser }) => {
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

test("a demoted performance officer loses the officer's tools at their next request", async ({ browser }) => {
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
  await expect(officer.getByRole("banner")).toContainText("Executive");
  await expect(navigation.getByRole("link", { name: "Data" })).toHaveCount(0);
});

test("every sign-in attempt, failed or not, is in the audit log", async ({ browser }) => {
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

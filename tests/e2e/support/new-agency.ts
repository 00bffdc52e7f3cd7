import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, type Page } from "@playwright/test";
import { changePassword, choosePasswordThroughLink } from "./passwords";
import { signIn, signInAs } from "./sign-in";

// A new agency as an operator makes one: `npm run cli -- agency:create` against the e2e server's database, and
// nothing else. Everything after that — departments, an officer, the tree — is done in the browser by the test.

const projectRoot = path.resolve(import.meta.dirname, "../../..");
const port = Number(process.env.E2E_PORT ?? 3200);

function readDatabaseUrl(): string {
  const file = path.join(projectRoot, ".data", `e2e-database-url-${port}`);
  return fs.readFileSync(file, "utf8").trim();
}

/** Runs the operators' CLI (`npm run cli -- …`) against the e2e database and returns its standard output. */
export function runCli(args: readonly string[]): string {
  return execFileSync(
    path.join(projectRoot, "node_modules/.bin/tsx"),
    ["--conditions=react-server", "scripts/cli.ts", ...args],
    { cwd: projectRoot, env: { ...process.env, DATABASE_URL: readDatabaseUrl() }, encoding: "utf8" },
  );
}

export type NewAgency = { slug: string; adminEmail: string; adminPassword: string };

/**
 * `agency:create` with a unique slug; the admin's password is given on the command line, so the admin must choose
 * their own at first sign-in (see signInAsNewAdmin).
 */
export function createAgencyWithCli(name: string): NewAgency {
  const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Date.now().toString(36)}`;
  const adminEmail = `admin@${slug}.example`;
  const adminPassword = `pw-${slug}-admin`;
  runCli([
    "agency:create",
    "--name",
    name,
    "--slug",
    slug,
    "--admin-email",
    adminEmail,
    "--admin-password",
    adminPassword,
  ]);
  return { slug, adminEmail, adminPassword };
}

/** As the agency's admin, in the browser: adds a department on the Departments page. */
export async function addDepartment(page: Page, code: string, name: string) {
  await page.goto("/admin/departments");
  const form = page.getByRole("form", { name: "Add a department" });
  await form.getByLabel("Code").fill(code);
  await form.getByLabel("Name").fill(name);
  await form.getByRole("button", { name: "Add department" }).click();
  await expect(form.getByRole("status")).toContainText("Department added.");
}

/**
 * Signs in as the admin `agency:create` made, who is sent to choose their own password first; returns that password.
 */
export async function signInAsNewAdmin(page: Page, agency: NewAgency): Promise<string> {
  await signInAs(page, agency.adminEmail, agency.adminPassword);
  await expect(page).toHaveURL(/\/account\/password$/);
  // Nothing else is open until the password is changed.
  await page.goto("/admin/users");
  await expect(page).toHaveURL(/\/account\/password$/);
  const ownPassword = `own-${agency.adminPassword}`;
  await changePassword(page, agency.adminPassword, ownPassword);
  return ownPassword;
}

/** As the agency's admin, in the browser: adds a performance officer and returns the one-time link shown. */
export async function addOfficer(page: Page, email: string): Promise<string> {
  await page.goto("/admin/users");
  const form = page.getByRole("form", { name: "Add a user" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name").fill("New Officer");
  await form.getByLabel("Role").selectOption({ label: "Performance officer" });
  await form.getByRole("button", { name: "Add user" }).click();
  await expect(form.getByRole("status")).toContainText("User added.");
  return form.getByLabel("Set-password link").inputValue();
}

/**
 * An agency fresh from `agency:create`, whose admin has added the given departments and one performance officer in
 * the browser; the page is left signed in as that officer.
 */
export async function setUpNewAgency(
  page: Page,
  name: string,
  departments: ReadonlyArray<{ code: string; name: string }>,
): Promise<NewAgency & { officerEmail: string; officerPassword: string }> {
  const created = createAgencyWithCli(name);
  const agency = { ...created, adminPassword: await signInAsNewAdmin(page, created) };
  for (const department of departments) await addDepartment(page, department.code, department.name);
  const officerEmail = `officer@${agency.slug}.example`;
  const officerLink = await addOfficer(page, officerEmail);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  const officerPassword = `pw-${agency.slug}-officer`;
  await choosePasswordThroughLink(page, officerLink, officerPassword);
  await signIn(page, officerEmail, officerPassword);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  return { ...agency, officerEmail, officerPassword };
}

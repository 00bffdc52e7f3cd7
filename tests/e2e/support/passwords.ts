import { expect, type Browser, type Page } from "@playwright/test";

// Passwords nobody else knows, in the browser: the set-password link an admin hands over, and the change of a password
// someone else chose, forced at first sign-in.

/** Opens a set-password link and chooses this password through it; leaves the page on sign-in. */
export async function choosePasswordThroughLink(page: Page, link: string, password: string) {
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: "Choose your password" })).toBeVisible();
  await page.getByLabel("New password", { exact: true }).fill(password);
  await page.getByLabel("New password again").fill(password);
  await page.getByRole("button", { name: "Set password" }).click();
  await expect(page.getByText("Your password is set: sign in with it.")).toBeVisible();
}

/** On /account/password (where a user whose password someone else chose is sent), changes it. */
export async function changePassword(page: Page, currentPassword: string, newPassword: string) {
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
  await page.getByLabel("Current password").fill(currentPassword);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password is changed.")).toBeVisible();
}

/** The invited person, in a browser of their own (a context, which axe also needs): chooses a password through the link. */
export async function acceptInvitation(browser: Browser, link: string, password: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await choosePasswordThroughLink(page, link, password);
  return page;
}

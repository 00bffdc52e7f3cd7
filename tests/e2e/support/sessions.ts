import { expect, type BrowserContext, type Page } from "@playwright/test";
import { signInAs } from "./sign-in";

// Most tests are about what a signed-in person sees and does, not about signing in (sign-in.spec.ts,
// session-lifecycle.spec.ts and single-sign-on.spec.ts are, and sign in through the form every time). For the others,
// each seeded user signs in through the form once per worker, and later tests carry that session's cookie: a fresh
// browser context holding the cookie, on the role's home page — where a sign-in through the form leaves them too.

type Cookies = Awaited<ReturnType<BrowserContext["cookies"]>>;

/** The cookies of each user's open session, by email, in this worker process. */
const openSessions = new Map<string, Cookies>();

/**
 * Leaves the page signed in as `email` (a seeded user, with the demo password) on their role's home page. The first
 * call per user signs in through the form; later calls reuse that session. A session some test has ended since (by
 * signing out) is replaced by a new sign-in through the form.
 */
export async function openSessionAs(page: Page, email: string) {
  const cookies = openSessions.get(email);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto("/");
    if (await page.getByRole("button", { name: "Sign out" }).isVisible()) {
      await expect(page.getByRole("banner")).toContainText(email);
      return;
    }
    await page.context().clearCookies();
  }
  await signInAs(page, email);
  openSessions.set(email, await page.context().cookies());
}

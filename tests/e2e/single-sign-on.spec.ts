// Attack (issue 13, item 7): single sign-on matched accounts on the email claim alone. Through a real OpenID provider
// (oidc-provider, started here), an unverified email and a second identity claiming a bound account's email are
// refused, and a bound account keeps signing in when its email changes at the provider.
import { expect, test, type Page } from "@playwright/test";
import { DEMO_USERS } from "./support/sign-in";
import { oidcAppOriginFor, startOidcProvider, type ProviderPerson } from "./support/single-sign-on";

const appPort = Number(process.env.E2E_PORT ?? 3200);
test.describe.configure({ mode: "serial" });
test.use({ baseURL: oidcAppOriginFor(appPort) });
const people: Record<string, ProviderPerson> = {
  "exec-at-idp": { email: DEMO_USERS.executive, email_verified: true },
  "head-unverified": { email: DEMO_USERS.head, email_verified: false },
  "someone-else": { email: DEMO_USERS.executive, email_verified: true },
};
let provider: Awaited<ReturnType<typeof startOidcProvider>>;

test.beforeAll(async () => {
  provider = await startOidcProvider(appPort, people);
});

test.afterAll(async () => {
  await provider?.stop();
});

/** From our sign-in page through the provider's sign-in and consent pages, as `subject`. */
async function signOnAs(page: Page, subject: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with single sign-on" }).click();
  await page.locator('input[name="login"]').fill(subject);
  // The provider's development sign-in page takes any password.
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

async function expectRefused(page: Page) {
  await expect(page).toHaveURL(/\/login\?error=AccessDenied/);
  await expect(page.locator("#sign-in-error")).toContainText("Single sign-on did not sign you in");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await page.goto("/scorecard");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
}

test("a verified email signs in as its account, which is then bound to the provider's subject", async ({ page }) => {
  await signOnAs(page, "exec-at-idp");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("link", { name: DEMO_USERS.executive })).toBeVisible();
  await expect(page.getByText("(Executive)")).toBeVisible();
});

test("an email the provider has not verified is refused", async ({ page }) => {
  await signOnAs(page, "head-unverified");
  await expectRefused(page);
});

test("another identity claiming the bound account's verified email is refused", async ({ page }) => {
  await signOnAs(page, "someone-else");
  await expectRefused(page);
});

test("the bound identity still signs in after its email changes at the provider", async ({ page }) => {
  people["exec-at-idp"] = { email: "new.address@idp.example", email_verified: true };
  await signOnAs(page, "exec-at-idp");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await expect(page.getByRole("link", { name: DEMO_USERS.executive })).toBeVisible();
});

import { expect, test } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { createAgencyWithCli, runCli } from "./support/new-agency";
import { DEMO_USERS, signIn, signInAs } from "./support/sign-in";

const ROLES = [
  { email: DEMO_USERS.admin, role: "Admin", sees: ["Admin"], doesNotSee: ["Data", "Recycle bin"] },
  {
    email: DEMO_USERS.officer,
    role: "Performance officer",
    sees: ["Scorecard", "Driver tree", "KPIs", "Data", "Recycle bin"],
    doesNotSee: ["Admin"],
  },
  {
    email: DEMO_USERS.executive,
    role: "Executive",
    sees: ["Scorecard", "Driver tree", "KPIs"],
    doesNotSee: ["Data", "Admin", "Recycle bin"],
  },
  {
    email: DEMO_USERS.head,
    role: "Department head",
    sees: ["My department", "KPIs", "Data"],
    doesNotSee: ["Admin", "Recycle bin"],
  },
];

for (const { email, role, sees, doesNotSee } of ROLES) {
  test(`${role}: signs in, sees their navigation, and signs out`, async ({ page }) => {
    await signInAs(page, email);
    await expect(page.getByRole("banner")).toContainText(email);
    await expect(page.getByRole("banner")).toContainText(role);
    await expect(page.getByRole("banner")).toContainText("City of Riverton");
    const navigation = page.getByRole("navigation", { name: "Main" });
    for (const label of sees) await expect(navigation.getByRole("link", { name: label })).toBeVisible();
    for (const label of doesNotSee) await expect(navigation.getByRole("link", { name: label })).toHaveCount(0);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByText("You are signed out.")).toBeVisible();
    await page.goto("/");
    await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();
  });
}

test("a wrong password is refused with a plain message", async ({ page }) => {
  await signIn(page, DEMO_USERS.executive, "not-the-password");
  await expect(page.locator("#sign-in-error")).toContainText("do not match an active account");
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
});

test("an email with the same password in two agencies: the page asks for the agency, then signs in there", async ({
  page,
}) => {
  // Accounts belong to an agency (issue 13, item 14d): one person, one email, an account in each of two agencies.
  const twinTown = createAgencyWithCli("Twin Town");
  const email = `twin-${Date.now().toString(36)}@agencies.example`;
  const password = "the same password in both agencies";
  for (const agency of ["riverton", twinTown.slug]) {
    runCli(["user:create", "--agency", agency, "--email", email, "--role", "executive", "--password", password]);
  }
  await signIn(page, email, password);
  await expect(page.locator("#sign-in-error")).toContainText("accounts in more than one agency");
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await expectNoAccessibilityViolations(page);
  await page.getByLabel("Password").fill(password);
  await page.getByLabel("Agency").fill(twinTown.slug);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  // The operators' CLI chose the password, so the person must choose their own first: in Twin Town.
  await expect(page.getByRole("heading", { level: 1, name: "Change your password" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Twin Town");
});

test("the sign-in page has no accessibility violations, with and without an error", async ({ page }) => {
  await page.goto("/login");
  await expectNoAccessibilityViolations(page);
  await page.goto("/login?error=invalid");
  await expectNoAccessibilityViolations(page);
});

test("every page carries the security headers", async ({ request }) => {
  const paths = ["/", "/login", "/api/health", "/admin", "/admin/users", "/admin/audit", "/no-such-page"];
  for (const path of paths) {
    const response = await request.get(path);
    const policy = response.headers()["content-security-policy"] ?? "";
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain("unsafe-eval");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  }
});

test("repeated failures lock the account with a clear message", async ({ page }) => {
  // An address no seeded user has: locking it leaves the demo users usable by other tests.
  const email = `nobody-${Date.now()}@riverton.example`;
  for (let attempt = 0; attempt < 4; attempt++) {
    await signIn(page, email, `wrong-${attempt}`);
    await expect(page.locator("#sign-in-error")).toContainText("do not match an active account");
  }
  await signIn(page, email, "wrong-again");
  await expect(page.locator("#sign-in-error")).toContainText("Too many failed attempts");
});

test("scripts run only with this response's nonce; the public pages allow none", async ({ page, request }) => {
  // Regression: script-src allowed 'unsafe-inline'.
  const nonceOf = (policy: string) => /script-src 'nonce-([^']+)' 'strict-dynamic'/.exec(policy)?.[1];
  const first = await request.get("/login");
  const second = await request.get("/login");
  const firstNonce = nonceOf(first.headers()["content-security-policy"] ?? "");
  expect(firstNonce).toBeDefined();
  const scriptSources = /script-src ([^;]*)/.exec(first.headers()["content-security-policy"] ?? "")?.[1] ?? "";
  expect(scriptSources).not.toContain("unsafe-inline");
  expect(nonceOf(second.headers()["content-security-policy"] ?? "")).not.toBe(firstNonce);
  // Every script the server sends carries it, and it works: the page is interactive after hydration. Scripts those
  // add later (chunks loaded on demand, routes prefetched by a link) carry none: 'strict-dynamic' trusts them because
  // a nonced script made them, so only the server's HTML is checked.
  const response = await page.goto("/login");
  const nonce = nonceOf(response?.headers()["content-security-policy"] ?? "");
  const scriptTags = (await response!.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
  // Markup injected with an inline handler, as cross-site scripting would add it, is refused by the policy.
  const violated = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        document.addEventListener("securitypolicyviolation", (event) => resolve(event.violatedDirective), {
          once: true,
        });
        const host = document.createElement("div");
        host.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
        document.body.append(host);
      }),
  );
  expect(violated).toMatch(/^script-src/);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  for (const path of ["/p/riverton", "/p/riverton/kpis/permits.plan_review_days"]) {
    const policy = (await request.get(path)).headers()["content-security-policy"] ?? "";
    expect(policy, path).toContain("script-src 'none'");
  }
});

test("signed-in pages carry the Content-Security-Policy too", async ({ page }) => {
  await signInAs(page, DEMO_USERS.admin);
  for (const path of [
    "/",
    "/admin",
    "/admin/users",
    "/admin/departments",
    "/admin/settings",
    "/admin/tokens",
    "/admin/audit",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    const policy = response?.headers()["content-security-policy"] ?? "";
    expect(policy, path).toContain("frame-ancestors 'none'");
    expect(policy, path).not.toContain("unsafe-eval");
  }
});

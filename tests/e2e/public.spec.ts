import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { DEMO_USERS, signInAs } from "./support/sign-in";

// The public dashboard of the seeded City of Riverton, as a resident sees it: no sign-in.
// Unpublished items must appear nowhere: not in the HTML, not in the RSC payload that
// client-side navigation fetches, not in a CSV download.

const HOME = "/p/riverton";
const HIDDEN = { code: "cs311.abandoned_pct", name: "311 calls abandoned before answer" };
const TOGGLED = {
  code: "permits.limited_license_days",
  name: "Average days to issue a limited (general) business license",
};
const INTERNAL_COMMENTARY = "No signal data since July";
const PUBLISHED = { code: "permits.plan_review_days" };

/** Everything a browser could receive for a public page: its HTML and its RSC payload. */
async function fetchEverything(request: APIRequestContext, path: string): Promise<string> {
  const html = await (await request.get(path)).text();
  const flight = await (await request.get(path, { headers: { RSC: "1" } })).text();
  return `${html}\n${flight}`;
}

async function publicPaths(request: APIRequestContext): Promise<string[]> {
  const html = await (await request.get(HOME)).text();
  const kpiPaths = [...new Set([...html.matchAll(/href="(\/p\/riverton\/kpis\/[^"]+)"/g)].map((match) => match[1]!))];
  return [HOME, ...kpiPaths];
}

async function setPublishedAsOfficer(page: Page, title: string, shouldPublish: boolean) {
  await page.goto("/publishing");
  await page.getByRole("button", { name: `${shouldPublish ? "Publish" : "Unpublish"} ${title}`, exact: true }).click();
  await expect(page.getByRole("status")).toContainText(shouldPublish ? "published" : "unpublished");
}

test("a resident sees the published objectives and measures, with status in words and the last update", async ({
  page,
}) => {
  await page.goto(HOME);
  await expect(page.getByRole("heading", { level: 1, name: "How City of Riverton is doing" })).toBeVisible();
  await expect(page.getByText(/Data last updated/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2 }).first()).toBeVisible();
  await expect(page.locator(".status__label").first()).toHaveText(/On track|At risk|Off track|No data|No target/);
  await expect(page.getByRole("table", { name: /Every published measure with its latest value/ })).toBeVisible();
});

test("an unpublished KPI and internal commentary appear nowhere: HTML, RSC payloads or CSV", async ({ request }) => {
  const paths = await publicPaths(request);
  expect(paths.length).toBeGreaterThan(10);
  for (const path of paths) {
    const everything = await fetchEverything(request, path);
    for (const secret of [HIDDEN.code, HIDDEN.name, INTERNAL_COMMENTARY])
      expect(everything, `${secret} on ${path}`).not.toContain(secret);
    const csv = await (await request.get(`${path}/series.csv`)).text();
    if (path !== HOME) expect(csv, path).not.toContain(HIDDEN.code);
  }
  expect((await request.get(`${HOME}/kpis/${HIDDEN.code}`)).status()).toBe(404);
  expect((await request.get(`${HOME}/kpis/${HIDDEN.code}/series.csv`)).status()).toBe(404);
});

test("publishing a KPI makes it appear; unpublishing removes it again", async ({ page, request }) => {
  expect(await fetchEverything(request, HOME)).not.toContain(TOGGLED.name);
  await signInAs(page, DEMO_USERS.officer);
  await setPublishedAsOfficer(page, TOGGLED.name, true);
  expect(await fetchEverything(request, HOME)).toContain(TOGGLED.name);
  expect((await request.get(`${HOME}/kpis/${TOGGLED.code}`)).status()).toBe(200);
  await setPublishedAsOfficer(page, TOGGLED.name, false);
  expect(await fetchEverything(request, HOME)).not.toContain(TOGGLED.name);
  expect((await request.get(`${HOME}/kpis/${TOGGLED.code}`)).status()).toBe(404);
});

test("with JavaScript turned off, a KPI page shows every published value", async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${HOME}/kpis/${PUBLISHED.code}`);
  await expect(page.getByRole("img", { name: /Average turnaround of a plan review/ })).toBeVisible();
  const csv = (await (await request.get(`${HOME}/kpis/${PUBLISHED.code}/series.csv`)).text())
    .trim()
    .split(/\r?\n/)
    .slice(1);
  expect(csv.length).toBeGreaterThan(12);
  const table = page.getByRole("table", { name: /by period/ });
  await expect(table.locator("tbody tr")).toHaveCount(csv.length);
  await page.goto(HOME);
  await expect(
    page
      .getByRole("table", { name: /Every published measure with its latest value/ })
      .locator("tbody tr")
      .first(),
  ).toBeVisible();
  await context.close();
});

test("the CSV download is the series of the published KPI", async ({ request }) => {
  const response = await request.get(`${HOME}/kpis/${PUBLISHED.code}/series.csv`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/csv");
  const [header, first] = (await response.text()).split(/\r?\n/);
  expect(header).toBe("kpi,name,unit,period,value,target");
  expect(first).toMatch(new RegExp(`^${PUBLISHED.code.replace(/\./g, "\\.")},`));
});

test("each public page has a title, a description and social preview metadata", async ({ page }) => {
  for (const path of [HOME, `${HOME}/kpis/${PUBLISHED.code}`]) {
    await page.goto(path);
    await expect(page).toHaveTitle(/City of Riverton/);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.+/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /City of Riverton/);
  }
});

test("an unknown agency's dashboard is not found", async ({ request }) => {
  expect((await request.get("/p/no-such-agency")).status()).toBe(404);
});

test("the public pages have no accessibility violations", async ({ page }) => {
  for (const path of [HOME, `${HOME}/kpis/${PUBLISHED.code}`]) {
    await page.goto(path);
    await expectNoAccessibilityViolations(page);
  }
});

test("the publishing page has no accessibility violations", async ({ page }) => {
  await signInAs(page, DEMO_USERS.officer);
  await page.goto("/publishing");
  await expectNoAccessibilityViolations(page);
});

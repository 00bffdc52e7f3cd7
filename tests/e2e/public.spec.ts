import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { expectNoAccessibilityViolations } from "./support/accessibility";
import { openSessionAs } from "./support/sessions";
import { DEMO_USERS } from "./support/sign-in";

// The public dashboard of the seeded City of Riverton, as a resident sees it: no sign-in.
// Unpublished items must appear nowhere: not in the HTML, not in the page's props as Next
// serves them as JSON (/_next/data/…), not in a CSV download. The pages ship no JavaScript.

const HOME = "/p/riverton";
const HIDDEN = { code: "cs311.abandoned_pct", name: "311 calls abandoned before answer" };
const TOGGLED = {
  code: "permits.limited_license_days",
  name: "Average days to issue a limited (general) business license",
};
const INTERNAL_COMMENTARY = "No signal data since July";
const PUBLISHED = { code: "permits.plan_review_days" };

// The build the e2e server serves (scripts/e2e-server.mjs): it names the props' JSON address.
const buildId = () => fs.readFileSync(path.resolve(import.meta.dirname, "../../.next/BUILD_ID"), "utf8").trim();

/**
 * Everything a browser could receive for a public page: its HTML (with any inline payload), its
 * props as JSON (the Pages Router serves them at /_next/data/<build>/<path>.json), and what it
 * answers to an RSC request (the App Router's payload, should the page ever move back there).
 */
async function fetchEverything(request: APIRequestContext, pagePath: string): Promise<string> {
  const html = await request.get(pagePath);
  const props = await request.get(`/_next/data/${buildId()}${pagePath}.json`);
  // The same status as the page: a props address that answered nothing would prove nothing.
  expect(props.status(), `props of ${pagePath}`).toBe(html.status());
  const flight = await (await request.get(pagePath, { headers: { RSC: "1" } })).text();
  return `${await html.text()}\n${await props.text()}\n${flight}`;
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

test("an unpublished KPI and internal commentary appear nowhere: HTML, page props or CSV", async ({ request }) => {
  const paths = await publicPaths(request);
  expect(paths.length).toBeGreaterThan(10);
  for (const pagePath of paths) {
    const everything = await fetchEverything(request, pagePath);
    for (const secret of [HIDDEN.code, HIDDEN.name, INTERNAL_COMMENTARY])
      expect(everything, `${secret} on ${pagePath}`).not.toContain(secret);
    const csv = await (await request.get(`${pagePath}/series.csv`)).text();
    if (pagePath !== HOME) expect(csv, pagePath).not.toContain(HIDDEN.code);
  }
  expect((await request.get(`${HOME}/kpis/${HIDDEN.code}`)).status()).toBe(404);
  expect((await request.get(`${HOME}/kpis/${HIDDEN.code}/series.csv`)).status()).toBe(404);
});

test("a doubly-encoded path is not found, never a server error (issue 13, item 14)", async ({ request }) => {
  for (const pagePath of [`${HOME}/kpis/%25E0/series.csv`, `${HOME}/kpis/%25E0`, `${HOME}/kpis/%2525/series.csv`]) {
    const response = await request.get(pagePath);
    expect(response.status(), pagePath).toBe(404);
  }
});

test("publishing a KPI makes it appear; unpublishing removes it again", async ({ page, request }) => {
  expect(await fetchEverything(request, HOME)).not.toContain(TOGGLED.name);
  await openSessionAs(page, DEMO_USERS.officer);
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
  const text = await response.text();
  // A byte-order mark first, so that spreadsheet programs read the file as UTF-8.
  expect(text.startsWith("\uFEFF")).toBe(true);
  const [header, first] = text.slice(1).split(/\r?\n/);
  expect(header).toBe("kpi,name,unit,period,value,target");
  expect(first).toMatch(new RegExp(`^${PUBLISHED.code.replace(/\./g, "\\.")},`));
});

test("each public page has a title, a description and social preview metadata", async ({ page }) => {
  for (const pagePath of [HOME, `${HOME}/kpis/${PUBLISHED.code}`]) {
    await page.goto(pagePath);
    await expect(page).toHaveTitle(/City of Riverton/);
    await expect(page.locator('meta[name="description"]')).toHaveAttribute("content", /.+/);
    await expect(page.locator('meta[property="og:title"]')).toHaveAttribute("content", /City of Riverton/);
  }
});

test("an unknown agency or KPI is not found, in a page that loads no JavaScript either", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script") scripts.push(request.url());
  });
  for (const pagePath of ["/p/no-such-agency", `${HOME}/kpis/no.such.kpi`]) {
    const response = await page.goto(pagePath);
    expect(response?.status(), pagePath).toBe(404);
    await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    await expect(page).toHaveTitle(/Page not found/);
    expect(await page.evaluate(() => document.scripts.length), pagePath).toBe(0);
    await expectNoAccessibilityViolations(page);
  }
  expect(scripts).toEqual([]);
});

test("the public pages have no accessibility violations", async ({ page }) => {
  for (const pagePath of [HOME, `${HOME}/kpis/${PUBLISHED.code}`]) {
    await page.goto(pagePath);
    await expectNoAccessibilityViolations(page);
  }
});

test("a public page loads no JavaScript at all (first-load JS goal: at most 120 kB)", async ({ page }) => {
  const scripts: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "script" || /\.m?js(\?|$)/.test(new URL(request.url()).pathname))
      scripts.push(request.url());
  });
  for (const pagePath of [HOME, `${HOME}/kpis/${PUBLISHED.code}`]) {
    await page.goto(pagePath);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.scripts.length), pagePath).toBe(0);
  }
  expect(scripts).toEqual([]);
});

test("the skip link leads to the content, and printing leaves out the page's chrome", async ({ page }) => {
  await page.goto(`${HOME}/kpis/${PUBLISHED.code}`);
  await page.keyboard.press("Tab");
  const skipLink = page.getByRole("link", { name: "Skip to main content" });
  await expect(skipLink).toBeFocused();
  await skipLink.press("Enter");
  await expect(page.locator("main#main-content")).toBeFocused();
  await page.emulateMedia({ media: "print" });
  for (const chrome of [".app-header", ".app-footer", ".usa-breadcrumb", ".usa-skipnav"])
    await expect(page.locator(chrome).first(), chrome).toBeHidden();
  await expect(page.getByRole("link", { name: "Download the data (CSV)" })).toBeHidden();
  await expect(page.getByRole("table", { name: /by period/ })).toBeVisible();
});

test("the publishing page has no accessibility violations", async ({ page }) => {
  await openSessionAs(page, DEMO_USERS.officer);
  await page.goto("/publishing");
  await expectNoAccessibilityViolations(page);
});

import { expect, test, type Page } from "@playwright/test";
import { setUpNewAgency } from "./support/new-agency";
import { treeItem } from "./support/tree";

// Issue 12's first journey. Starting from an agency made by `npm run cli -- agency:create` and nothing else, a
// performance officer builds a whole driver tree in the browser: a plan with 3 objectives (one nested), 12 KPIs over
// all three IPO levels (one a formula, one quarterly), 10 driver links, 6 key results of all three kinds, per-period
// targets, a month of values — then publishes part of it, and the public page shows exactly that part.

type KpiDraft = {
  code: string;
  name: string;
  unit: string;
  ipo: "input" | "process" | "outcome";
  direction: "increase" | "decrease";
  department: "PW" | "PK";
  target: number;
  frequency?: "monthly" | "quarterly";
  formula?: string;
  isPercent?: boolean;
  /** The month's value the officer enters; none for a formula. */
  value?: number;
};

const KPIS: KpiDraft[] = [
  {
    code: "st.crews",
    name: "Pothole crews on duty",
    unit: "crews",
    ipo: "input",
    direction: "increase",
    department: "PW",
    target: 6,
    value: 5,
  },
  {
    code: "st.spend",
    name: "Street repair spending",
    unit: "USD",
    ipo: "input",
    direction: "increase",
    department: "PW",
    target: 250000,
    value: 240000,
  },
  {
    code: "st.filled",
    name: "Potholes filled",
    unit: "potholes",
    ipo: "process",
    direction: "increase",
    department: "PW",
    target: 900,
    value: 820,
  },
  {
    code: "st.per_crew",
    name: "Potholes filled per crew",
    unit: "potholes",
    ipo: "process",
    direction: "increase",
    department: "PW",
    target: 150,
    formula: "st.filled / st.crews",
  },
  {
    code: "st.repair_days",
    name: "Days from report to pothole repair",
    unit: "days",
    ipo: "outcome",
    direction: "decrease",
    department: "PW",
    target: 3,
    value: 4,
  },
  {
    code: "st.satisfaction",
    name: "Residents satisfied with street condition",
    unit: "%",
    ipo: "outcome",
    direction: "increase",
    department: "PW",
    target: 70,
    frequency: "quarterly",
    isPercent: true,
    value: 64,
  },
  {
    code: "pk.staff",
    name: "Park maintenance staff",
    unit: "FTE",
    ipo: "input",
    direction: "increase",
    department: "PK",
    target: 40,
    value: 38,
  },
  {
    code: "pk.mowing",
    name: "Acres mowed on schedule",
    unit: "%",
    ipo: "process",
    direction: "increase",
    department: "PK",
    target: 95,
    isPercent: true,
    value: 91,
  },
  {
    code: "pk.programs",
    name: "Recreation programs offered",
    unit: "programs",
    ipo: "process",
    direction: "increase",
    department: "PK",
    target: 60,
    value: 66,
  },
  {
    code: "pk.inspections",
    name: "Playground safety inspections",
    unit: "inspections",
    ipo: "process",
    direction: "increase",
    department: "PK",
    target: 120,
    value: 118,
  },
  {
    code: "pk.visits",
    name: "Park and recreation visits",
    unit: "visits",
    ipo: "outcome",
    direction: "increase",
    department: "PK",
    target: 50000,
    value: 52300,
  },
  {
    code: "pk.satisfaction",
    name: "Residents satisfied with parks",
    unit: "%",
    ipo: "outcome",
    direction: "increase",
    department: "PK",
    target: 85,
    isPercent: true,
    value: 81,
  },
];

// driver → driven, always from a lower or the same IPO level upwards.
const LINKS: Array<[driver: string, driven: string]> = [
  ["st.crews", "st.filled"],
  ["st.spend", "st.filled"],
  ["st.filled", "st.repair_days"],
  ["st.per_crew", "st.repair_days"],
  ["st.repair_days", "st.satisfaction"],
  ["pk.staff", "pk.mowing"],
  ["pk.staff", "pk.programs"],
  ["pk.programs", "pk.visits"],
  ["pk.mowing", "pk.satisfaction"],
  ["pk.inspections", "pk.satisfaction"],
];

const nameOf = (code: string) => KPIS.find((kpi) => kpi.code === code)!.name;
const escape = (code: string) => code.replace(/\./g, "\\.");
const panelOf = (page: Page) => page.getByRole("complementary", { name: "Selected node" });

async function createKpi(page: Page, kpi: KpiDraft) {
  await page.goto("/kpis/new");
  const form = page.getByRole("form", { name: "Create a KPI" });
  await form.getByLabel(/^Code/).fill(kpi.code);
  await form.getByLabel(/^Name/).fill(kpi.name);
  await form.getByLabel(/^Owning department/).selectOption(kpi.department);
  await form.getByLabel("Input → Process → Outcome level").selectOption(kpi.ipo);
  await form.getByLabel("Unit").fill(kpi.unit);
  await form.getByLabel("Direction").selectOption(kpi.direction);
  if (kpi.frequency) await form.getByLabel("Frequency").selectOption(kpi.frequency);
  if (kpi.isPercent) {
    // A percentage: the form suggests its valid range, 0 to 100.
    await form.getByRole("button", { name: "Use 0 to 100" }).click();
    await expect(form.getByLabel("Highest valid value")).toHaveValue("100");
  }
  if (kpi.formula) {
    await form.getByLabel("Formula").fill(kpi.formula);
    await expect(form.locator(".formula-check")).toContainText("The formula is valid.");
  }
  await form.getByLabel("Default target").fill(String(kpi.target));
  await form.getByRole("button", { name: "Create KPI" }).click();
  await expect(page).toHaveURL(new RegExp(`/tree/kpi/${escape(kpi.code)}$`));
  await expect(panelOf(page).getByRole("heading", { name: kpi.name })).toBeVisible();
}

async function addDriver(page: Page, driver: string, driven: string) {
  await page.goto(`/tree/kpi/${driven}`);
  const form = panelOf(page).getByRole("form", { name: "Add a driver" });
  await form.getByLabel("Driver KPI").fill(driver);
  await form.getByRole("button", { name: new RegExp(`\\(${escape(driver)},`) }).click();
  await form.getByRole("button", { name: "Add driver" }).click();
  await expect(form.getByRole("status")).toContainText("Driver added.");
}

async function openObjective(page: Page, code: string) {
  await page.goto(`/tree/objective/${code}`);
  await expect(panelOf(page)).toBeVisible();
}

type KeyResultDraft = { objective: string; code: string; title: string } & (
  | { kind: "metric"; kpi: string; start: number; target: number }
  | { kind: "milestone"; progress: number }
  | { kind: "qualitative"; zone: "fail" | "commit" | "target" | "stretch" }
);

const KEY_RESULTS: KeyResultDraft[] = [
  {
    objective: "STR",
    code: "STR.KR1",
    title: "Residents rate streets well",
    kind: "metric",
    kpi: "st.satisfaction",
    start: 60,
    target: 75,
  },
  { objective: "STR", code: "STR.KR2", title: "Pothole reporting app launched", kind: "milestone", progress: 0.6 },
  {
    objective: "STR-1",
    code: "STR-1.KR1",
    title: "Potholes fixed within three days",
    kind: "metric",
    kpi: "st.repair_days",
    start: 6,
    target: 3,
  },
  {
    objective: "PRK",
    code: "PRK.KR1",
    title: "More park visits",
    kind: "metric",
    kpi: "pk.visits",
    start: 45000,
    target: 55000,
  },
  {
    objective: "PRK",
    code: "PRK.KR2",
    title: "Residents love their parks",
    kind: "metric",
    kpi: "pk.satisfaction",
    start: 78,
    target: 90,
  },
  { objective: "PRK", code: "PRK.KR3", title: "Parks master plan adopted", kind: "qualitative", zone: "commit" },
];

async function addKeyResult(page: Page, keyResult: KeyResultDraft) {
  await openObjective(page, keyResult.objective);
  await panelOf(page).locator("summary", { hasText: "Add a key result" }).click();
  const form = panelOf(page).getByRole("form", { name: "Add a key result" });
  await form.getByLabel(/^Code/).fill(keyResult.code);
  await form.getByLabel(/^Title/).fill(keyResult.title);
  await form.getByLabel("Kind").selectOption(keyResult.kind);
  if (keyResult.kind === "metric") {
    // The tracked KPI is found by name, not typed as a code.
    await form.getByLabel("KPI it tracks").fill(nameOf(keyResult.kpi).slice(0, 18));
    await form.getByRole("button", { name: new RegExp(`\\(${escape(keyResult.kpi)},`) }).click();
    await form.getByLabel("Start value").fill(String(keyResult.start));
    await form.getByLabel(/^Target value/).fill(String(keyResult.target));
  } else if (keyResult.kind === "milestone") {
    await form.getByLabel("Progress (0 to 1)").fill(String(keyResult.progress));
  } else {
    await form.getByLabel("Zone").selectOption(keyResult.zone);
  }
  await form.getByRole("button", { name: "Add key result" }).click();
  await expect(form.getByRole("status")).toContainText("Key result added.");
}

async function enterValue(page: Page, kpi: KpiDraft) {
  await page.goto(`/kpi/${kpi.code}`);
  const form = page.getByRole("form", { name: "Add or correct a value" });
  // The period defaults to the one due next: the month (or quarter) just ended.
  await form.getByLabel(/^Value/).fill(String(kpi.value));
  await form.getByRole("button", { name: "Save value" }).click();
  await expect(form.getByRole("status")).toContainText("Value saved.");
}

async function publish(page: Page, title: string) {
  await page.goto("/publishing");
  await page.getByRole("button", { name: `Publish ${title}`, exact: true }).click();
  await expect(page.getByRole("status")).toContainText("published");
}

const stepStatus = (page: Page, key: string) => page.locator(`[data-step="${key}"] .usa-tag`);

test("from agency:create alone, an officer builds, fills and publishes a whole driver tree in the browser", async ({
  page,
}) => {
  test.setTimeout(600_000);
  const agency = await setUpNewAgency(page, "Town of Journeyville", [
    { code: "PW", name: "Public Works" },
    { code: "PK", name: "Parks and Recreation" },
  ]);

  // A blank plan that covers today.
  await page.goto("/tree");
  const planForm = page.getByRole("form", { name: "Start a blank plan" });
  await planForm.getByLabel(/^Plan name/).fill("Journeyville Plan 2026–2029");
  await planForm.getByLabel(/^Code/).fill("JP");
  await planForm.getByLabel(/^Start date/).fill("2026-01-01");
  await planForm.getByLabel(/^End date/).fill("2029-12-31");
  await planForm.getByRole("button", { name: "Create the plan" }).click();
  await expect(page.getByRole("heading", { name: "Next steps" })).toBeVisible();

  // Three objectives, one nested.
  const topLevel = page.getByRole("form", { name: "Add a top-level objective" });
  for (const [code, title] of [
    ["STR", "Safe, smooth streets"],
    ["PRK", "Parks people use and love"],
  ] as const) {
    await topLevel.getByLabel(/^Code/).fill(code);
    await topLevel.getByLabel(/^Title/).fill(title);
    await topLevel.getByRole("button", { name: /Add objective/ }).click();
    await expect(treeItem(page, code)).toBeVisible();
  }
  await openObjective(page, "STR");
  await panelOf(page).locator("summary", { hasText: "Add a child objective" }).click();
  const child = panelOf(page).getByRole("form", { name: "Add a child objective" });
  await child.getByLabel(/^Code/).fill("STR-1");
  await child.getByLabel(/^Title/).fill("Faster pothole repair");
  await child.getByRole("button", { name: "Add objective" }).click();
  await expect(treeItem(page, "STR-1")).toHaveAttribute("aria-level", "2");

  // Twelve KPIs, each from the full KPI form.
  for (const kpi of KPIS) await createKpi(page, kpi);
  // A value outside a percentage's valid range is refused where it is typed.
  await page.goto("/kpi/pk.satisfaction");
  const valueForm = page.getByRole("form", { name: "Add or correct a value" });
  await valueForm.getByLabel(/^Value/).fill("12345");
  await valueForm.getByRole("button", { name: "Save value" }).click();
  await expect(valueForm.getByRole("alert")).toContainText("0 to 100");

  // Ten driver links, added from the tree.
  for (const [driver, driven] of LINKS) await addDriver(page, driver, driven);
  // A link the engine refuses (an outcome cannot drive an input) is refused before saving, with the reason.
  await page.goto("/tree/kpi/pk.staff");
  const refusedForm = panelOf(page).getByRole("form", { name: "Add a driver" });
  await refusedForm.getByLabel("Driver KPI").fill("pk.visits");
  await expect(refusedForm.getByRole("button", { name: /\(pk\.visits,/ })).toBeDisabled();

  // Six key results of all three kinds.
  for (const keyResult of KEY_RESULTS) await addKeyResult(page, keyResult);

  // Per-period targets: two months of the repair-time KPI get targets of their own.
  await page.goto("/tree/kpi/st.repair_days");
  for (const [month, value] of [
    ["October 2026", "5"],
    ["November 2026", "4"],
  ]) {
    const targetForm = panelOf(page).getByRole("form", { name: "Set a target for one period" });
    // The picker offers the plan's months in the agency's words, not a typed key.
    await targetForm.getByLabel(/^Period/).selectOption({ label: month! });
    await targetForm.getByLabel(/^Target for that period/).fill(value!);
    await targetForm.getByRole("button", { name: "Set period target" }).click();
    await expect(panelOf(page).getByRole("region", { name: /Per-period targets/ })).toContainText(`${month}: ${value}`);
  }
  await expect(panelOf(page).getByRole("heading", { name: "Per-period targets (2)" })).toBeVisible();

  // The quarterly KPI's picker offers the plan's quarters (this agency's fiscal year is the calendar year).
  await page.goto("/tree/kpi/st.satisfaction");
  const quarterForm = panelOf(page).getByRole("form", { name: "Set a target for one period" });
  const quarters = await quarterForm
    .getByLabel(/^Period/)
    .locator("option")
    .allTextContents();
  expect(quarters.length).toBeGreaterThanOrEqual(16);
  expect(
    quarters.every((label) => /Q[1-4] .*\(\w{3}–\w{3} \d{4}\)$/.test(label)),
    quarters.join(", "),
  ).toBe(true);
  await quarterForm.getByLabel(/^Period/).selectOption({ label: quarters[4]! });
  await quarterForm.getByLabel(/^Target for that period/).fill("72");
  await quarterForm.getByRole("button", { name: "Set period target" }).click();
  await expect(panelOf(page).getByRole("region", { name: /Per-period targets/ })).toContainText(`${quarters[4]}: 72`);

  // A month of values for every KPI that is not a formula (the quarterly one gets its quarter).
  for (const kpi of KPIS.filter((draft) => draft.value !== undefined)) await enterValue(page, kpi);

  // The formula KPI computes from its inputs: 820 / 5.
  await page.goto("/kpi/st.per_crew");
  await expect(page.getByRole("main")).toContainText("164");

  // Health is computed through the tree: every KPI with data has a status other than "No data".
  await page.goto("/tree");
  const parks = treeItem(page, "PRK");
  await expect(parks).toHaveAttribute("aria-label", /On track|At risk|Off track/);

  // Everything but publishing is done; the checklist says so.
  await expect(page.getByText("6 of 7 done.")).toBeVisible();
  await expect(stepStatus(page, "publish")).toHaveText("To do");

  // Publish the parks objective, two of its key results and two of its KPIs — nothing else.
  await publish(page, "Parks people use and love");
  await publish(page, "More park visits");
  await publish(page, "Residents love their parks");
  await publish(page, "Park and recreation visits");
  await publish(page, "Residents satisfied with parks");

  // Every step is done: the checklist has gone.
  await page.goto("/tree");
  await expect(treeItem(page, "PRK")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Next steps" })).toHaveCount(0);

  // The public page, signed out: exactly the published part.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await page.goto(`/p/${agency.slug}`);
  await expect(page.getByRole("heading", { level: 1, name: "How Town of Journeyville is doing" })).toBeVisible();
  const objectives = await page.locator(".public-objective > h2, .public-objective > h3").allTextContents();
  expect(objectives).toEqual(["Parks people use and love"]);
  const keyResults = await page.getByRole("table", { name: "How we measure it" }).locator("tbody th").allTextContents();
  expect(keyResults).toEqual(["More park visits", "Residents love their parks"]);
  const measures = await page
    .getByRole("table", { name: /Every published measure/ })
    .locator("tbody th")
    .allTextContents();
  expect(measures.sort()).toEqual(["Park and recreation visits", "Residents satisfied with parks"]);
  const html = await page.content();
  for (const hidden of ["Safe, smooth streets", "Parks master plan adopted", "Park maintenance staff", "st.crews"]) {
    expect(html, hidden).not.toContain(hidden);
  }
  // The published KPI's own page shows the value entered this month.
  await page.getByRole("link", { name: "Park and recreation visits" }).first().click();
  await expect(page.getByRole("main")).toContainText("52,300");
});

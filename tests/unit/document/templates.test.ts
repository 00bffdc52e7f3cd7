// The starter-template library (templates/*.json) and the pure function that turns a template and an officer's
// choices into the document to import.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, test } from "vitest";
import { checkDocument } from "@/lib/document/check-document";
import { EMPTY_STORED_TREE, type StoredTree } from "@/lib/document/stored-tree";
import {
  buildTemplateDocument,
  defaultTemplatePlan,
  findCodeClashes,
  selectEverything,
  type TemplateTarget,
} from "@/lib/document/template-document";
import {
  findStarterTemplate,
  listStarterTemplateFiles,
  readStarterTemplate,
  TEMPLATE_FILES,
  type StarterTemplate,
} from "@/lib/document/template-library";

const templatesDirectory = path.resolve(import.meta.dirname, "../../../templates");
const templates = listStarterTemplateFiles();

const REQUIRED_FUNCTIONS = [
  "permits-inspections",
  "customer-service-311",
  "police",
  "fire-ems",
  "parks-recreation",
  "libraries",
  "streets-transportation",
  "code-enforcement",
  "finance",
];

function targetFor(template: StarterTemplate, prefix = ""): TemplateTarget {
  return {
    agency: { name: "Testville", fiscalYearStartMonth: 7, thresholds: { onTrack: 0.9, atRisk: 0.7 } },
    plan: { code: "P", name: "Plan", start: "2026-07-01", end: "2030-06-30" },
    departments: Object.fromEntries(template.departments.map((department) => [department.code, "OPS"])),
    prefix,
  };
}

/** An agency with one department, OPS, and nothing else. */
const storedWithOps: StoredTree = {
  ...EMPTY_STORED_TREE,
  agency: { name: "Testville", slug: "testville", fiscalYearStartMonth: 7, thresholds: { onTrack: 0.9, atRisk: 0.7 } },
  departments: new Map([["OPS", { code: "OPS", name: "Operations", parent: null, isRetired: false }]]),
};

describe("the template library", () => {
  test("every file in templates/ is in the library, and the library covers every required function", () => {
    const files = fs.readdirSync(templatesDirectory).filter((name) => name.endsWith(".json"));
    expect(files.map((name) => name.replace(/\.json$/, "")).sort()).toEqual(templates.map((t) => t.id).sort());
    expect(TEMPLATE_FILES).toHaveLength(files.length);
    for (const id of REQUIRED_FUNCTIONS) expect(findStarterTemplate(id), id).not.toBeNull();
  });

  test.each(TEMPLATE_FILES.map((raw) => [(raw as { id: string }).id, raw]))(
    "%s passes the import's document checker with no problem",
    (_id, raw) => {
      const header = raw as { document: unknown };
      expect(checkDocument(header.document)).toMatchObject({ ok: true });
      expect(readStarterTemplate(raw)).toMatchObject({ ok: true });
    },
  );

  test.each(templates.map((template) => [template.id, template]))(
    "%s: one objective, 2–4 key results with a metric one, 6–15 KPIs over all three levels, all linked",
    (_id, template) => {
      const { document } = template;
      expect(document.objectives).toHaveLength(1);
      expect(document.keyResults.length).toBeGreaterThanOrEqual(2);
      expect(document.keyResults.length).toBeLessThanOrEqual(4);
      expect(document.keyResults.some((keyResult) => keyResult.kind === "metric")).toBe(true);
      expect(document.kpis.length).toBeGreaterThanOrEqual(6);
      expect(document.kpis.length).toBeLessThanOrEqual(15);
      expect(new Set(document.kpis.map((kpi) => kpi.ipo))).toEqual(new Set(["input", "process", "outcome"]));
      // Every KPI is linked into the tree, and a template starts without data.
      const linked = new Set(document.links.flatMap((link) => [link.from, link.to]));
      for (const kpi of document.kpis) expect(linked.has(kpi.code), `${kpi.code} has a driver link`).toBe(true);
      expect(document.measurements).toEqual([]);
      // Codes stay valid behind a prefix: no formulas to rename.
      for (const kpi of document.kpis) expect(kpi.formula, kpi.code).toBeNull();
    },
  );

  test.each(templates.map((template) => [template.id, template]))(
    "%s: every KPI has a unit and cites its source in its description",
    (_id, template) => {
      for (const kpi of template.document.kpis) {
        expect(kpi.unit, kpi.code).not.toBe("");
        expect(kpi.description, kpi.code).toMatch(/Source: \S/);
      }
      // The template's departments are the document's, and every KPI names one of them.
      const codes = new Set(template.departments.map((department) => department.code));
      expect(new Set(template.document.departments.map((department) => department.code))).toEqual(codes);
      for (const kpi of template.document.kpis) expect(codes.has(kpi.department), kpi.code).toBe(true);
    },
  );

  // Percentages that are not shares of a whole: an error or a variance, hiring against a plan, and clearance rates
  // (UCR counts clearances of earlier years' crimes, so a year can pass 100%). Each still has a floor.
  const UNBOUNDED_PERCENTAGES: Record<string, number> = {
    "finance.revenue_forecast_error_pct": 0,
    "finance.expenditure_variance_pct": -100,
    "workforce.sworn_hires_vs_plan_pct": 0,
    "crime.violent_clearance_pct": 0,
    "crime.homicide_clearance_pct": 0,
  };

  test.each(templates.map((template) => [template.id, template]))(
    "%s: every percentage KPI has its valid range, 0 to 100 for a share",
    (_id, template) => {
      const percentages = template.document.kpis.filter((kpi) => kpi.unit === "%");
      for (const kpi of percentages) {
        const floor = UNBOUNDED_PERCENTAGES[kpi.code];
        const expected = floor === undefined ? { min: 0, max: 100 } : { min: floor, max: null };
        expect({ min: kpi.min, max: kpi.max }, kpi.code).toEqual(expected);
      }
      for (const kpi of template.document.kpis.filter((kpi) => /^(score 1-5|index 0-100)$/.test(kpi.unit))) {
        expect({ min: kpi.min, max: kpi.max }, kpi.code).toEqual(
          kpi.unit === "score 1-5" ? { min: 1, max: 5 } : { min: 0, max: 100 },
        );
      }
    },
  );

  test("a template whose document an import would refuse does not load, with the path of each problem", () => {
    const raw = structuredClone(TEMPLATE_FILES[0]) as { document: { kpis: { frequency: string }[] } };
    raw.document.kpis[0]!.frequency = "weekly";
    const read = readStarterTemplate(raw);
    expect(read.ok).toBe(false);
    expect(read.ok ? [] : read.problems).toEqual([expect.stringMatching(/^kpis\[0\]\.frequency: /)]);
  });
});

describe("buildTemplateDocument", () => {
  const permits = findStarterTemplate("permits-inspections") as StarterTemplate;

  test.each(templates.map((template) => [template.id, template]))(
    "%s, everything ticked, imports cleanly into an agency with one department",
    (_id, template) => {
      const built = buildTemplateDocument(template, selectEverything(template), targetFor(template));
      expect(built.problems).toEqual([]);
      expect(built.leftOut).toEqual([]);
      expect(checkDocument(built.document, storedWithOps)).toMatchObject({ ok: true });
      expect(built.counts).toEqual({
        objectives: template.document.objectives.length,
        keyResults: template.document.keyResults.length,
        kpis: template.document.kpis.length,
        links: template.document.links.length,
      });
    },
  );

  test("maps the template's departments to the agency's, creates none, and keeps the agency and plan as given", () => {
    const target = targetFor(permits);
    const built = buildTemplateDocument(permits, selectEverything(permits), target);
    const document = built.document as {
      agency: unknown;
      plan: unknown;
      departments: unknown[];
      kpis: { department: string }[];
      objectives: { department: string }[];
    };
    expect(document.departments).toEqual([]);
    expect(new Set(document.kpis.map((kpi) => kpi.department))).toEqual(new Set(["OPS"]));
    expect(document.objectives[0]?.department).toBe("OPS");
    expect(document.agency).toEqual(target.agency);
    expect(document.plan).toEqual(target.plan);
  });

  test("an unmapped department that still owns something is a problem; one that owns nothing is not", () => {
    const fire = findStarterTemplate("fire-ems") as StarterTemplate;
    const target = { ...targetFor(fire), departments: { FIRE: "OPS", EMS: "OPS" } };
    const built = buildTemplateDocument(fire, selectEverything(fire), target);
    expect(built.problems).toEqual([{ path: "departments.DISPATCH", message: expect.stringContaining("911") }]);

    const dispatchKpis = fire.document.kpis.filter((kpi) => kpi.department === "DISPATCH").map((kpi) => kpi.code);
    const selection = selectEverything(fire);
    const withoutDispatch = {
      ...selection,
      kpis: new Set([...selection.kpis].filter((c) => !dispatchKpis.includes(c))),
    };
    expect(buildTemplateDocument(fire, withoutDispatch, target).problems).toEqual([]);
  });

  test("unticking a KPI drops its links and the key results that track it, and says so", () => {
    const selection = selectEverything(permits);
    const kpis = new Set(selection.kpis);
    kpis.delete("permits.issued_10day_pct");
    const built = buildTemplateDocument(permits, { ...selection, kpis }, targetFor(permits));
    const document = built.document as {
      kpis: { code: string }[];
      links: { from: string; to: string }[];
      objectives: { keyResults: { code: string; kpi: string | null }[] }[];
    };
    expect(document.kpis.map((kpi) => kpi.code)).not.toContain("permits.issued_10day_pct");
    expect(
      document.links.filter((l) => l.from === "permits.issued_10day_pct" || l.to === "permits.issued_10day_pct"),
    ).toEqual([]);
    expect(document.objectives[0]?.keyResults.map((keyResult) => keyResult.code)).toEqual([
      "PERMITS.KR2",
      "PERMITS.KR3",
    ]);
    const linksBefore = permits.document.links.filter(
      (link) => link.from === "permits.issued_10day_pct" || link.to === "permits.issued_10day_pct",
    );
    expect(built.leftOut).toEqual([
      ...linksBefore.map((link) => expect.stringMatching(`^The link from ${link.from} to ${link.to} goes with`)),
      expect.stringMatching(/^Key result PERMITS\.KR1 .* tracks permits\.issued_10day_pct .* so it goes too\.$/),
    ]);
    expect(built.counts).toMatchObject({ kpis: 11, keyResults: 2, links: permits.document.links.length - 2 });
    expect(checkDocument(built.document, storedWithOps)).toMatchObject({ ok: true });
  });

  test("unticking the objective drops its key results and keeps the KPIs", () => {
    const selection = { ...selectEverything(permits), objectives: new Set<string>() };
    const built = buildTemplateDocument(permits, selection, targetFor(permits));
    expect(built.counts).toMatchObject({ objectives: 0, keyResults: 0, kpis: 12 });
    expect(built.leftOut).toHaveLength(3);
    expect(built.leftOut[0]).toMatch(/^Key result PERMITS\.KR1 .* goes with objective PERMITS\.$/);
    expect(checkDocument(built.document, storedWithOps)).toMatchObject({ ok: true });
  });

  test("a prefix goes in front of every KPI, link, objective and key result code", () => {
    const built = buildTemplateDocument(permits, selectEverything(permits), targetFor(permits, "north."));
    const document = built.document as {
      kpis: { code: string }[];
      links: { from: string; to: string }[];
      objectives: { code: string; keyResults: { code: string; kpi: string | null }[] }[];
    };
    expect(document.kpis.every((kpi) => kpi.code.startsWith("north.permits."))).toBe(true);
    expect(document.links.every((l) => l.from.startsWith("north.") && l.to.startsWith("north."))).toBe(true);
    expect(document.objectives[0]?.code).toBe("north.PERMITS");
    expect(document.objectives[0]?.keyResults[0]).toMatchObject({
      code: "north.PERMITS.KR1",
      kpi: "north.permits.issued_10day_pct",
    });
    expect(checkDocument(built.document, storedWithOps)).toMatchObject({ ok: true });
  });
});

describe("findCodeClashes", () => {
  const permits = findStarterTemplate("permits-inspections") as StarterTemplate;

  test("lists every KPI, objective and key result code the agency holds already; a prefix clears them", () => {
    const built = buildTemplateDocument(permits, selectEverything(permits), targetFor(permits));
    const check = checkDocument(built.document, storedWithOps);
    if (!check.ok) throw new Error("the built document must check");
    const stored: StoredTree = {
      ...storedWithOps,
      kpis: new Map([["permits.plan_review_days", { ...check.document.kpis[3]!, name: "Review days" }]]),
      objectives: new Map([
        ["PERMITS", { ...check.document.objectives[0]!, title: "Our permits objective", plan: "P", position: 0 }],
      ]),
      keyResults: new Map([["PERMITS.KR3", { ...check.document.keyResults[2]!, title: "Our portal", position: 0 }]]),
    };
    expect(findCodeClashes(built.document, stored)).toEqual([
      {
        path: "prefix",
        message: expect.stringMatching(/^Your tree has a KPI permits\.plan_review_days already \(Review days\)/),
      },
      { path: "prefix", message: expect.stringMatching(/^Your tree has an objective PERMITS already/) },
      { path: "prefix", message: expect.stringMatching(/^Your tree has a key result PERMITS\.KR3 already/) },
    ]);
    const prefixed = buildTemplateDocument(permits, selectEverything(permits), targetFor(permits, "t2."));
    expect(findCodeClashes(prefixed.document, stored)).toEqual([]);
  });
});

describe("defaultTemplatePlan", () => {
  test.each([
    // today, fiscal year start month, start, end, code
    ["2026-12-03", 7, "2026-07-01", "2030-06-30", "PLAN-FY2027"],
    ["2026-03-15", 7, "2025-07-01", "2029-06-30", "PLAN-FY2026"],
    ["2026-07-01", 7, "2026-07-01", "2030-06-30", "PLAN-FY2027"],
    ["2026-12-03", 1, "2026-01-01", "2029-12-31", "PLAN-FY2026"],
    ["2026-09-30", 10, "2025-10-01", "2029-09-30", "PLAN-FY2026"],
  ])("on %s with fiscal years starting in month %i: %s to %s", (today, month, start, end, code) => {
    expect(defaultTemplatePlan("Police", month, today)).toMatchObject({ code, start, end });
  });

  test("is named after the template and the fiscal years it spans", () => {
    expect(defaultTemplatePlan("Police", 7, "2026-12-03").name).toBe("Police plan FY2027–FY2030");
  });
});

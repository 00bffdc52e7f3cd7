// Documents for the checker's tests: the example of spec/drivertree-format.md, and a builder of small documents.
import type { DriverTreeDocument, DriverTreeKpi } from "@/lib/document/types";

export function exampleDocument(): DriverTreeDocument {
  return {
    format: "drivertree/v1",
    agency: { name: "City of Riverton", fiscalYearStartMonth: 7, thresholds: { onTrack: 0.9, atRisk: 0.7 } },
    departments: [
      { code: "CM", name: "City Manager's Office", parent: null },
      { code: "PLN", name: "Planning and Permits", parent: "CM" },
    ],
    plan: { code: "CBP-2026", name: "Citywide Business Plan 2026–2030", start: "2026-01-01", end: "2030-12-31" },
    kpis: [
      {
        code: "permits.median_days",
        name: "Median days to issue a business permit",
        unit: "days",
        ipo: "outcome",
        indicator: "lagging",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "avg",
        department: "PLN",
        baseline: 30,
        target: 15,
        targets: { "2026-06": 25 },
        lagDays: 30,
        published: true,
      },
      kpi("permits.reviewers_fte", { ipo: "input", direction: "increase", aggregation: "avg", target: 12 }),
      kpi("finance.permits_cost", { ipo: "input", direction: "decrease", aggregation: "sum" }),
      kpi("permits.issued", { ipo: "process", direction: "increase", aggregation: "sum", target: 100 }),
      kpi("permits.cost_per_permit", {
        ipo: "process",
        direction: "decrease",
        aggregation: "avg",
        target: 180,
        formula: "finance.permits_cost / permits.issued",
      }),
    ],
    links: [{ from: "permits.reviewers_fte", to: "permits.median_days", weight: 1, polarity: "negative" }],
    objectives: [
      {
        code: "O1",
        title: "Make it easy to open a business",
        department: "CM",
        parent: null,
        keyResults: [
          {
            code: "O1.KR1",
            title: "Cut median permit time from 30 to 15 days",
            kind: "metric",
            kpi: "permits.median_days",
            start: 30,
            target: 15,
            startDate: "2026-01-01",
            dueDate: "2026-12-31",
            weight: 2,
          },
          { code: "O1.KR2", title: "Launch the online permit portal", kind: "milestone", progress: 0.4 },
          { code: "O1.KR3", title: "Applicants rate the process as fair", kind: "qualitative", zone: "commit" },
        ],
      },
    ],
    measurements: [
      { kpi: "permits.median_days", period: "2026-03", value: 27, note: "Two reviewers on leave." },
      { kpi: "permits.median_days", period: "2026-06", value: 24 },
      { kpi: "permits.reviewers_fte", period: "2026-06", value: 10 },
      { kpi: "finance.permits_cost", period: "2026-06", value: 21000 },
      { kpi: "permits.issued", period: "2026-06", value: 120 },
    ],
  };
}

/** A monthly KPI of department PLN with the fields given. */
export function kpi(code: string, fields: Partial<DriverTreeKpi> = {}): DriverTreeKpi {
  return {
    code,
    name: code,
    ipo: "process",
    direction: "increase",
    frequency: "monthly",
    department: "PLN",
    ...fields,
  };
}

/**
 * A document with exactly ten problems of different kinds (the list of issue 7), and where each is reported.
 */
export function tenErrorDocument(): { document: DriverTreeDocument; expectedPaths: string[] } {
  const document = exampleDocument();
  document.kpis.push(
    kpi("parks.visits", { department: "PARKS" }), // kpis[5]: unknown department
    kpi("permits.issued", { ipo: "process" }), // kpis[6]: duplicate code
    kpi("permits.rate", { formula: "permits.issued / permits.applications" }), // kpis[7]: unknown KPI in formula
    kpi("loop.a", { formula: "loop.b * 2" }), // kpis[8]
    kpi("loop.b", { formula: "loop.a + 1" }), // kpis[9]: closes a formula cycle
    kpi("permits.backlog", { direction: "decrease", baseline: 40, target: 60 }), // kpis[10]: baseline on the wrong side
    kpi("staff.a", { ipo: "input" }), // kpis[11]
    kpi("staff.b", { ipo: "input" }), // kpis[12]
  );
  document.links.push(
    { from: "staff.a", to: "staff.b" }, // links[1]
    { from: "staff.b", to: "staff.a" }, // links[2]: closes a link cycle
    { from: "permits.median_days", to: "permits.reviewers_fte" }, // links[3]: outcome → input
  );
  document.objectives[0]!.keyResults!.push({
    code: "O1.KR4",
    title: "Track a KPI that does not exist",
    kpi: "permits.satisfaction",
    start: 60,
    target: 80,
  }); // objectives[0].keyResults[3]: unknown KPI
  document.measurements!.push(
    { kpi: "permits.issued", period: "2026-13", value: 130 }, // measurements[5]: bad period key
    { kpi: "permits.issued", period: "2026-05", value: "n/a" as unknown as number }, // measurements[6]: not a number
  );
  return {
    document,
    expectedPaths: [
      "kpis[5].department",
      "kpis[6].code",
      "kpis[7].formula",
      "kpis[9].formula",
      "kpis[10].target",
      "links[2]",
      "links[3]",
      "objectives[0].keyResults[3].kpi",
      "measurements[5].period",
      "measurements[6].value",
    ],
  };
}

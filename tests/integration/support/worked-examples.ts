// The worked examples of spec/health.md, each as a drivertree/v1 document with the date it is read as of and the
// numbers the spec gives for it.
import type { DriverTreeDocument, DriverTreeKpi } from "@/lib/document/types";

export type WorkedExample = {
  name: string;
  asOf: string;
  document: DriverTreeDocument;
  /** Node key ("kpi:…", "keyResult:…", "objective:…") → the fields the spec states. */
  expected: Record<string, Record<string, unknown>>;
};

function documentWith(parts: Partial<DriverTreeDocument> & { fiscalYearStartMonth?: number }): DriverTreeDocument {
  const { fiscalYearStartMonth = 1, ...rest } = parts;
  return {
    format: "drivertree/v1",
    agency: { name: "Worked example", fiscalYearStartMonth },
    departments: [{ code: "D", name: "Department" }],
    plan: { code: "P", start: "2026-01-01", end: "2030-12-31" },
    kpis: [],
    links: [],
    objectives: [],
    ...rest,
  };
}

const monthly = (code: string, fields: Partial<DriverTreeKpi>): DriverTreeKpi => ({
  code,
  name: code,
  ipo: "outcome",
  direction: "increase",
  frequency: "monthly",
  department: "D",
  ...fields,
});

export const WORKED_EXAMPLES: WorkedExample[] = [
  {
    name: "1. increase with a baseline: b = 50, t = 90, v = 80",
    asOf: "2026-07-02",
    document: documentWith({
      kpis: [monthly("ex.increase", { baseline: 50, target: 90 })],
      measurements: [{ kpi: "ex.increase", period: "2026-06", value: 80 }],
    }),
    expected: { "kpi:ex.increase": { attainment: 0.75, health: 0.75, status: "AT_RISK" } },
  },
  {
    name: "2. decrease without a baseline: t = 15, v = 20 and v = 12",
    asOf: "2026-07-02",
    document: documentWith({
      kpis: [
        monthly("ex.days_slow", { direction: "decrease", target: 15 }),
        monthly("ex.days_fast", { direction: "decrease", target: 15 }),
      ],
      measurements: [
        { kpi: "ex.days_slow", period: "2026-06", value: 20 },
        { kpi: "ex.days_fast", period: "2026-06", value: 12 },
      ],
    }),
    expected: {
      "kpi:ex.days_slow": { attainment: 0.75, status: "AT_RISK" },
      "kpi:ex.days_fast": { attainment: 1.25, health: 1, status: "ON_TRACK" },
    },
  },
  {
    name: "3. maintain: t = 200, τ = 5, v = 208",
    asOf: "2026-07-02",
    document: documentWith({
      kpis: [monthly("ex.maintain", { direction: "maintain", target: 200, tolerance: 5 })],
      measurements: [{ kpi: "ex.maintain", period: "2026-06", value: 208 }],
    }),
    expected: { "kpi:ex.maintain": { attainment: 0.4, health: 0.4, status: "OFF_TRACK" } },
  },
  {
    name: "4. a metric key result from 30 to 15 over 2026, v = 24 on 2026-07-02",
    asOf: "2026-07-02",
    document: documentWith({
      kpis: [monthly("ex.permit_days", { direction: "decrease", target: 15 })],
      objectives: [
        {
          code: "O",
          title: "Objective",
          keyResults: [
            {
              code: "O.KR",
              title: "From 30 to 15 days",
              kpi: "ex.permit_days",
              start: 30,
              target: 15,
              startDate: "2026-01-01",
              dueDate: "2027-01-01",
            },
          ],
        },
      ],
      measurements: [{ kpi: "ex.permit_days", period: "2026-06", value: 24 }],
    }),
    expected: { "keyResult:O.KR": { progress: 0.4, health: 0.4 / (182 / 365), status: "AT_RISK" } },
  },
  {
    name: "5. an objective over KR1 (w 2, h 0.8), a milestone (h 1) and a metric KR with no data",
    asOf: "2026-07-02",
    document: documentWith({
      kpis: [monthly("ex.permit_days", { direction: "decrease", target: 15 }), monthly("ex.no_data", { target: 10 })],
      objectives: [
        {
          code: "O",
          title: "Objective",
          keyResults: [
            {
              code: "KR1",
              title: "KR1",
              kpi: "ex.permit_days",
              start: 30,
              target: 15,
              startDate: "2026-01-01",
              dueDate: "2026-12-31",
              weight: 2,
            },
            {
              code: "KR2",
              title: "KR2",
              kind: "milestone",
              progress: 0.5,
              startDate: "2026-01-01",
              dueDate: "2026-12-31",
            },
            { code: "KR3", title: "KR3", kpi: "ex.no_data", start: 0, target: 10 },
          ],
        },
      ],
      measurements: [{ kpi: "ex.permit_days", period: "2026-06", value: 24 }],
    }),
    expected: {
      "keyResult:KR1": { progress: 0.4, health: 0.8, status: "AT_RISK" },
      "keyResult:KR2": { progress: 0.5, health: 1, status: "ON_TRACK" },
      "keyResult:KR3": { progress: null, health: null, status: "NO_DATA" },
      "objective:O": {
        progress: 1.3 / 3,
        health: 2.6 / 3,
        status: "AT_RISK",
        coverage: 0.75,
        counts: { AT_RISK: 1, ON_TRACK: 1, NO_DATA: 1 },
        weakest: "KR1",
      },
    },
  },
  {
    name: "6. cost.total / services.count for 2026-03 with services.count = 0",
    asOf: "2026-04-15",
    document: documentWith({
      kpis: [
        monthly("cost.total", { ipo: "input", direction: "decrease", aggregation: "sum" }),
        monthly("services.count", { ipo: "process", aggregation: "sum" }),
        monthly("cost.per_service", {
          ipo: "process",
          direction: "decrease",
          target: 200,
          formula: "cost.total / services.count",
        }),
      ],
      measurements: [
        { kpi: "cost.total", period: "2026-03", value: 20000 },
        { kpi: "services.count", period: "2026-03", value: 0 },
      ],
    }),
    expected: { "kpi:cost.per_service": { value: null, status: "NO_DATA", reason: "division by zero" } },
  },
  {
    name: "7. a quarterly formula over two monthly sums, fiscal year from July: 2026-Q4 = 268.18",
    asOf: "2026-07-15",
    document: documentWith({
      fiscalYearStartMonth: 7,
      kpis: [
        monthly("cost.total", { ipo: "input", direction: "decrease", aggregation: "sum" }),
        monthly("services.count", { ipo: "process", aggregation: "sum" }),
        {
          ...monthly("cost.per_service", { ipo: "process", direction: "decrease", target: 300 }),
          frequency: "quarterly",
          formula: "round(cost.total / services.count, 2)",
        },
      ],
      measurements: [
        { kpi: "cost.total", period: "2026-04", value: 20000 },
        { kpi: "cost.total", period: "2026-05", value: 18000 },
        { kpi: "cost.total", period: "2026-06", value: 21000 },
        { kpi: "services.count", period: "2026-04", value: 100 },
        { kpi: "services.count", period: "2026-05", value: 0 },
        { kpi: "services.count", period: "2026-06", value: 120 },
      ],
    }),
    expected: { "kpi:cost.per_service": { period: "2026-Q4", value: 268.18, reason: null } },
  },
];

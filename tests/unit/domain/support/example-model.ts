// The example document of spec/drivertree-format.md, as the engine's model.

import { createHealthModel, createKpiDefinition, type HealthModel } from "@/lib/domain";

export function buildExampleModel(): HealthModel {
  return createHealthModel({
    agency: { fiscalYearStartMonth: 7, thresholds: { onTrack: 0.9, atRisk: 0.7 } },
    plan: { start: "2026-01-01", end: "2030-12-31" },
    kpis: [
      createKpiDefinition({
        code: "permits.median_days",
        ipo: "outcome",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "avg",
        baseline: 30,
        target: 15,
        targets: { "2026-06": 25 },
        lagDays: 30,
      }),
      createKpiDefinition({
        code: "permits.reviewers_fte",
        ipo: "input",
        direction: "increase",
        frequency: "monthly",
        aggregation: "avg",
        target: 12,
      }),
      createKpiDefinition({
        code: "finance.permits_cost",
        ipo: "input",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "sum",
      }),
      createKpiDefinition({
        code: "permits.issued",
        ipo: "process",
        direction: "increase",
        frequency: "monthly",
        aggregation: "sum",
        target: 100,
      }),
      createKpiDefinition({
        code: "permits.cost_per_permit",
        ipo: "process",
        direction: "decrease",
        frequency: "monthly",
        aggregation: "avg",
        target: 180,
        formula: "finance.permits_cost / permits.issued",
      }),
    ],
    links: [{ from: "permits.reviewers_fte", to: "permits.median_days", weight: 1, polarity: "negative" }],
    objectives: [{ code: "O1", parent: null, weight: 1 }],
    keyResults: [
      {
        code: "O1.KR1",
        objective: "O1",
        kind: "metric",
        kpi: "permits.median_days",
        start: 30,
        target: 15,
        startDate: "2026-01-01",
        dueDate: "2026-12-31",
        weight: 2,
      },
      { code: "O1.KR2", objective: "O1", kind: "milestone", progress: 0.4, weight: 1 },
      { code: "O1.KR3", objective: "O1", kind: "qualitative", zone: "commit", weight: 1 },
    ],
    measurements: {
      "permits.median_days": { "2026-03": 27, "2026-06": 24 },
      "permits.reviewers_fte": { "2026-06": 10 },
      "finance.permits_cost": { "2026-06": 21000 },
      "permits.issued": { "2026-06": 120 },
    },
  });
}

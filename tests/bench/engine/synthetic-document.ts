// The synthetic agency (synthetic-agency.ts) as a drivertree/v1 document, for benchmarks and tests that go through
// the API: its first months of measurements in the document, the rest as the feed a department would send later.
import type { DriverTreeDocument, DriverTreeKeyResult, DriverTreeObjective } from "@/lib/document/types";
import type { HealthModel } from "@/lib/domain";

/** The synthetic agency as a document, with the first `historyMonths` months of measurements. */
export function toSyntheticDocument(
  model: HealthModel,
  historyMonths: number,
): { document: DriverTreeDocument; feed: { kpi: string; period: string; value: number }[] } {
  const keyResultsOf = new Map<string, DriverTreeKeyResult[]>();
  for (const keyResult of model.keyResults) {
    const list = keyResultsOf.get(keyResult.objective) ?? [];
    list.push({
      code: keyResult.code,
      title: keyResult.code,
      kind: keyResult.kind,
      kpi: keyResult.kpi ?? null,
      start: keyResult.start ?? null,
      target: keyResult.target ?? null,
      weight: keyResult.weight,
      progress: keyResult.progress ?? null,
      zone: keyResult.zone ?? null,
    });
    keyResultsOf.set(keyResult.objective, list);
  }
  const objectives: DriverTreeObjective[] = model.objectives.map((objective) => ({
    code: objective.code,
    title: objective.code,
    parent: objective.parent,
    weight: objective.weight,
    keyResults: keyResultsOf.get(objective.code) ?? [],
  }));
  const periods = [...new Set(Object.values(model.measurements).flatMap((series) => Object.keys(series)))].sort();
  const history = new Set(periods.slice(0, historyMonths));
  const measurements: DriverTreeDocument["measurements"] = [];
  const feed: { kpi: string; period: string; value: number }[] = [];
  // A feed sends month after month, every KPI's value for the month.
  for (const period of periods) {
    for (const kpi of model.kpis) {
      const value = model.measurements[kpi.code]?.[period];
      if (value === undefined) continue;
      (history.has(period) ? measurements : feed).push({ kpi: kpi.code, period, value });
    }
  }
  return {
    document: {
      format: "drivertree/v1",
      agency: {
        name: "Synthetic",
        fiscalYearStartMonth: model.agency.fiscalYearStartMonth,
        thresholds: model.agency.thresholds,
      },
      departments: [{ code: "ALL", name: "All services" }],
      plan: { code: "PLAN", name: "Plan", start: model.plan.start, end: model.plan.end },
      kpis: model.kpis.map((kpi) => ({
        code: kpi.code,
        name: kpi.code,
        ipo: kpi.ipo,
        direction: kpi.direction,
        frequency: kpi.frequency,
        aggregation: kpi.aggregation,
        department: "ALL",
        baseline: kpi.baseline,
        target: kpi.target,
        targets: kpi.targets,
        tolerance: kpi.tolerance,
        thresholds: kpi.thresholds,
        formula: kpi.formula,
        lagDays: kpi.lagDays,
      })),
      links: model.links.map((link) => ({ ...link })),
      objectives,
      measurements,
    },
    feed,
  };
}

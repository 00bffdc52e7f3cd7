import {
  createHealthModel,
  DEFAULT_THRESHOLDS,
  resolveThresholds,
  type HealthModel,
  type KeyResultDefinition,
  type ObjectiveDefinition,
} from "@/lib/domain";
import type { DriverTreeDocument, DriverTreeObjective } from "@/lib/document/types";

// A drivertree/v1 document as the engine's model, with the document's defaults
// (spec/drivertree-format.md): objectives flattened parent-first whether they nest by
// `parent` or by `children`, key results in document order. Tests only: it builds the model the engine should see
// without the importer and the database, so a test can compare what they store with it.

function flattenObjectives(objectives: readonly DriverTreeObjective[]) {
  const flat: { objective: DriverTreeObjective; parent: string | null }[] = [];
  const visit = (objective: DriverTreeObjective, parent: string | null) => {
    flat.push({ objective, parent: objective.parent ?? parent });
    for (const child of objective.children ?? []) visit(child, objective.code);
  };
  for (const objective of objectives) visit(objective, null);
  return flat;
}

export function toHealthModel(document: DriverTreeDocument): HealthModel {
  const flat = flattenObjectives(document.objectives);
  const objectives: ObjectiveDefinition[] = flat.map(({ objective, parent }) => ({
    code: objective.code,
    parent,
    weight: objective.weight ?? 1,
  }));
  const keyResults: KeyResultDefinition[] = flat.flatMap(({ objective }) =>
    (objective.keyResults ?? []).map((keyResult) => ({
      code: keyResult.code,
      objective: objective.code,
      kind: keyResult.kind ?? "metric",
      kpi: keyResult.kpi ?? null,
      start: keyResult.start ?? null,
      target: keyResult.target ?? null,
      startDate: keyResult.startDate ?? null,
      dueDate: keyResult.dueDate ?? null,
      weight: keyResult.weight ?? 1,
      progress: keyResult.progress ?? null,
      zone: keyResult.zone ?? null,
    })),
  );
  const measurements: Record<string, Record<string, number>> = {};
  for (const measurement of document.measurements ?? []) {
    (measurements[measurement.kpi] ??= {})[measurement.period] = measurement.value;
  }
  return createHealthModel({
    agency: {
      fiscalYearStartMonth: document.agency.fiscalYearStartMonth ?? 1,
      thresholds: resolveThresholds(DEFAULT_THRESHOLDS, document.agency.thresholds),
    },
    plan: { start: document.plan.start, end: document.plan.end },
    kpis: document.kpis.map((kpi) => ({
      code: kpi.code,
      ipo: kpi.ipo,
      direction: kpi.direction,
      frequency: kpi.frequency,
      aggregation: kpi.aggregation ?? "last",
      baseline: kpi.baseline ?? null,
      target: kpi.target ?? null,
      targets: kpi.targets ?? {},
      tolerance: kpi.tolerance ?? 0,
      thresholds: kpi.thresholds ?? null,
      formula: kpi.formula ?? null,
      lagDays: kpi.lagDays ?? 30,
      min: kpi.min ?? null,
      max: kpi.max ?? null,
    })),
    links: document.links.map((link) => ({
      from: link.from,
      to: link.to,
      weight: link.weight ?? 1,
      polarity: link.polarity ?? "positive",
    })),
    objectives,
    keyResults,
    measurements,
  });
}

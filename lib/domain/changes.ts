// Changes to a model, described as data. The write path validates a change (validation.ts), then asks the engine
// which nodes it reaches and their new results (recompute.ts). applyChange gives the model after the change,
// sharing every list the change does not touch — which lets the engine reuse its index (model-index.ts).

import type {
  AgencySettings,
  DriverLink,
  HealthModel,
  KeyResultDefinition,
  KpiDefinition,
  MeasurementSeries,
  ObjectiveDefinition,
  Plan,
  Polarity,
  Thresholds,
} from "./model";

export interface MeasurementEdit {
  kpi: string;
  period: string;
  /** null deletes the measurement */
  value: number | null;
}

export type ModelChange =
  /** New, corrected or deleted measurements of some KPIs. */
  | { type: "measurements"; measurements: readonly MeasurementEdit[] }
  /** A KPI's definition replaced whole: targets, baseline, direction, tolerance, thresholds, lagDays, frequency, … */
  | { type: "kpiUpdated"; kpi: KpiDefinition }
  | { type: "formulaChanged"; kpi: string; formula: string | null }
  | { type: "kpiAdded"; kpi: KpiDefinition }
  /** Also removes its measurements and every link from or to it. */
  | { type: "kpiRemoved"; kpi: string }
  | { type: "linkAdded"; link: DriverLink }
  /** Removes every link from `from` to `to`. */
  | { type: "linkRemoved"; from: string; to: string }
  /** Reweights (or changes the polarity of) every link from `from` to `to`. */
  | { type: "linkUpdated"; from: string; to: string; weight?: number; polarity?: Polarity }
  /** A key result replaced whole (its objective may change: it moves). */
  | { type: "keyResultUpdated"; keyResult: KeyResultDefinition }
  | { type: "keyResultAdded"; keyResult: KeyResultDefinition }
  | { type: "keyResultRemoved"; keyResult: string }
  /** An objective's weight or parent. */
  | { type: "objectiveUpdated"; objective: ObjectiveDefinition }
  | { type: "objectiveAdded"; objective: ObjectiveDefinition }
  /**
   * An objective's key results put in a new order (`order` lists them all). Order decides the weakest child on a
   * tie (spec/health.md), so it is part of the model: a moved key result is placed with one of these too.
   */
  | { type: "keyResultsReordered"; objective: string; order: readonly string[] }
  /** The objectives under one parent (null: the top level) put in a new order (`order` lists them all). */
  | { type: "objectivesReordered"; parent: string | null; order: readonly string[] }
  /** docs/health.md: also removes its key results; its child objectives move up to its parent. */
  | { type: "objectiveRemoved"; objective: string }
  /** The agency's thresholds. */
  | { type: "thresholdsChanged"; thresholds: Thresholds }
  | { type: "agencyChanged"; agency: AgencySettings }
  | { type: "planChanged"; plan: Plan };

/**
 * The model after a change. Pure: the input is not modified; lists the change does not touch are shared. An edit
 * of a code that does not exist changes nothing; an addition of a code that exists replaces it in place.
 */
export function applyChange(model: HealthModel, change: ModelChange): HealthModel {
  switch (change.type) {
    case "measurements":
      return { ...model, measurements: applyMeasurementEdits(model.measurements, change.measurements) };
    case "kpiUpdated":
      return { ...model, kpis: replaceByCode(model.kpis, change.kpi, false) };
    case "formulaChanged": {
      const kpi = model.kpis.find((candidate) => candidate.code === change.kpi);
      if (kpi === undefined) return model;
      return { ...model, kpis: replaceByCode(model.kpis, { ...kpi, formula: change.formula }, false) };
    }
    case "kpiAdded":
      return { ...model, kpis: replaceByCode(model.kpis, change.kpi, true) };
    case "kpiRemoved": {
      if (!model.kpis.some((kpi) => kpi.code === change.kpi)) return model;
      const measurements = { ...model.measurements };
      delete measurements[change.kpi];
      return {
        ...model,
        kpis: model.kpis.filter((kpi) => kpi.code !== change.kpi),
        links: model.links.filter((link) => link.from !== change.kpi && link.to !== change.kpi),
        measurements,
      };
    }
    case "linkAdded":
      return { ...model, links: [...model.links, change.link] };
    case "linkRemoved":
      return { ...model, links: model.links.filter((link) => link.from !== change.from || link.to !== change.to) };
    case "linkUpdated":
      return {
        ...model,
        links: model.links.map((link) =>
          link.from === change.from && link.to === change.to
            ? { ...link, weight: change.weight ?? link.weight, polarity: change.polarity ?? link.polarity }
            : link,
        ),
      };
    case "keyResultUpdated":
      return { ...model, keyResults: replaceByCode(model.keyResults, change.keyResult, false) };
    case "keyResultAdded":
      return { ...model, keyResults: replaceByCode(model.keyResults, change.keyResult, true) };
    case "keyResultRemoved":
      return { ...model, keyResults: model.keyResults.filter((kr) => kr.code !== change.keyResult) };
    case "objectiveUpdated":
      return { ...model, objectives: replaceByCode(model.objectives, change.objective, false) };
    case "objectiveAdded":
      return { ...model, objectives: replaceByCode(model.objectives, change.objective, true) };
    case "keyResultsReordered":
      return { ...model, keyResults: reorderByCode(model.keyResults, change.order) };
    case "objectivesReordered":
      return { ...model, objectives: reorderByCode(model.objectives, change.order) };
    case "objectiveRemoved": {
      const removed = model.objectives.find((objective) => objective.code === change.objective);
      if (removed === undefined) return model;
      return {
        ...model,
        objectives: model.objectives
          .filter((objective) => objective.code !== change.objective)
          .map((objective) =>
            objective.parent === removed.code ? { ...objective, parent: removed.parent } : objective,
          ),
        keyResults: model.keyResults.filter((kr) => kr.objective !== change.objective),
      };
    }
    case "thresholdsChanged":
      return { ...model, agency: { ...model.agency, thresholds: change.thresholds } };
    case "agencyChanged":
      return { ...model, agency: change.agency };
    case "planChanged":
      return { ...model, plan: change.plan };
  }
}

/** Each KPI's series after the edits; KPIs without an edit keep their series object. */
export function applyMeasurementEdits(
  measurements: HealthModel["measurements"],
  edits: readonly MeasurementEdit[],
): HealthModel["measurements"] {
  const changed = groupMeasurementEdits(measurements, edits);
  if (changed.size === 0) return measurements;
  const next: Record<string, MeasurementSeries> = { ...measurements };
  for (const [kpi, series] of changed) next[kpi] = series;
  return next;
}

/** The new series of each KPI the edits touch. */
export function groupMeasurementEdits(
  measurements: HealthModel["measurements"],
  edits: readonly MeasurementEdit[],
): Map<string, MeasurementSeries> {
  const changed = new Map<string, Record<string, number>>();
  for (const edit of edits) {
    let series = changed.get(edit.kpi);
    if (series === undefined) {
      series = { ...(measurements[edit.kpi] ?? {}) };
      changed.set(edit.kpi, series);
    }
    if (edit.value === null) delete series[edit.period];
    else series[edit.period] = edit.value;
  }
  return changed;
}

/**
 * The items named in `order` moved into that order, in the slots they held; every other item stays where it was, so
 * the relative order of siblings changes and nothing else does. The same list when nothing moves.
 */
function reorderByCode<T extends { code: string }>(items: readonly T[], order: readonly string[]): readonly T[] {
  const rank = new Map(order.map((code, at) => [code, at] as const));
  const slots: number[] = [];
  items.forEach((item, at) => {
    if (rank.has(item.code)) slots.push(at);
  });
  const ordered = slots.map((slot) => items[slot] as T).sort((a, b) => rank.get(a.code)! - rank.get(b.code)!);
  if (ordered.every((item, k) => item === items[slots[k] as number])) return items;
  const next = items.slice();
  slots.forEach((slot, k) => {
    next[slot] = ordered[k] as T;
  });
  return next;
}

function replaceByCode<T extends { code: string }>(
  items: readonly T[],
  item: T,
  isAppendedWhenMissing: boolean,
): readonly T[] {
  const at = items.findIndex((candidate) => candidate.code === item.code);
  if (at < 0) return isAppendedWhenMissing ? [...items, item] : items;
  const next = items.slice();
  next[at] = item;
  return next;
}

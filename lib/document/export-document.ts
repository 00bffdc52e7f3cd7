// Export (spec/drivertree-format.md): the agency's tree as one complete `drivertree/v1` document, so that export →
// import into an empty agency gives the same tree and the same health. Objectives are written flat with `parent`,
// parents first. Pure: lib/dal/document-export.ts reads the tree and the measurements.

import {
  DOCUMENT_FORMAT,
  type DocumentKeyResult,
  type DocumentKpi,
  type DocumentMeasurement,
  type DocumentPlan,
  type DriverTreeDocumentOutput,
} from "@/lib/validation/document";
import type { StoredTree } from "./stored-tree";

/** An objective as exported: its own fields, then its key results in order. */
type ExportedObjective = DriverTreeDocumentOutput["objectives"][number];

export function buildExportDocument(
  tree: StoredTree,
  measurements: readonly DocumentMeasurement[],
  /** The date an agency without any plan yet is given a placeholder plan for (its calendar year). */
  asOf: string,
): DriverTreeDocumentOutput {
  const year = asOf.slice(0, 4);
  // The document holds one plan: the agency's first. Key results of objectives in any other plan get their plan's
  // dates written out, so that they keep them when imported.
  const plan: DocumentPlan = tree.plans.values().next().value ?? {
    code: "PLAN",
    name: "Plan",
    start: `${year}-01-01`,
    end: `${year}-12-31`,
  };

  const keyResultsOf = new Map<string, DocumentKeyResult[]>();
  for (const keyResult of tree.keyResults.values()) {
    const objective = tree.objectives.get(keyResult.objective);
    const ownPlan = objective === undefined ? undefined : tree.plans.get(objective.plan);
    const datesFrom = ownPlan !== undefined && ownPlan.code !== plan.code ? ownPlan : null;
    const list = keyResultsOf.get(keyResult.objective) ?? [];
    list.push({
      code: keyResult.code,
      title: keyResult.title,
      kind: keyResult.kind,
      kpi: keyResult.kpi,
      start: keyResult.start,
      target: keyResult.target,
      startDate: keyResult.startDate ?? datesFrom?.start ?? null,
      dueDate: keyResult.dueDate ?? datesFrom?.end ?? null,
      weight: keyResult.weight,
      progress: keyResult.progress,
      zone: keyResult.zone,
      narrative: keyResult.narrative,
      published: keyResult.published,
    });
    keyResultsOf.set(keyResult.objective, list);
  }

  const objectives: ExportedObjective[] = [...tree.objectives.values()].map((objective) => ({
    code: objective.code,
    title: objective.title,
    description: objective.description,
    department: objective.department,
    parent: objective.parent,
    weight: objective.weight,
    published: objective.published,
    keyResults: keyResultsOf.get(objective.code) ?? [],
  }));

  // Retired departments are left out, except those objectives still name (and their parents): the document must
  // name every department it refers to.
  const needed = new Set<string>();
  const include = (code: string | null) => {
    for (let at = code; at !== null && !needed.has(at); at = tree.departments.get(at)?.parent ?? null) {
      if (!tree.departments.has(at)) break;
      needed.add(at);
    }
  };
  for (const [code, department] of tree.departments) if (!department.isRetired) include(code);
  for (const objective of tree.objectives.values()) include(objective.department);
  const departments = [...tree.departments.values()]
    .filter((department) => needed.has(department.code))
    .map((department) => ({ code: department.code, name: department.name, parent: department.parent }));

  const kpis: DocumentKpi[] = [...tree.kpis.values()].map((kpi) => ({
    code: kpi.code,
    name: kpi.name,
    unit: kpi.unit,
    ipo: kpi.ipo,
    indicator: kpi.indicator,
    direction: kpi.direction,
    frequency: kpi.frequency,
    aggregation: kpi.aggregation,
    department: kpi.department,
    baseline: kpi.baseline,
    target: kpi.target,
    targets: Object.keys(kpi.targets).length > 0 ? kpi.targets : null,
    tolerance: kpi.tolerance,
    thresholds: kpi.thresholds,
    formula: kpi.formula,
    lagDays: kpi.lagDays,
    min: kpi.min,
    max: kpi.max,
    published: kpi.published,
    description: kpi.description,
  }));

  return {
    format: DOCUMENT_FORMAT,
    agency: {
      name: tree.agency.name,
      slug: tree.agency.slug,
      fiscalYearStartMonth: tree.agency.fiscalYearStartMonth,
      thresholds: { ...tree.agency.thresholds },
    },
    departments,
    plan,
    kpis,
    links: tree.links.map((link) => ({ ...link })),
    objectives,
    measurements: [...measurements],
  };
}

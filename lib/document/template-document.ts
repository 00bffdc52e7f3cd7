// Turns a starter template and an officer's choices into the drivertree/v1 document to import: the parts left
// ticked, the template's departments mapped to the agency's own, every code prefixed, the agency's settings and plan
// as they are (so the import changes nothing but what the template adds). Pure: no database, no clock.
//
// Unticking a KPI takes its driver links and the key results that track it along, and unticking an objective takes
// its key results and child objectives: each such consequence is listed, so the officer sees it before creating.

import type { DocumentPlan } from "@/lib/validation/document";
import { toIsoDate } from "@/lib/dates";
import type { CheckedKeyResult, CheckedKpi, CheckedObjective } from "./check-document";
import type { StoredTree } from "./stored-tree";
import type { StarterTemplate } from "./template-library";

export type TemplateSelection = {
  objectives: ReadonlySet<string>;
  keyResults: ReadonlySet<string>;
  kpis: ReadonlySet<string>;
};

export type TemplateTarget = {
  agency: { name: string; fiscalYearStartMonth: number; thresholds: { onTrack: number; atRisk: number } };
  /** The agency's plan, exactly as stored, or the new plan to create. */
  plan: DocumentPlan;
  /** Template department code → the agency's department code. */
  departments: Readonly<Record<string, string>>;
  prefix: string;
};

export type TemplateProblem = { path: string; message: string };

export type TemplateBuild = {
  /** The drivertree/v1 document to import. */
  document: Record<string, unknown>;
  /** What goes along with the parts the officer unticked. */
  leftOut: string[];
  counts: { objectives: number; keyResults: number; kpis: number; links: number };
  /** Template departments whose KPIs or objectives are kept but which are not mapped to a department. */
  problems: TemplateProblem[];
};

/** Every part of the template, ticked: the default selection. */
export function selectEverything(template: StarterTemplate): TemplateSelection {
  const { document } = template;
  return {
    objectives: new Set(document.objectives.map((objective) => objective.code)),
    keyResults: new Set(document.keyResults.map((keyResult) => keyResult.code)),
    kpis: new Set(document.kpis.map((kpi) => kpi.code)),
  };
}

function stripPath<T extends { path: string }>(value: T): Omit<T, "path"> {
  const { path: _path, ...rest } = value;
  return rest;
}

export function buildTemplateDocument(
  template: StarterTemplate,
  selection: TemplateSelection,
  target: TemplateTarget,
): TemplateBuild {
  const { document } = template;
  const leftOut: string[] = [];
  const problems: TemplateProblem[] = [];
  const code = (templateCode: string) => `${target.prefix}${templateCode}`;

  const kpis = document.kpis.filter((kpi) => selection.kpis.has(kpi.code));
  const kept = new Set(kpis.map((kpi) => kpi.code));
  const kpiName = new Map(document.kpis.map((kpi) => [kpi.code, kpi.name]));

  const links = document.links.filter((link) => {
    if (kept.has(link.from) && kept.has(link.to)) return true;
    const gone = kept.has(link.from) ? link.to : link.from;
    // A link between two unticked KPIs goes without saying.
    if (kept.has(link.from) || kept.has(link.to)) {
      leftOut.push(`The link from ${link.from} to ${link.to} goes with ${gone} (${kpiName.get(gone)}).`);
    }
    return false;
  });

  // Objectives: an objective whose parent is left out goes too (parents come before children here).
  const objectives: CheckedObjective[] = [];
  const keptObjectives = new Set<string>();
  for (const objective of document.objectives) {
    if (!selection.objectives.has(objective.code)) continue;
    if (objective.parent !== null && !keptObjectives.has(objective.parent)) {
      leftOut.push(`Objective ${objective.code} (${objective.title}) goes with its parent ${objective.parent}.`);
      continue;
    }
    keptObjectives.add(objective.code);
    objectives.push(objective);
  }

  const keyResults: CheckedKeyResult[] = [];
  for (const keyResult of document.keyResults) {
    if (!selection.keyResults.has(keyResult.code)) continue;
    if (!keptObjectives.has(keyResult.objective)) {
      leftOut.push(`Key result ${keyResult.code} (${keyResult.title}) goes with objective ${keyResult.objective}.`);
      continue;
    }
    if (keyResult.kpi !== null && !kept.has(keyResult.kpi)) {
      leftOut.push(
        `Key result ${keyResult.code} (${keyResult.title}) tracks ${keyResult.kpi} (${kpiName.get(keyResult.kpi)}), ` +
          `so it goes too.`,
      );
      continue;
    }
    keyResults.push(keyResult);
  }

  // Departments: only those that own something kept need a department of the agency.
  const used = new Set<string>([
    ...kpis.map((kpi) => kpi.department),
    ...objectives.flatMap((objective) => (objective.department === null ? [] : [objective.department])),
  ]);
  for (const department of template.departments) {
    if (!used.has(department.code)) continue;
    const mapped = target.departments[department.code];
    if (mapped === undefined || mapped === "") {
      problems.push({
        path: `departments.${department.code}`,
        message: `Choose which of your departments owns the ${department.name} part of this template.`,
      });
    }
  }
  const mapDepartment = (templateCode: string) => target.departments[templateCode] ?? templateCode;

  const toKpi = (kpi: CheckedKpi) => {
    // Templates hold no formulas (a prefix would have to rename their references): the unit tests check this.
    const { targets, ...rest } = stripPath(kpi);
    return {
      ...rest,
      code: code(kpi.code),
      department: mapDepartment(kpi.department),
      targets: Object.keys(targets).length === 0 ? null : targets,
    };
  };
  const toKeyResult = (keyResult: CheckedKeyResult) => {
    const { objective: _objective, ...rest } = stripPath(keyResult);
    return { ...rest, code: code(keyResult.code), kpi: keyResult.kpi === null ? null : code(keyResult.kpi) };
  };
  const toObjective = (objective: CheckedObjective) => ({
    ...stripPath(objective),
    code: code(objective.code),
    parent: objective.parent === null ? null : code(objective.parent),
    department: objective.department === null ? null : mapDepartment(objective.department),
    keyResults: keyResults.filter((keyResult) => keyResult.objective === objective.code).map(toKeyResult),
  });

  const built = {
    format: "drivertree/v1",
    agency: { ...target.agency },
    // The agency's own departments are named by code; the import creates or changes none.
    departments: [],
    plan: { ...target.plan },
    kpis: kpis.map(toKpi),
    links: links.map((link) => ({ ...stripPath(link), from: code(link.from), to: code(link.to) })),
    objectives: objectives.map(toObjective),
  };
  return {
    document: built,
    leftOut,
    counts: { objectives: objectives.length, keyResults: keyResults.length, kpis: kpis.length, links: links.length },
    problems,
  };
}

/**
 * Codes the built document shares with the agency's tree. An import would replace those objects whole, so a
 * template refuses them instead: the officer unticks them or chooses a code prefix.
 */
export function findCodeClashes(built: Record<string, unknown>, stored: StoredTree): TemplateProblem[] {
  const document = built as {
    kpis: { code: string }[];
    objectives: { code: string; keyResults: { code: string }[] }[];
  };
  const problems: TemplateProblem[] = [];
  const advice = "Choose a code prefix, or untick it.";
  for (const kpi of document.kpis) {
    const existing = stored.kpis.get(kpi.code);
    if (existing !== undefined) {
      problems.push({
        path: "prefix",
        message: `Your tree has a KPI ${kpi.code} already (${existing.name}). ${advice}`,
      });
    }
  }
  for (const objective of document.objectives) {
    const existing = stored.objectives.get(objective.code);
    if (existing !== undefined) {
      problems.push({
        path: "prefix",
        message: `Your tree has an objective ${objective.code} already (${existing.title}). ${advice}`,
      });
    }
    for (const keyResult of objective.keyResults) {
      const existingKeyResult = stored.keyResults.get(keyResult.code);
      if (existingKeyResult !== undefined) {
        problems.push({
          path: "prefix",
          message: `Your tree has a key result ${keyResult.code} already (${existingKeyResult.title}). ${advice}`,
        });
      }
    }
  }
  return problems;
}

/**
 * The plan a template creates in an agency that has none: the current fiscal year and the three after it, named by
 * the years they end in (spec/health.md: a fiscal year is labelled by the calendar year in which it ends).
 */
export function defaultTemplatePlan(title: string, fiscalYearStartMonth: number, today: string): DocumentPlan {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const startYear = month >= fiscalYearStartMonth ? year : year - 1;
  const firstLabel = fiscalYearStartMonth === 1 ? startYear : startYear + 1;
  const lastLabel = firstLabel + 3;
  const start = `${startYear}-${String(fiscalYearStartMonth).padStart(2, "0")}-01`;
  // The day before the same date four years on.
  const endDate = new Date(Date.UTC(startYear + 4, fiscalYearStartMonth - 1, 1) - 24 * 60 * 60 * 1000);
  return {
    code: `PLAN-FY${firstLabel}`,
    name: `${title} plan FY${firstLabel}–FY${lastLabel}`,
    start,
    end: toIsoDate(endDate),
  };
}

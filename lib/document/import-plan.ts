// What an import will do, object by object (spec/drivertree-format.md): import upserts by code — an object in the
// document replaces the stored one whole, objects absent from the document are kept — so each document object is
// created, updated or unchanged. Unchanged objects are not written at all, which is what makes importing the same
// document twice change nothing the second time. Pure; measurements are compared by the data access layer, which
// reads only the stored values the document names.

import type { DocumentDepartment, DocumentLink, DocumentPlan } from "@/lib/validation/document";
import type { CheckedDocument, CheckedKeyResult, CheckedKpi, CheckedObjective } from "./check-document";
import { isSameData, linkKey, type StoredTree } from "./stored-tree";

export type ImportStatus = "created" | "updated" | "unchanged";

export const COUNTED_KINDS = [
  "agency",
  "departments",
  "plans",
  "kpis",
  "links",
  "objectives",
  "keyResults",
  "measurements",
] as const;
export type CountedKind = (typeof COUNTED_KINDS)[number];
export type ImportCounts = Record<CountedKind, number>;

export type Planned<T> = { value: T; status: ImportStatus };

export interface ImportPlan {
  agency: Planned<{ name: string; fiscalYearStartMonth: number; thresholds: { onTrack: number; atRisk: number } }>;
  plan: Planned<DocumentPlan>;
  departments: Planned<DocumentDepartment>[];
  kpis: (Planned<CheckedKpi> & { isTargetsChanged: boolean; isFormulaChanged: boolean })[];
  links: Planned<DocumentLink>[];
  /** Parents before children; `position` is the place among siblings. */
  objectives: (Planned<CheckedObjective> & { position: number })[];
  keyResults: (Planned<CheckedKeyResult> & { position: number })[];
}

function statusOf(before: unknown, after: unknown): ImportStatus {
  if (before === undefined) return "created";
  return isSameData(before, after) ? "unchanged" : "updated";
}

function withoutPath<T extends { path: string }>(value: T): Omit<T, "path"> {
  const { path: _path, ...rest } = value;
  return rest;
}

export function planImport(document: CheckedDocument, stored: StoredTree): ImportPlan {
  const thresholds = {
    onTrack: document.agency.thresholds?.onTrack ?? 0.9,
    atRisk: document.agency.thresholds?.atRisk ?? 0.7,
  };
  const agency = { name: document.agency.name, fiscalYearStartMonth: document.agency.fiscalYearStartMonth, thresholds };
  const storedAgency = {
    name: stored.agency.name,
    fiscalYearStartMonth: stored.agency.fiscalYearStartMonth,
    thresholds: stored.agency.thresholds,
  };

  const departments = document.departments.map((department) => {
    const value = { code: department.code, name: department.name, parent: department.parent };
    const before = stored.departments.get(department.code);
    return {
      value,
      status: statusOf(before && { code: before.code, name: before.name, parent: before.parent }, value),
    };
  });

  const kpis = document.kpis.map((kpi) => {
    const before = stored.kpis.get(kpi.code);
    return {
      value: kpi,
      status: statusOf(before, withoutPath(kpi)),
      isTargetsChanged: before === undefined || !isSameData(before.targets, kpi.targets),
      isFormulaChanged: before === undefined || before.formula !== kpi.formula,
    };
  });

  const storedLinks = new Map(stored.links.map((link) => [linkKey(link.from, link.to), link]));
  const links = document.links.map((link) => {
    const value = { from: link.from, to: link.to, weight: link.weight, polarity: link.polarity };
    return { value, status: statusOf(storedLinks.get(linkKey(link.from, link.to)), value) };
  });

  // Positions among siblings: a stored objective that stays under the same parent in the same plan keeps its place;
  // a new one, or one that moves, goes after its new siblings (in document order).
  const nextPosition = new Map<string, number>();
  const siblingGroup = (plan: string, parent: string | null) => `${plan}\u0000${parent ?? ""}`;
  for (const objective of stored.objectives.values()) {
    const group = siblingGroup(objective.plan, objective.parent);
    nextPosition.set(group, Math.max(nextPosition.get(group) ?? 0, objective.position + 1));
  }
  const takePosition = (group: string) => {
    const position = nextPosition.get(group) ?? 0;
    nextPosition.set(group, position + 1);
    return position;
  };
  const objectives = document.objectives.map((objective) => {
    const before = stored.objectives.get(objective.code);
    const isInPlace = before !== undefined && before.parent === objective.parent && before.plan === document.plan.code;
    const position = isInPlace ? before.position : takePosition(siblingGroup(document.plan.code, objective.parent));
    const {
      plan: beforePlan,
      position: beforePosition,
      ...beforeFields
    } = before ?? {
      plan: "",
      position: -1,
    };
    const status: ImportStatus =
      before === undefined
        ? "created"
        : isSameData(beforeFields, withoutPath(objective)) &&
            beforePlan === document.plan.code &&
            beforePosition === position
          ? "unchanged"
          : "updated";
    return { value: objective, status, position };
  });

  const nextKeyResultPosition = new Map<string, number>();
  for (const keyResult of stored.keyResults.values()) {
    const current = nextKeyResultPosition.get(keyResult.objective) ?? 0;
    nextKeyResultPosition.set(keyResult.objective, Math.max(current, keyResult.position + 1));
  }
  const keyResults = document.keyResults.map((keyResult) => {
    const before = stored.keyResults.get(keyResult.code);
    let position: number;
    if (before !== undefined && before.objective === keyResult.objective) {
      position = before.position;
    } else {
      position = nextKeyResultPosition.get(keyResult.objective) ?? 0;
      nextKeyResultPosition.set(keyResult.objective, position + 1);
    }
    const status = statusOf(before, { ...withoutPath(keyResult), position });
    return { value: keyResult, status, position };
  });

  const storedPlan = stored.plans.get(document.plan.code);
  return {
    agency: { value: agency, status: isSameData(storedAgency, agency) ? "unchanged" : "updated" },
    plan: { value: document.plan, status: statusOf(storedPlan, document.plan) },
    departments,
    kpis,
    links,
    objectives,
    keyResults,
  };
}

/** Created, updated and unchanged counts of everything but measurements (the data access layer adds those). */
export function countPlanned(plan: ImportPlan): Record<ImportStatus, ImportCounts> {
  const empty = (): ImportCounts => Object.fromEntries(COUNTED_KINDS.map((kind) => [kind, 0])) as ImportCounts;
  const counts: Record<ImportStatus, ImportCounts> = { created: empty(), updated: empty(), unchanged: empty() };
  const tally = (kind: CountedKind, items: readonly { status: ImportStatus }[]) => {
    for (const item of items) counts[item.status][kind] += 1;
  };
  tally("agency", [plan.agency]);
  tally("plans", [plan.plan]);
  tally("departments", plan.departments);
  tally("kpis", plan.kpis);
  tally("links", plan.links);
  tally("objectives", plan.objectives);
  tally("keyResults", plan.keyResults);
  return counts;
}

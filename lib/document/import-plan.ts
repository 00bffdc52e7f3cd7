// What an import will do, object by object (spec/drivertree-format.md): import upserts by code — an object in the
// document replaces the stored one whole, objects absent from the document are kept — so each document object is
// created, updated or unchanged. Unchanged objects are not written at all, which is what makes importing the same
// document twice change nothing the second time. Pure; measurements are compared by the data access layer, which
// reads only the stored values the document names.

import { DEFAULT_THRESHOLDS, resolveThresholds } from "@/lib/domain";
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

/** `before`: the stored object as it is compared with the document's (none for a created one), for the audit log. */
export type Planned<T> = { value: T; status: ImportStatus; before?: Record<string, unknown> };

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
  const thresholds = resolveThresholds(DEFAULT_THRESHOLDS, document.agency.thresholds);
  const agency = { name: document.agency.name, fiscalYearStartMonth: document.agency.fiscalYearStartMonth, thresholds };
  const storedAgency = {
    name: stored.agency.name,
    fiscalYearStartMonth: stored.agency.fiscalYearStartMonth,
    thresholds: stored.agency.thresholds,
  };

  const departments = document.departments.map((department) => {
    const value = { code: department.code, name: department.name, parent: department.parent };
    const before = stored.departments.get(department.code);
    const compared = before && { code: before.code, name: before.name, parent: before.parent };
    return { value, status: statusOf(compared, value), before: compared };
  });

  const kpis = document.kpis.map((kpi) => {
    const before = stored.kpis.get(kpi.code);
    return {
      value: kpi,
      status: statusOf(before, withoutPath(kpi)),
      before,
      isTargetsChanged: before === undefined || !isSameData(before.targets, kpi.targets),
      isFormulaChanged: before === undefined || before.formula !== kpi.formula,
    };
  });

  const storedLinks = new Map(stored.links.map((link) => [linkKey(link.from, link.to), link]));
  const links = document.links.map((link) => {
    const value = { from: link.from, to: link.to, weight: link.weight, polarity: link.polarity };
    const before = storedLinks.get(linkKey(link.from, link.to));
    return { value, status: statusOf(before, value), before };
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
    return {
      value: objective,
      status,
      position,
      before: before && { ...beforeFields, plan: beforePlan, position: beforePosition },
    };
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
    return { value: keyResult, status, position, before };
  });

  const storedPlan = stored.plans.get(document.plan.code);
  return {
    agency: { value: agency, status: isSameData(storedAgency, agency) ? "unchanged" : "updated", before: storedAgency },
    plan: { value: document.plan, status: statusOf(storedPlan, document.plan), before: storedPlan },
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

// ── What an import changed, for its audit row (issue 13, item 9) ─────────────────────────────────────────────────

/** At most this many changed objects are listed in an import's audit row; the rest are counted. */
export const MAX_AUDITED_CHANGES = 2_000;
/** A field's value longer than this (as JSON) is recorded by its length only, keeping an audit row bounded. */
const MAX_AUDITED_VALUE_CHARS = 300;

export type AuditedChange =
  | { kind: CountedKind; code: string; change: "created" }
  | { kind: CountedKind; code: string; change: "updated"; fields: Record<string, { before: unknown; after: unknown }> };

function boundValue(value: unknown): unknown {
  if (value === undefined) return null;
  const json = JSON.stringify(value);
  return json.length <= MAX_AUDITED_VALUE_CHARS ? value : { omitted: `${json.length} characters` };
}

/** The fields whose values differ, each with its value before and after. */
function diffFields(before: Record<string, unknown>, after: Record<string, unknown>) {
  const fields: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (field === "path" || isSameData(before[field] ?? null, after[field] ?? null)) continue;
    fields[field] = { before: boundValue(before[field]), after: boundValue(after[field]) };
  }
  return fields;
}

/**
 * Every object an import creates or updates, by kind and code, an update with the fields it changes (before and
 * after): the first MAX_AUDITED_CHANGES of them, and how many more there were.
 */
export function listImportChanges(plan: ImportPlan): { changes: AuditedChange[]; truncated: number } {
  const changes: AuditedChange[] = [];
  let truncated = 0;
  const add = (kind: CountedKind, code: string, item: Planned<unknown> & { position?: number }) => {
    if (item.status === "unchanged") return;
    if (changes.length >= MAX_AUDITED_CHANGES) {
      truncated += 1;
      return;
    }
    if (item.status === "created" || item.before === undefined) {
      changes.push({ kind, code, change: "created" });
      return;
    }
    const after = { ...(item.value as Record<string, unknown>) };
    if (item.position !== undefined) after.position = item.position;
    if (kind === "objectives") after.plan = plan.plan.value.code;
    changes.push({ kind, code, change: "updated", fields: diffFields(item.before, after) });
  };
  add("agency", "agency", plan.agency);
  add("plans", plan.plan.value.code, plan.plan);
  for (const item of plan.departments) add("departments", item.value.code, item);
  for (const item of plan.kpis) add("kpis", item.value.code, item);
  for (const item of plan.links) add("links", `${item.value.from} → ${item.value.to}`, item);
  for (const item of plan.objectives) add("objectives", item.value.code, item);
  for (const item of plan.keyResults) add("keyResults", item.value.code, item);
  return { changes, truncated };
}

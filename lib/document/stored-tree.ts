// What an agency holds, in the document's own terms (codes, defaults filled in): the importer checks a document
// against it and compares object by object, and export writes it out. Built from the database by
// lib/dal/document-store.ts; plain data, so the checks stay pure and testable without a database.

import { DEFAULT_THRESHOLDS, toThresholdOverride } from "@/lib/domain";
import type {
  DocumentAgency,
  DocumentDepartment,
  DocumentKeyResult,
  DocumentKpi,
  DocumentLink,
  DocumentPlan,
} from "@/lib/validation/document";

/** A KPI as compared and stored: `targets` an object (empty = none), `tolerance` a number, a blank formula none. */
export type NormalizedKpi = Omit<DocumentKpi, "targets" | "tolerance"> & {
  targets: Record<string, number>;
  tolerance: number;
};

export type StoredDepartment = DocumentDepartment & { isRetired: boolean };

export type ObjectiveFields = {
  code: string;
  title: string;
  description: string;
  department: string | null;
  parent: string | null;
  weight: number;
  published: boolean;
};

export type StoredObjective = ObjectiveFields & {
  /** The code of the plan it belongs to. */
  plan: string;
  /** Its place among its siblings. */
  position: number;
};

export type StoredKeyResult = DocumentKeyResult & {
  objective: string;
  position: number;
};

export type StoredAgencySettings = Pick<DocumentAgency, "name" | "fiscalYearStartMonth"> & {
  thresholds: { onTrack: number; atRisk: number };
  slug: string;
};

export interface StoredTree {
  agency: StoredAgencySettings;
  /** In tree order (parents before children). */
  departments: ReadonlyMap<string, StoredDepartment>;
  /** By start date, earliest first. */
  plans: ReadonlyMap<string, DocumentPlan>;
  /** In the agency's KPI order (the order they were created in). */
  kpis: ReadonlyMap<string, NormalizedKpi>;
  links: readonly DocumentLink[];
  /** In tree order: parents before children, siblings by position. */
  objectives: ReadonlyMap<string, StoredObjective>;
  /** Objective by objective in tree order, each objective's key results by position. */
  keyResults: ReadonlyMap<string, StoredKeyResult>;
  /** How many measurements each measured KPI has. */
  measurementCounts: ReadonlyMap<string, number>;
}

export const EMPTY_STORED_TREE: StoredTree = {
  agency: { name: "", slug: "", fiscalYearStartMonth: 1, thresholds: DEFAULT_THRESHOLDS },
  departments: new Map(),
  plans: new Map(),
  kpis: new Map(),
  links: [],
  objectives: new Map(),
  keyResults: new Map(),
  measurementCounts: new Map(),
};

/** A KPI with the document's defaults resolved the way they are stored (docs/health.md 13: a blank formula is none). */
export function normalizeKpi(kpi: DocumentKpi): NormalizedKpi {
  const formula = kpi.formula !== null && kpi.formula.trim() !== "" ? kpi.formula : null;
  const thresholds = toThresholdOverride(kpi.thresholds);
  return { ...kpi, targets: sortRecord(kpi.targets ?? {}), tolerance: kpi.tolerance ?? 0, thresholds, formula };
}

/** The same record with its keys in order, so that two equal records compare equal as JSON. */
export function sortRecord(record: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export const linkKey = (from: string, to: string) => `${from}\u0000${to}`;
export const measurementKey = (kpi: string, period: string) => `${kpi}\u0000${period}`;

/** Deep equality of plain JSON-like data (objects compared key by key, whatever their key order). */
export function isSameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => isSameData(item, b[index]));
  }
  const recordA = a as Record<string, unknown>;
  const recordB = b as Record<string, unknown>;
  const keysA = Object.keys(recordA).filter((key) => recordA[key] !== undefined);
  const keysB = Object.keys(recordB).filter((key) => recordB[key] !== undefined);
  return keysA.length === keysB.length && keysA.every((key) => isSameData(recordA[key], recordB[key]));
}

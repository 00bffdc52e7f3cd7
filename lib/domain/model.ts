// The plain-data model the engine reads. It mirrors spec/drivertree-format.md: everything is addressed by code, KPIs,
// objectives and key results keep the document's order, and measurements are a record per KPI keyed by period key.
//
// Models are treated as immutable values: the engine caches indexes by object identity (see model-index.ts), so a
// caller that changes a model builds a new one (applyChange does this with structural sharing) instead of mutating.

export type Ipo = "input" | "process" | "outcome";
export type Direction = "increase" | "decrease" | "maintain";
export type Frequency = "monthly" | "quarterly" | "annual";
export type Aggregation = "sum" | "avg" | "last";
export type Polarity = "positive" | "negative";
export type KeyResultKind = "metric" | "milestone" | "qualitative";
export type Zone = "fail" | "commit" | "target" | "stretch";

export type Status = "ON_TRACK" | "AT_RISK" | "OFF_TRACK" | "NO_DATA" | "NO_TARGET";

/** Why a KPI has no value (spec/drivertree-format.md, `reason`). */
export type NoValueReason = "no data" | "missing input" | "division by zero";

export interface Thresholds {
  onTrack: number;
  atRisk: number;
}

export interface AgencySettings {
  /** 1–12; quarters and years follow the fiscal year, labelled by the calendar year in which it ends. */
  fiscalYearStartMonth: number;
  thresholds: Thresholds;
}

export interface Plan {
  /** YYYY-MM-DD */
  start: string;
  /** YYYY-MM-DD */
  end: string;
}

export interface KpiDefinition {
  code: string;
  ipo: Ipo;
  direction: Direction;
  frequency: Frequency;
  aggregation: Aggregation;
  baseline: number | null;
  target: number | null;
  /** Per-period targets keyed by period key of the KPI's own frequency. */
  targets: Readonly<Record<string, number>>;
  /** Absolute amount in the KPI's unit; 0 when omitted. */
  tolerance: number;
  /** Overrides only the keys given, and only for this KPI's own status. */
  thresholds: Partial<Thresholds> | null;
  formula: string | null;
  lagDays: number;
  /** The valid range, inclusive (spec/drivertree-format.md): no measurement or target lies outside it; null = none. */
  min: number | null;
  max: number | null;
}

export interface DriverLink {
  from: string;
  to: string;
  weight: number;
  polarity: Polarity;
}

export interface ObjectiveDefinition {
  code: string;
  parent: string | null;
  weight: number;
}

export interface KeyResultDefinition {
  code: string;
  objective: string;
  kind: KeyResultKind;
  /** metric: the tracked KPI's code */
  kpi?: string | null;
  /** metric: start value S; defaults to the KPI's baseline */
  start?: number | null;
  /** metric: target value T */
  target?: number | null;
  /** D0, YYYY-MM-DD; defaults to the plan's start */
  startDate?: string | null;
  /** D1, YYYY-MM-DD; defaults to the plan's end */
  dueDate?: string | null;
  weight: number;
  /** milestone: progress entered, 0–1 */
  progress?: number | null;
  /** qualitative: the zone reached, none yet = no data */
  zone?: Zone | null;
}

/** Measurements of one KPI: value by period key. */
export type MeasurementSeries = Readonly<Record<string, number>>;

export interface HealthModel {
  agency: AgencySettings;
  plan: Plan;
  /** In document order (the order nodes are listed in). */
  kpis: readonly KpiDefinition[];
  links: readonly DriverLink[];
  /** In order: a child objective's position among its siblings is its position here. */
  objectives: readonly ObjectiveDefinition[];
  /** In order: a key result's position among its objective's key results is its position here. */
  keyResults: readonly KeyResultDefinition[];
  /** Keyed by KPI code; a KPI with no entry has no measurements. */
  measurements: Readonly<Record<string, MeasurementSeries>>;
}

/** spec/health.md: the agency's thresholds when none are given (a new agency, a document that leaves them out). */
export const DEFAULT_THRESHOLDS: Thresholds = { onTrack: 0.9, atRisk: 0.7 };
export const DEFAULT_LAG_DAYS = 30;

/** Builds a KPI definition with the defaults of spec/drivertree-format.md for every field not given. */
export function createKpiDefinition(
  fields: Pick<KpiDefinition, "code"> & Partial<Omit<KpiDefinition, "code">>,
): KpiDefinition {
  return {
    code: fields.code,
    ipo: fields.ipo ?? "outcome",
    direction: fields.direction ?? "increase",
    frequency: fields.frequency ?? "monthly",
    aggregation: fields.aggregation ?? "last",
    baseline: fields.baseline ?? null,
    target: fields.target ?? null,
    targets: fields.targets ?? {},
    tolerance: fields.tolerance ?? 0,
    thresholds: fields.thresholds ?? null,
    formula: fields.formula ?? null,
    lagDays: fields.lagDays ?? DEFAULT_LAG_DAYS,
    min: fields.min ?? null,
    max: fields.max ?? null,
  };
}

/** Builds a model with an empty tree and the spec's defaults for every part not given. */
export function createHealthModel(parts: Partial<HealthModel> & Pick<HealthModel, "plan">): HealthModel {
  return {
    agency: parts.agency ?? { fiscalYearStartMonth: 1, thresholds: DEFAULT_THRESHOLDS },
    plan: parts.plan,
    kpis: parts.kpis ?? [],
    links: parts.links ?? [],
    objectives: parts.objectives ?? [],
    keyResults: parts.keyResults ?? [],
    measurements: parts.measurements ?? {},
  };
}

// ── Node ids ─────────────────────────────────────────────────────────────────────────────────────────────────────
// A KPI and an objective may share a code, so ids carry the kind.

export type NodeKind = "kpi" | "keyResult" | "objective";

/**
 * What each kind's ids start with, spelled only here: code builds ids with the functions below, and SQL that must build
 * a node key from a code column (stored health is keyed by node id) takes the prefix from here as a parameter.
 */
export const NODE_ID_PREFIX = {
  kpi: "kpi:",
  keyResult: "kr:",
  objective: "objective:",
} as const satisfies Record<NodeKind, string>;

export type NodeId = `${(typeof NODE_ID_PREFIX)[NodeKind]}${string}`;

export function toKpiNodeId(code: string): NodeId {
  return `${NODE_ID_PREFIX.kpi}${code}`;
}

export function toKeyResultNodeId(code: string): NodeId {
  return `${NODE_ID_PREFIX.keyResult}${code}`;
}

export function toObjectiveNodeId(code: string): NodeId {
  return `${NODE_ID_PREFIX.objective}${code}`;
}

export function parseNodeId(id: string): { kind: NodeKind; code: string } | null {
  const { kpi, keyResult, objective } = NODE_ID_PREFIX;
  if (id.startsWith(kpi)) return { kind: "kpi", code: id.slice(kpi.length) };
  if (id.startsWith(keyResult)) return { kind: "keyResult", code: id.slice(keyResult.length) };
  if (id.startsWith(objective)) return { kind: "objective", code: id.slice(objective.length) };
  return null;
}

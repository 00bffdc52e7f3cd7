// Plain types for the `drivertree/v1` document (spec/drivertree-format.md), used by the demo seed data.
// Field names are the spec's, optional fields are optional. A later issue replaces these with types inferred from the
// zod schemas in lib/validation, so keep them structural and free of logic.

export type Ipo = "input" | "process" | "outcome";
export type IndicatorKind = "leading" | "lagging";
export type Direction = "increase" | "decrease" | "maintain";
export type Frequency = "monthly" | "quarterly" | "annual";
export type Aggregation = "sum" | "avg" | "last";
export type Polarity = "positive" | "negative";
export type KeyResultKind = "metric" | "milestone" | "qualitative";
export type Zone = "fail" | "commit" | "target" | "stretch";

export interface DriverTreeThresholds {
  onTrack?: number;
  atRisk?: number;
}

export interface DriverTreeAgency {
  name: string;
  /** Not in the v1 example; the seed uses it to address the tenant. */
  slug?: string;
  /** 1–12, default 1. */
  fiscalYearStartMonth?: number;
  thresholds?: DriverTreeThresholds;
}

export interface DriverTreeDepartment {
  code: string;
  name: string;
  parent?: string | null;
}

export interface DriverTreePlan {
  code: string;
  name?: string;
  /** YYYY-MM-DD */
  start: string;
  /** YYYY-MM-DD */
  end: string;
}

export interface DriverTreeKpi {
  code: string;
  name: string;
  unit?: string;
  ipo: Ipo;
  indicator?: IndicatorKind;
  direction: Direction;
  frequency: Frequency;
  aggregation?: Aggregation;
  department: string;
  baseline?: number | null;
  target?: number | null;
  /** Per-period targets keyed by a period key of the KPI's own frequency. */
  targets?: Record<string, number> | null;
  /** Absolute, in the KPI's unit. */
  tolerance?: number | null;
  thresholds?: DriverTreeThresholds | null;
  formula?: string | null;
  lagDays?: number;
  published?: boolean;
  description?: string;
}

export interface DriverTreeLink {
  from: string;
  to: string;
  weight?: number;
  polarity?: Polarity;
}

export interface DriverTreeKeyResult {
  code: string;
  title: string;
  kind?: KeyResultKind;
  /** metric */
  kpi?: string;
  start?: number | null;
  target?: number;
  /** YYYY-MM-DD */
  startDate?: string;
  /** YYYY-MM-DD */
  dueDate?: string;
  weight?: number;
  /** milestone, 0–1 */
  progress?: number;
  /** qualitative */
  zone?: Zone | null;
}

export interface DriverTreeObjective {
  code: string;
  title: string;
  department?: string;
  parent?: string | null;
  weight?: number;
  published?: boolean;
  keyResults?: DriverTreeKeyResult[];
  children?: DriverTreeObjective[];
}

export interface DriverTreeMeasurement {
  kpi: string;
  period: string;
  value: number;
  note?: string;
}

export interface DriverTreeDocument {
  format: "drivertree/v1";
  agency: DriverTreeAgency;
  departments: DriverTreeDepartment[];
  plan: DriverTreePlan;
  kpis: DriverTreeKpi[];
  links: DriverTreeLink[];
  objectives: DriverTreeObjective[];
  measurements?: DriverTreeMeasurement[];
}

// ── Seed-only data that the document does not carry ─────────────────────────────────────────────────────────────

export type Role = "ADMIN" | "PERFORMANCE_OFFICER" | "DEPARTMENT_HEAD" | "EXECUTIVE";

export interface SeedUser {
  email: string;
  name: string;
  role: Role;
  /** A department code; only for department heads. */
  department?: string;
}

export type CommentaryKind = "kpi" | "keyResult" | "objective";

export interface SeedCommentary {
  kind: CommentaryKind;
  /** The code of the KPI, key result or objective. */
  code: string;
  /** A period key of the KPI's frequency; monthly for key results and objectives. */
  period: string;
  body: string;
  /** Internal commentary is never shown on the public dashboard. */
  internal: boolean;
}

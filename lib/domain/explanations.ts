// "Why is this amber?" — a structured account of each node's number: the rule that fired, the inputs it used and,
// for a parent, each child's weight and weighted share. Pages and the API render these as data; summarizeExplanation
// writes one plain sentence with the arithmetic, for people who want to check it by hand (written on demand, so a
// full recompute does not build 10,000 sentences nobody reads).

import type { AttainmentRule } from "./kpi-health";
import type { Direction, KeyResultKind, NoValueReason, Status, Thresholds, Zone } from "./model";

export type KpiRule =
  | AttainmentRule
  /** no latest value (and not composite) */
  | "no-data"
  /** a value but no target for its period */
  | "no-target"
  /** drivers, no formula, no measurements: health is the driver health */
  | "composite";

export interface ThresholdsUsed extends Thresholds {
  /** Where each threshold came from: the KPI's own override or the agency's. */
  onTrackFrom: "kpi" | "agency";
  atRiskFrom: "kpi" | "agency";
}

export interface FormulaInputUsed {
  code: string;
  /** The input's value for the formula's period (aggregated by the input's own rule when it is finer). */
  value: number | null;
  isAggregated: boolean;
}

export interface DriverShare {
  code: string;
  weight: number;
  health: number | null;
  /** w·h / Σ w over the drivers that have a health; null for a driver without one (it does not count). */
  share: number | null;
}

export interface KpiExplanation {
  kind: "kpi";
  code: string;
  rule: KpiRule;
  status: Status;
  health: number | null;
  attainment: number | null;
  direction: Direction;
  /** Where the value comes from. */
  source: "measurement" | "formula" | "drivers";
  period: string | null;
  value: number | null;
  target: number | null;
  /** "period": the per-period target for the value's period; "default": the KPI's target. */
  targetFrom: "period" | "default" | null;
  baseline: number | null;
  tolerance: number;
  thresholds: ThresholdsUsed;
  /** For a formula KPI: the expression and its inputs for the latest value's period. */
  formula: {
    expression: string;
    inputs: FormulaInputUsed[];
    /** The latest period the formula could not compute, when it is later than the latest value. */
    latestGap: { period: string; reason: Exclude<NoValueReason, "no data">; missing: string[] } | null;
  } | null;
  reason: NoValueReason | null;
  staleness: {
    stale: boolean;
    /** The latest period whose last day plus lagDays is on or before asOf. */
    expectedPeriod: string;
    lagDays: number;
    /** False while no period is due yet (docs/health.md: due from the plan's start). */
    isDue: boolean;
  };
  drivers: DriverShare[];
  driverHealth: number | null;
  divergent: boolean;
}

export type KeyResultRule =
  | "metric"
  | "milestone"
  | "qualitative"
  /** metric whose KPI has no latest value (or is composite, or unknown) */
  | "no-kpi-value"
  /** qualitative without a zone yet */
  | "no-zone"
  /** metric missing S or T, or T = S (refused when saved) */
  | "incomplete-metric";

export interface KeyResultExplanation {
  kind: "keyResult";
  code: string;
  keyResultKind: KeyResultKind;
  rule: KeyResultRule;
  kpi: { code: string; period: string | null; value: number | null } | null;
  /** S: start value (default the KPI's baseline) */
  start: number | null;
  /** T: target value */
  target: number | null;
  zone: Zone | null;
  /** D0 and D1 with their defaults applied */
  startDate: string;
  dueDate: string;
  elapsedDays: number;
  totalDays: number;
  /** e = clamp((asOf − D0) / (D1 − D0), 0, 1) */
  expectedProgress: number;
  progress: number | null;
  health: number | null;
  status: Status;
  thresholds: Thresholds;
}

export interface ObjectiveChildShare {
  kind: "keyResult" | "objective";
  code: string;
  weight: number;
  status: Status;
  progress: number | null;
  health: number | null;
  /** False for a NO_DATA child: it does not enter progress and health. */
  isCounted: boolean;
  /** w·p / Σ w and w·h / Σ w over the counted children. */
  progressShare: number | null;
  healthShare: number | null;
  /** f: this child's contribution to freshness. */
  freshness: number;
}

export interface ObjectiveExplanation {
  kind: "objective";
  code: string;
  rule: "weighted-mean" | "no-child-with-data" | "no-children";
  children: ObjectiveChildShare[];
  totalWeight: number;
  countedWeight: number;
  progress: number | null;
  health: number | null;
  status: Status;
  coverage: number | null;
  freshness: number | null;
  weakest: string | null;
  thresholds: Thresholds;
}

export type Explanation = KpiExplanation | KeyResultExplanation | ObjectiveExplanation;

/** A number as a sentence shows it: whole numbers as they are, others to 4 significant digits. */
export function formatForSummary(x: number | null): string {
  if (x === null) return "none";
  if (Number.isInteger(x)) return String(x);
  return String(Number(x.toPrecision(4)));
}

/** One plain sentence that writes out the arithmetic of an explanation. */
export function summarizeExplanation(explanation: Explanation): string {
  if (explanation.kind === "kpi") return summarizeKpi(explanation);
  if (explanation.kind === "keyResult") return summarizeKeyResult(explanation);
  return summarizeObjective(explanation);
}

function summarizeKpi(e: KpiExplanation): string {
  const f = formatForSummary;
  const stale = e.staleness.stale ? ` Stale: no value for ${e.staleness.expectedPeriod} or later.` : "";
  if (e.rule === "composite") {
    return e.health === null
      ? "No measurements of its own and no driver has a health → NO_DATA."
      : `No measurements of its own: health is the driver health ${f(e.health)} → ${e.status}.`;
  }
  if (e.rule === "no-data") return `No value (${e.reason ?? "no data"}) → NO_DATA.${stale}`;
  if (e.rule === "no-target") return `Latest value ${f(e.value)} (${e.period}) has no target → NO_TARGET.${stale}`;
  const v = e.value ?? 0;
  const t = e.target ?? 0;
  const b = e.baseline ?? 0;
  const tolerance = Math.max(0, e.tolerance);
  const attainment = ((): string => {
    switch (e.rule) {
      case "increase-from-baseline":
      case "decrease-from-baseline":
        return `attainment (v − b) / (t − b) = (${f(v)} − ${f(b)}) / (${f(t)} − ${f(b)}) = ${f(e.attainment)}`;
      case "increase-ratio":
        return `attainment v / t = ${f(v)} / ${f(t)} = ${f(e.attainment)}`;
      case "decrease-ratio":
        return `attainment t / v = ${f(t)} / ${f(v)} = ${f(e.attainment)}`;
      case "decrease-non-positive-value":
        return `value ${f(v)} ≤ 0 on a decrease KPI: attainment 1`;
      case "maintain-within-tolerance":
        return `|v − t| = |${f(v)} − ${f(t)}| is within the tolerance ${f(tolerance)}: attainment 1`;
      case "maintain-outside-tolerance":
        return tolerance === 0
          ? `|v − t| = |${f(v)} − ${f(t)}| with no tolerance: attainment 0`
          : `attainment 1 − (|v − t| − τ) / τ = 1 − (${f(Math.abs(v - t))} − ${f(tolerance)}) / ${f(tolerance)} = ${f(e.attainment)}`;
      case "target-not-positive":
        return `target ${f(t)} ≤ 0 without a usable baseline: attainment ${f(e.attainment)} (1 when met, 0 when not)`;
    }
  })();
  const divergent = e.divergent
    ? ` Divergent: its health ${f(e.health)} and its driver health ${f(e.driverHealth)} differ by 0.3 or more.`
    : "";
  return (
    `Value ${f(v)} (${e.period}) against target ${f(t)}: ${attainment}; health ${f(e.health)} → ${e.status} ` +
    `(on track from ${e.thresholds.onTrack}, at risk from ${e.thresholds.atRisk}).${stale}${divergent}`
  );
}

function summarizeKeyResult(e: KeyResultExplanation): string {
  const f = formatForSummary;
  const pace =
    e.expectedProgress === 0
      ? "; nothing is expected yet, so health 1"
      : `; expected by now ${f(e.expectedProgress)} (${e.elapsedDays} of ${e.totalDays} days), ` +
        `health p / e = ${f(e.progress)} / ${f(e.expectedProgress)} → ${f(e.health)}`;
  switch (e.rule) {
    case "metric":
      return (
        `Progress (v − S) / (T − S) = (${f(e.kpi?.value ?? null)} − ${f(e.start)}) / (${f(e.target)} − ${f(e.start)}) ` +
        `= ${f(e.progress)}${pace} → ${e.status}.`
      );
    case "milestone":
      return `Progress entered ${f(e.progress)}${pace} → ${e.status}.`;
    case "qualitative":
      return `Zone ${e.zone}: progress ${f(e.progress)}, health ${f(e.health)} → ${e.status}.`;
    case "no-kpi-value":
      return `Its KPI ${e.kpi?.code ?? "(none)"} has no latest value → NO_DATA.`;
    case "no-zone":
      return "No zone entered yet → NO_DATA.";
    case "incomplete-metric":
      return "A metric key result needs a start value and a different target → NO_DATA.";
  }
}

function summarizeObjective(e: ObjectiveExplanation): string {
  const f = formatForSummary;
  if (e.rule === "no-children") return "No key results and no child objectives → NO_DATA.";
  if (e.rule === "no-child-with-data") return `None of its ${e.children.length} children has data → NO_DATA.`;
  const counted = e.children.filter((child) => child.isCounted).length;
  const weakest = e.children.find((child) => child.code === e.weakest);
  return (
    `Weighted mean over the ${counted} of ${e.children.length} children with data ` +
    `(weight ${f(e.countedWeight)} of ${f(e.totalWeight)}): progress ${f(e.progress)}, health ${f(e.health)} → ` +
    `${e.status}${weakest ? `; weakest ${weakest.code} at ${f(weakest.health)}` : ""}.`
  );
}

// The rules a change must pass before it is saved (spec/health.md and spec/drivertree-format.md). Each function
// returns a typed result instead of throwing; every problem has a stable code and a path relative to the object
// validated ("formula", "targets.2026-06", "dueDate"), which the importer prefixes with its JSON path
// ("kpis[3].formula").

import { parseIsoDate } from "./dates";
import { FORMULA_FUNCTIONS, listFormulaCodes, parseFormula, tokenizeFormula } from "./formula-syntax";
import { buildKeyedGraph, findKeyedCycleClosedBy } from "./graph";
import type {
  DriverLink,
  Frequency,
  HealthModel,
  Ipo,
  KeyResultDefinition,
  KpiDefinition,
  MeasurementSeries,
  Thresholds,
} from "./model";
import { hasFormula } from "./model-index";
import { isSameOrFinerFrequency, parsePeriodKey } from "./periods";

export type ValidationCode =
  | "FORMULA_SYNTAX"
  | "FORMULA_TOO_LONG"
  | "FORMULA_TOO_DEEP"
  | "FORMULA_NAMES_NO_KPI"
  | "FORMULA_UNKNOWN_KPI"
  | "FORMULA_COARSER_KPI"
  | "FORMULA_SELF_REFERENCE"
  | "FORMULA_CYCLE"
  | "LINK_UNKNOWN_KPI"
  | "LINK_CYCLE"
  | "LINK_IPO_BACKWARDS"
  | "LINK_DUPLICATE"
  | "WEIGHT_NOT_POSITIVE"
  | "NUMBER_NOT_FINITE"
  | "KPI_CODE_RESERVED"
  | "KPI_CODE_INVALID"
  | "KPI_BASELINE_WRONG_SIDE"
  | "KPI_TARGET_NOT_POSITIVE"
  | "KPI_TOLERANCE_NEGATIVE"
  | "KPI_LAG_DAYS_INVALID"
  | "KPI_RANGE_INVALID"
  | "KPI_VALUE_OUT_OF_RANGE"
  | "KPI_RANGE_EXCLUDES_MEASUREMENTS"
  | "KPI_RANGE_EXCLUDES_KEY_RESULTS"
  | "THRESHOLDS_INVALID"
  | "PERIOD_KEY_INVALID"
  | "PERIOD_KEY_WRONG_FREQUENCY"
  | "KR_UNKNOWN_OBJECTIVE"
  | "KR_DATE_INVALID"
  | "KR_DATES_ORDER"
  | "KR_METRIC_NEEDS_KPI"
  | "KR_UNKNOWN_KPI"
  | "KR_METRIC_NEEDS_TARGET"
  | "KR_METRIC_NEEDS_START"
  | "KR_TARGET_EQUALS_START"
  | "KR_OUTSIDE_KPI_RANGE"
  | "KR_PROGRESS_OUT_OF_RANGE"
  | "OBJECTIVE_UNKNOWN_PARENT"
  | "OBJECTIVE_CYCLE"
  | "MEASUREMENT_UNKNOWN_KPI"
  | "MEASUREMENT_FORMULA_KPI"
  | "MEASUREMENT_NOT_FINITE"
  | "MEASUREMENT_OUT_OF_RANGE";

export interface ValidationProblem {
  code: ValidationCode;
  message: string;
  /**
   * Where the problem is, relative to the object validated ("formula", "targets.2026-06", "dueDate"); "" for the
   * object as a whole. The importer prefixes its JSON path ("kpis[3]." + path).
   */
  path: string;
  /** Formula syntax: 0-based offset into the expression, and what would have been accepted there. */
  position?: number;
  expected?: string[];
  /** The codes concerned (unknown or coarser KPIs). */
  codes?: string[];
  /** A cycle as the codes along it, the first repeated at the end. */
  cycle?: string[];
}

export type ValidationResult = { ok: true } | ({ ok: false; problems: ValidationProblem[] } & ValidationProblem);

const VALID: ValidationResult = { ok: true };

/** One result from a list of problems: the first one in front, all of them in `problems`. */
export function toValidationResult(problems: readonly ValidationProblem[]): ValidationResult {
  const first = problems[0];
  return first === undefined ? VALID : { ok: false, ...first, problems: [...problems] };
}

// ── Formulas ─────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * spec/health.md: a formula that does not parse, names an unknown KPI or a coarser one, names itself, or closes a
 * cycle through other formulas is refused, with the position or the codes on the cycle. docs/health.md: so is a
 * formula that names no KPI (it would never have a period to be computed for). `kpi` is the formula KPI's code (its
 * frequency is read from the model) or its definition (for a KPI being created or changing frequency).
 */
export function validateFormula(
  model: HealthModel,
  kpi: string | Pick<KpiDefinition, "code" | "frequency">,
  expression: string,
): ValidationResult {
  const kpiCode = typeof kpi === "string" ? kpi : kpi.code;
  const parsed = parseFormula(expression);
  if (!parsed.ok) {
    const { code, message, position, expected } = parsed.error;
    return toValidationResult([{ code, message, path: "formula", position, expected }]);
  }
  const codes = listFormulaCodes(parsed.ast);
  if (codes.length === 0) {
    return toValidationResult([
      { code: "FORMULA_NAMES_NO_KPI", path: "formula", message: "A formula must name at least one KPI." },
    ]);
  }
  if (codes.includes(kpiCode)) {
    return toValidationResult([
      {
        code: "FORMULA_SELF_REFERENCE",
        path: "formula",
        message: `The formula of ${kpiCode} names ${kpiCode} itself.`,
        codes: [kpiCode],
        cycle: [kpiCode, kpiCode],
      },
    ]);
  }
  const kpiByCode = new Map(model.kpis.map((kpi) => [kpi.code, kpi] as const));
  const problems: ValidationProblem[] = [];
  const unknown = codes.filter((code) => !kpiByCode.has(code));
  if (unknown.length > 0) {
    problems.push({
      code: "FORMULA_UNKNOWN_KPI",
      path: "formula",
      message: `The formula names ${unknown.length === 1 ? "a KPI that does not exist" : "KPIs that do not exist"}: ${unknown.join(", ")}.`,
      codes: unknown,
    });
  }
  const frequency = typeof kpi === "string" ? kpiByCode.get(kpiCode)?.frequency : kpi.frequency;
  if (frequency !== undefined) {
    const coarser = codes.filter((code) => {
      const named = kpiByCode.get(code);
      return named !== undefined && !isSameOrFinerFrequency(named.frequency, frequency);
    });
    if (coarser.length > 0) {
      problems.push({
        code: "FORMULA_COARSER_KPI",
        path: "formula",
        message:
          `A ${frequency} formula can only name KPIs of the same or a finer frequency; ` +
          coarser.map((code) => `${code} is ${kpiByCode.get(code)?.frequency}`).join(", ") +
          ".",
        codes: coarser,
      });
    }
  }
  const cycle = findFormulaCycle(model, kpiCode, codes);
  if (cycle !== null) {
    problems.push({
      code: "FORMULA_CYCLE",
      path: "formula",
      message: `The formula closes a cycle: ${cycle.join(" → ")} (each uses the next).`,
      codes: cycle.slice(0, -1),
      cycle,
    });
  }
  return toValidationResult(problems);
}

/** The cycle [kpiCode, …, kpiCode] the new formula would close through other KPIs' formulas, each naming the next. */
function findFormulaCycle(model: HealthModel, kpiCode: string, namedCodes: readonly string[]): string[] | null {
  const keys = model.kpis.some((kpi) => kpi.code === kpiCode)
    ? model.kpis.map((kpi) => kpi.code)
    : [...model.kpis.map((kpi) => kpi.code), kpiCode];
  const edges: [string, string][] = [];
  for (const kpi of model.kpis) {
    if (kpi.code === kpiCode || !hasFormula(kpi)) continue;
    const parsed = parseFormula(kpi.formula as string);
    if (parsed.ok) for (const named of listFormulaCodes(parsed.ast)) edges.push([kpi.code, named]);
  }
  const graph = buildKeyedGraph(keys, edges);
  for (const named of namedCodes) {
    const cycle = findKeyedCycleClosedBy(graph, kpiCode, named);
    if (cycle !== null) return cycle;
  }
  return null;
}

// ── Links ────────────────────────────────────────────────────────────────────────────────────────────────────────

const IPO_LEVEL: Readonly<Record<Ipo, number>> = { input: 0, process: 1, outcome: 2 };

/**
 * spec/health.md: links run from a lower or the same Input → Process → Outcome level to a higher or the same one; a
 * link from a higher level to a lower one is refused, as is one that closes a cycle (named in the message). Weights
 * are > 0 (spec/drivertree-format.md). docs/health.md: a second link between the same two KPIs is refused too.
 */
export function validateLink(model: HealthModel, link: DriverLink): ValidationResult {
  const problems: ValidationProblem[] = [];
  const weightProblem = checkWeight(link.weight, "weight");
  if (weightProblem) problems.push(weightProblem);
  const from = model.kpis.find((kpi) => kpi.code === link.from);
  const to = model.kpis.find((kpi) => kpi.code === link.to);
  for (const [end, kpi] of [
    ["from", from],
    ["to", to],
  ] as const) {
    if (kpi === undefined) {
      problems.push({
        code: "LINK_UNKNOWN_KPI",
        path: end,
        message: `No KPI has the code ${link[end]}.`,
        codes: [link[end]],
      });
    }
  }
  if (from === undefined || to === undefined) return toValidationResult(problems);

  if (IPO_LEVEL[from.ipo] > IPO_LEVEL[to.ipo]) {
    problems.push({
      code: "LINK_IPO_BACKWARDS",
      path: "",
      message:
        `A link runs from a lower or the same Input → Process → Outcome level to a higher or the same one: ` +
        `the ${from.ipo} ${from.code} cannot drive the ${to.ipo} ${to.code}.`,
      codes: [from.code, to.code],
    });
  }
  if (model.links.some((existing) => existing.from === link.from && existing.to === link.to)) {
    problems.push({
      code: "LINK_DUPLICATE",
      path: "",
      message: `${link.from} already drives ${link.to}; change that link's weight instead.`,
      codes: [link.from, link.to],
    });
  }
  const graph = buildKeyedGraph(
    model.kpis.map((kpi) => kpi.code),
    model.links.map((existing) => [existing.from, existing.to] as const),
  );
  const cycle = findKeyedCycleClosedBy(graph, link.from, link.to);
  if (cycle !== null) {
    problems.push({
      code: "LINK_CYCLE",
      path: "",
      message: `The link closes a cycle: ${cycle.join(" → ")} (each drives the next).`,
      codes: cycle.slice(0, -1),
      cycle,
    });
  }
  return toValidationResult(problems);
}

export function validateWeight(weight: number): ValidationResult {
  const problem = checkWeight(weight, "weight");
  return toValidationResult(problem ? [problem] : []);
}

function checkWeight(weight: number, path: string): ValidationProblem | null {
  if (typeof weight === "number" && Number.isFinite(weight) && weight > 0) return null;
  return { code: "WEIGHT_NOT_POSITIVE", path, message: `A weight must be a number greater than 0, not ${weight}.` };
}

// ── KPIs ─────────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * spec/drivertree-format.md: min, max, abs and round are not allowed as KPI codes. docs/health.md: a code must also
 * be one a formula can name ([A-Za-z_][A-Za-z0-9_.]*).
 */
export function validateKpiCode(code: string): ValidationResult {
  if ((FORMULA_FUNCTIONS as readonly string[]).includes(code)) {
    return toValidationResult([
      {
        code: "KPI_CODE_RESERVED",
        path: "code",
        message: `${code} is a formula function and cannot be a KPI code.`,
        codes: [code],
      },
    ]);
  }
  const tokens = tokenizeFormula(code);
  // A code is valid exactly when the formula language reads it as one KPI code.
  if (tokens.length !== 2 || tokens[0]?.type !== "identifier" || tokens[0].text !== code) {
    return toValidationResult([
      {
        code: "KPI_CODE_INVALID",
        path: "code",
        message: `A KPI code starts with a letter or _ and holds only letters, digits, _ and dots: ${JSON.stringify(code)}.`,
        codes: [code],
      },
    ]);
  }
  return VALID;
}

/**
 * spec/health.md, refused when saved: a baseline on the wrong side of the default or any per-period target for the
 * direction (increase with t < b, decrease with t > b); an increase or decrease KPI with no baseline and a target ≤ 0.
 * docs/health.md: the same holds for a target equal to the baseline (the ratio column then applies); a tolerance is
 * ≥ 0, lagDays a whole number ≥ 0, thresholds within [0, 1] with atRisk ≤ onTrack; per-period target keys have the
 * KPI's frequency (spec/health.md). spec/drivertree-format.md: min ≤ max, and the baseline, the default target and
 * every per-period target lie inside the valid range.
 */
export function validateKpiDefinition(kpi: KpiDefinition): ValidationResult {
  const problems: ValidationProblem[] = [];
  const codeResult = validateKpiCode(kpi.code);
  if (!codeResult.ok) problems.push(...codeResult.problems);

  for (const [path, value] of [
    ["baseline", kpi.baseline],
    ["target", kpi.target],
    ["tolerance", kpi.tolerance],
    ["min", kpi.min],
    ["max", kpi.max],
  ] as const) {
    if (value !== null && !Number.isFinite(value)) {
      problems.push({ code: "NUMBER_NOT_FINITE", path, message: `${path} must be a finite number.` });
    }
  }
  const targets: [string, number][] = [];
  if (kpi.target !== null && Number.isFinite(kpi.target)) targets.push(["target", kpi.target]);
  for (const [key, value] of Object.entries(kpi.targets)) {
    const path = `targets.${key}`;
    const keyResult = validatePeriodKey(key, kpi.frequency);
    if (!keyResult.ok) problems.push(...keyResult.problems.map((problem) => ({ ...problem, path })));
    if (!Number.isFinite(value))
      problems.push({ code: "NUMBER_NOT_FINITE", path, message: `${path} must be a finite number.` });
    else targets.push([path, value]);
  }

  const b = kpi.baseline !== null && Number.isFinite(kpi.baseline) ? kpi.baseline : null;
  problems.push(...checkRangeOfDefinition(kpi, b, targets));
  if (kpi.direction !== "maintain") {
    for (const [path, t] of targets) {
      if (b !== null && (kpi.direction === "increase" ? t < b : t > b)) {
        problems.push({
          code: "KPI_BASELINE_WRONG_SIDE",
          path,
          message:
            `For ${kpi.direction === "increase" ? "an increase" : "a decrease"} KPI the target (${t}) must not be ` +
            `${kpi.direction === "increase" ? "below" : "above"} the baseline (${b}).`,
        });
      } else if ((b === null || b === t) && t <= 0) {
        problems.push({
          code: "KPI_TARGET_NOT_POSITIVE",
          path,
          message: `An ${kpi.direction} KPI with a target of ${t} needs a baseline different from it: set a baseline.`,
        });
      }
    }
  }
  if (Number.isFinite(kpi.tolerance) && kpi.tolerance < 0) {
    problems.push({ code: "KPI_TOLERANCE_NEGATIVE", path: "tolerance", message: "The tolerance cannot be negative." });
  }
  if (!Number.isInteger(kpi.lagDays) || kpi.lagDays < 0) {
    problems.push({
      code: "KPI_LAG_DAYS_INVALID",
      path: "lagDays",
      message: `lagDays must be a whole number of days, 0 or more, not ${kpi.lagDays}.`,
    });
  }
  if (kpi.thresholds !== null) {
    const thresholdResult = validateThresholds(kpi.thresholds);
    if (!thresholdResult.ok) {
      problems.push(
        ...thresholdResult.problems.map((problem) => ({
          ...problem,
          path: `thresholds${problem.path ? `.${problem.path}` : ""}`,
        })),
      );
    }
  }
  return toValidationResult(problems);
}

/** The range itself (min ≤ max), then the baseline and every target inside it. */
function checkRangeOfDefinition(
  kpi: KpiDefinition,
  baseline: number | null,
  targets: readonly (readonly [string, number])[],
): ValidationProblem[] {
  const range = toFiniteRange(kpi);
  if (range.min !== null && range.max !== null && range.min > range.max) {
    return [
      {
        code: "KPI_RANGE_INVALID",
        path: "max",
        message: `The maximum (${range.max}) cannot be below the minimum (${range.min}).`,
      },
    ];
  }
  const problems: ValidationProblem[] = [];
  for (const [path, value] of [...(baseline === null ? [] : [["baseline", baseline] as const]), ...targets]) {
    if (isInsideRange(range, value)) continue;
    problems.push({
      code: "KPI_VALUE_OUT_OF_RANGE",
      path,
      message: `${describeRangeField(path)} (${value}) is outside the valid range of ${kpi.code} (${formatKpiRange(range)}).`,
    });
  }
  return problems;
}

function describeRangeField(path: string): string {
  if (path === "baseline") return "The baseline";
  if (path === "target") return "The target";
  return `The target for ${path.slice("targets.".length)}`;
}

type KpiRange = Pick<KpiDefinition, "min" | "max">;

/** The range with any non-finite bound dropped (such a bound is reported on its own as NUMBER_NOT_FINITE). */
function toFiniteRange(range: KpiRange): KpiRange {
  return {
    min: range.min !== null && Number.isFinite(range.min) ? range.min : null,
    max: range.max !== null && Number.isFinite(range.max) ? range.max : null,
  };
}

/**
 * The range values are checked against: none when min > max, which validateKpiDefinition reports on its own (every
 * value would otherwise be reported against a range that cannot be right).
 */
function toCheckedRange(range: KpiRange): KpiRange {
  const finite = toFiniteRange(range);
  return finite.min !== null && finite.max !== null && finite.min > finite.max ? { min: null, max: null } : finite;
}

/** Whether a value lies inside a KPI's valid range (inclusive; a missing bound does not limit). */
export function isInsideRange(range: KpiRange, value: number): boolean {
  return (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
}

/** The valid range as people read it: "0 to 100", "0 or more", "100 or less"; "" when there is none. */
export function formatKpiRange(range: KpiRange): string {
  if (range.min !== null && range.max !== null) return `${range.min} to ${range.max}`;
  if (range.min !== null) return `${range.min} or more`;
  if (range.max !== null) return `${range.max} or less`;
  return "";
}

/** How many period keys a message names before "and N more". */
const LISTED_PERIODS = 5;

/**
 * spec/drivertree-format.md: no measurement lies outside a KPI's valid range, so a new range that values already
 * stored fall outside is refused, naming how many values and the first periods. The problem's path is the bound that
 * excludes the earliest of them.
 */
export function validateRangeOfMeasurements(kpi: KpiDefinition, series: MeasurementSeries): ValidationResult {
  const range = toCheckedRange(kpi);
  const outside = Object.keys(series)
    .filter((period) => !isInsideRange(range, series[period] as number))
    .sort(comparePeriodKeys);
  const first = outside[0];
  if (first === undefined) return VALID;
  const listed = outside.slice(0, LISTED_PERIODS).join(", ");
  const more = outside.length > LISTED_PERIODS ? ` and ${outside.length - LISTED_PERIODS} more` : "";
  return toValidationResult([
    {
      code: "KPI_RANGE_EXCLUDES_MEASUREMENTS",
      path: range.min !== null && (series[first] as number) < range.min ? "min" : "max",
      message:
        `${outside.length === 1 ? "1 value is" : `${outside.length} values are`} outside ${formatKpiRange(range)}: ` +
        `${listed}${more}. Correct ${outside.length === 1 ? "it" : "them"} or widen the range.`,
    },
  ]);
}

/** Period keys of one frequency sort as text; keys of mixed frequencies (not stored together) sort stably too. */
/**
 * A key result's start and target lie inside the valid range of the KPI it tracks (see checkKeyResultRange), so a new
 * range that a key result's explicit start or target falls outside is refused, one problem per value, at the bound
 * that excludes it. A start taken from the baseline is checked with the KPI itself.
 */
export function validateRangeOfKeyResults(
  kpi: KpiDefinition,
  keyResults: readonly Pick<KeyResultDefinition, "code" | "start" | "target">[],
): ValidationResult {
  const range = toCheckedRange(kpi);
  const problems: ValidationProblem[] = [];
  for (const keyResult of keyResults) {
    for (const [field, verb] of [
      ["start", "starts from"],
      ["target", "aims at"],
    ] as const) {
      const value = keyResult[field];
      if (value == null || !Number.isFinite(value) || isInsideRange(range, value)) continue;
      problems.push({
        code: "KPI_RANGE_EXCLUDES_KEY_RESULTS",
        path: range.min !== null && value < range.min ? "min" : "max",
        message:
          `Key result ${keyResult.code} ${verb} ${value}, outside ${formatKpiRange(range)}. ` +
          "Change it or widen the range.",
      });
    }
  }
  return toValidationResult(problems);
}

function comparePeriodKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Thresholds (an agency's, or a KPI's override with one key or both): each in [0, 1], atRisk ≤ onTrack. */
export function validateThresholds(thresholds: Partial<Thresholds>): ValidationResult {
  const problems: ValidationProblem[] = [];
  for (const key of ["onTrack", "atRisk"] as const) {
    const value = thresholds[key];
    if (value !== undefined && !(Number.isFinite(value) && value >= 0 && value <= 1)) {
      problems.push({
        code: "THRESHOLDS_INVALID",
        path: key,
        message: `${key} must be between 0 and 1, not ${value}.`,
      });
    }
  }
  const { onTrack, atRisk } = thresholds;
  if (problems.length === 0 && onTrack !== undefined && atRisk !== undefined && atRisk > onTrack) {
    problems.push({
      code: "THRESHOLDS_INVALID",
      path: "atRisk",
      message: `atRisk (${atRisk}) cannot be above onTrack (${onTrack}).`,
    });
  }
  return toValidationResult(problems);
}

/** spec/health.md: a period key must have the KPI's own frequency (YYYY-MM, YYYY-Qn or YYYY). */
export function validatePeriodKey(key: string, frequency: Frequency): ValidationResult {
  const period = parsePeriodKey(key);
  const format = frequency === "monthly" ? "YYYY-MM" : frequency === "quarterly" ? "YYYY-Qn" : "YYYY";
  if (period === null) {
    return toValidationResult([
      {
        code: "PERIOD_KEY_INVALID",
        path: "period",
        message: `${JSON.stringify(key)} is not a period key; a ${frequency} KPI uses ${format}.`,
      },
    ]);
  }
  if (period.frequency !== frequency) {
    return toValidationResult([
      {
        code: "PERIOD_KEY_WRONG_FREQUENCY",
        path: "period",
        message: `${key} is a ${period.frequency} period; this KPI is ${frequency} (${format}).`,
      },
    ]);
  }
  return VALID;
}

/**
 * spec/drivertree-format.md, a measurement is refused row by row for: an unknown KPI, a period key that does not fit
 * the KPI's frequency, a value that is not a finite number, a formula KPI, a value outside the KPI's valid range.
 */
export function validateMeasurement(
  model: HealthModel,
  measurement: { kpi: string; period: string; value: number },
): ValidationResult {
  const kpi = model.kpis.find((candidate) => candidate.code === measurement.kpi);
  if (kpi === undefined) {
    return toValidationResult([
      { code: "MEASUREMENT_UNKNOWN_KPI", path: "kpi", message: `No KPI has the code ${measurement.kpi}.` },
    ]);
  }
  const problems: ValidationProblem[] = [];
  if (hasFormula(kpi)) {
    problems.push({
      code: "MEASUREMENT_FORMULA_KPI",
      path: "kpi",
      message: `${kpi.code} is computed by its formula and takes no measurements.`,
    });
  }
  const keyResult = validatePeriodKey(measurement.period, kpi.frequency);
  if (!keyResult.ok) problems.push(...keyResult.problems);
  if (typeof measurement.value !== "number" || !Number.isFinite(measurement.value)) {
    problems.push({ code: "MEASUREMENT_NOT_FINITE", path: "value", message: "The value must be a finite number." });
  } else if (!isInsideRange(toCheckedRange(kpi), measurement.value)) {
    problems.push({
      code: "MEASUREMENT_OUT_OF_RANGE",
      path: "value",
      message: `${measurement.value} is outside the valid range of ${kpi.code} (${formatKpiRange(toCheckedRange(kpi))}).`,
    });
  }
  return toValidationResult(problems);
}

// ── Key results and objectives ───────────────────────────────────────────────────────────────────────────────────

/**
 * spec/health.md: D1 > D0 (with the plan's dates as defaults); a metric key result tracks a KPI, has a target T and a
 * start value S (default: the KPI's baseline) with T ≠ S. spec/drivertree-format.md: weights > 0. docs/health.md: a
 * milestone's progress lies in [0, 1].
 */
export function validateKeyResult(model: HealthModel, keyResult: KeyResultDefinition): ValidationResult {
  const problems: ValidationProblem[] = [];
  const weightProblem = checkWeight(keyResult.weight, "weight");
  if (weightProblem) problems.push(weightProblem);
  if (!model.objectives.some((objective) => objective.code === keyResult.objective)) {
    problems.push({
      code: "KR_UNKNOWN_OBJECTIVE",
      path: "objective",
      message: `No objective has the code ${keyResult.objective}.`,
    });
  }
  const days: Record<"startDate" | "dueDate", number | null> = { startDate: null, dueDate: null };
  for (const [path, fallback] of [
    ["startDate", model.plan.start],
    ["dueDate", model.plan.end],
  ] as const) {
    const text = keyResult[path] ?? fallback;
    days[path] = parseIsoDate(text);
    if (days[path] === null) {
      problems.push({ code: "KR_DATE_INVALID", path, message: `${path} must be a date written YYYY-MM-DD.` });
    }
  }
  if (days.startDate !== null && days.dueDate !== null && days.dueDate <= days.startDate) {
    problems.push({
      code: "KR_DATES_ORDER",
      path: "dueDate",
      message: `The due date (${keyResult.dueDate ?? model.plan.end}) must be after the start date (${keyResult.startDate ?? model.plan.start}).`,
    });
  }
  if (keyResult.kind === "metric") {
    const kpi = typeof keyResult.kpi === "string" ? model.kpis.find((k) => k.code === keyResult.kpi) : undefined;
    if (typeof keyResult.kpi !== "string" || keyResult.kpi === "") {
      problems.push({ code: "KR_METRIC_NEEDS_KPI", path: "kpi", message: "A metric key result tracks a KPI." });
    } else if (kpi === undefined) {
      problems.push({ code: "KR_UNKNOWN_KPI", path: "kpi", message: `No KPI has the code ${keyResult.kpi}.` });
    }
    const target = keyResult.target ?? null;
    const start = keyResult.start ?? kpi?.baseline ?? null;
    if (target === null) {
      problems.push({ code: "KR_METRIC_NEEDS_TARGET", path: "target", message: "A metric key result needs a target." });
    }
    if (start === null && kpi !== undefined) {
      problems.push({
        code: "KR_METRIC_NEEDS_START",
        path: "start",
        message: `A metric key result needs a start value: give one, or a baseline on ${kpi.code}.`,
      });
    }
    if (target !== null && start !== null && target === start) {
      problems.push({
        code: "KR_TARGET_EQUALS_START",
        path: "target",
        message: `The target (${target}) must differ from the start value (${start}).`,
      });
    }
    if (kpi !== undefined) problems.push(...checkKeyResultRange(kpi, keyResult));
  }
  if (keyResult.kind === "milestone" && keyResult.progress != null) {
    const progress = keyResult.progress;
    if (!(Number.isFinite(progress) && progress >= 0 && progress <= 1)) {
      problems.push({
        code: "KR_PROGRESS_OUT_OF_RANGE",
        path: "progress",
        message: `A milestone's progress lies between 0 and 1, not ${progress}.`,
      });
    }
  }
  return toValidationResult(problems);
}

/**
 * spec/drivertree-format.md: a key result's start and target are values of the KPI it tracks, so they lie inside its
 * valid range, as its baseline and targets do. A start taken from the baseline is the KPI's own, checked with it.
 */
function checkKeyResultRange(kpi: KpiDefinition, keyResult: KeyResultDefinition): ValidationProblem[] {
  const range = toCheckedRange(kpi);
  const problems: ValidationProblem[] = [];
  for (const [path, label] of [
    ["start", "The start value"],
    ["target", "The target"],
  ] as const) {
    const value = keyResult[path];
    if (value == null || !Number.isFinite(value) || isInsideRange(range, value)) continue;
    problems.push({
      code: "KR_OUTSIDE_KPI_RANGE",
      path,
      message: `${label} (${value}) is outside the valid range of ${kpi.code} (${formatKpiRange(range)}).`,
    });
  }
  return problems;
}

/**
 * An objective's parent must exist and must not be the objective itself or one of its descendants
 * (spec/drivertree-format.md: parents that form a cycle are refused).
 */
export function validateObjectiveParent(model: HealthModel, code: string, parent: string | null): ValidationResult {
  if (parent === null) return VALID;
  const parentOf = new Map(model.objectives.map((objective) => [objective.code, objective.parent] as const));
  if (!parentOf.has(parent)) {
    return toValidationResult([
      { code: "OBJECTIVE_UNKNOWN_PARENT", path: "parent", message: `No objective has the code ${parent}.` },
    ]);
  }
  // Walk up from the new parent: reaching `code` means the objective would sit above itself.
  const chain = [code, parent];
  const seen = new Set(chain);
  let at: string | null | undefined = parent;
  while (at !== code) {
    at = parentOf.get(at as string);
    if (at === null || at === undefined || (seen.has(at) && at !== code)) return VALID;
    chain.push(at);
    seen.add(at);
  }
  return toValidationResult([
    {
      code: "OBJECTIVE_CYCLE",
      path: "parent",
      message: `${parent} cannot be the parent of ${code}: ${chain.join(" → ")} (each the child of the next) is a cycle.`,
      codes: chain.slice(0, -1),
      cycle: chain,
    },
  ]);
}

import {
  createHealthModel,
  createKpiDefinition,
  DEFAULT_THRESHOLDS,
  isSameOrFinerFrequency,
  listFormulaCodes,
  parseFormula,
  validateFormula,
  validateLink,
  type Frequency,
  type HealthModel,
  type ValidationProblem,
} from "@/lib/domain";
import type { AuthoringKpi, AuthoringModel } from "@/lib/dal/kpi-authoring";

// The KPI form's checks as the officer types and picks, in the browser: the engine's own parser and validation
// (lib/domain), run against the compact model of the agency's KPIs the page loads once. The data access layer runs
// the same functions again on save; these only say sooner what it would say.

/** The engine's model of the agency as far as formulas and driver links are concerned (no values, no targets). */
export function toEngineModel(authoring: Pick<AuthoringModel, "kpis" | "links" | "fiscalYearStartMonth">): HealthModel {
  return createHealthModel({
    agency: { fiscalYearStartMonth: authoring.fiscalYearStartMonth, thresholds: DEFAULT_THRESHOLDS },
    plan: { start: "2000-01-01", end: "2000-12-31" },
    kpis: authoring.kpis.map((kpi) =>
      createKpiDefinition({ code: kpi.code, ipo: kpi.ipo, frequency: kpi.frequency, formula: kpi.formula }),
    ),
    links: authoring.links.map((link) => ({ from: link.from, to: link.to, weight: 1, polarity: "positive" as const })),
  });
}

export type FormulaCheck =
  { state: "empty" } | { state: "valid"; codes: string[] } | { state: "invalid"; problems: ValidationProblem[] };

/**
 * A draft formula checked as the data access layer will check it: syntax (with the position), a KPI it names that
 * does not exist, a coarser one, the KPI itself, or a cycle through other formulas (with the codes along it).
 * `code` is the KPI's code (empty while a new KPI has none yet: it is then checked under a code no KPI has).
 */
export function checkFormulaDraft(
  model: HealthModel,
  kpi: { code: string; frequency: Frequency },
  text: string,
): FormulaCheck {
  if (text.trim() === "") return { state: "empty" };
  let code = kpi.code.trim() || "draft";
  if (kpi.code.trim() === "") while (model.kpis.some((other) => other.code === code)) code = `_${code}`;
  const result = validateFormula(model, { code, frequency: kpi.frequency }, text);
  if (!result.ok) return { state: "invalid", problems: result.problems };
  const parsed = parseFormula(text);
  return { state: "valid", codes: parsed.ok ? listFormulaCodes(parsed.ast) : [] };
}

/** The word being typed at `cursor` (a KPI code in the making): where it starts and what it holds so far. */
export function findWordAt(text: string, cursor: number): { start: number; end: number; word: string } {
  let start = cursor;
  while (start > 0 && /[A-Za-z0-9_.]/.test(text[start - 1]!)) start--;
  let end = cursor;
  while (end < text.length && /[A-Za-z0-9_.]/.test(text[end]!)) end++;
  return { start, end, word: text.slice(start, cursor) };
}

/**
 * KPIs a formula may name that match the word being typed, by code or name: same or finer frequency than the
 * formula's KPI, never the KPI itself. Codes that start with the word come first.
 */
export function suggestFormulaKpis(
  kpis: readonly AuthoringKpi[],
  kpi: { code: string; frequency: Frequency },
  word: string,
  limit = 8,
): AuthoringKpi[] {
  const text = word.trim().toLowerCase();
  if (text.length === 0) return [];
  const starts: AuthoringKpi[] = [];
  const contains: AuthoringKpi[] = [];
  for (const candidate of kpis) {
    if (candidate.code === kpi.code || !isSameOrFinerFrequency(candidate.frequency, kpi.frequency)) continue;
    const code = candidate.code.toLowerCase();
    if (code.startsWith(text)) starts.push(candidate);
    else if (code.includes(text) || candidate.name.toLowerCase().includes(text)) contains.push(candidate);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}

/** Why the engine would refuse the driver link `from → to`, or null when it would accept it. */
export function checkLinkCandidate(model: HealthModel, from: string, to: string): string | null {
  const result = validateLink(model, { from, to, weight: 1, polarity: "positive" });
  return result.ok ? null : result.message;
}

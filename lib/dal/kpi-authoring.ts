import "server-only";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import type { Principal } from "@/lib/auth/permissions";
import {
  applyChange,
  computeKpiValues,
  createKpiDefinition,
  validateFormula,
  type Frequency,
  type Ipo,
  type KpiValue,
} from "@/lib/domain";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/errors";
import type { PreviewFormulaInput } from "@/lib/validation/tree";
import { toIsoDate } from "@/lib/dates";
import { getBranchDepartmentIds, requirePermission } from "./access";
import { loadHealthModel, readAgencyRow } from "./health-store";

// The reads behind the KPI form: the compact model of the agency's KPIs that the browser checks formulas and driver
// links against with the engine's own functions, and the preview of a draft formula's last values. Both are for those
// who may author the tree, agency-wide (as runTreeWrite requires for tree edits).

/** One KPI as the form's checks need it: what formulas and links are validated on, and what the pickers show. */
export type AuthoringKpi = {
  code: string;
  name: string;
  ipo: Ipo;
  frequency: Frequency;
  formula: string | null;
};

export type AuthoringModel = {
  fiscalYearStartMonth: number;
  /** The plans' span (first start, last end), for the per-period target picker; null when there is no plan yet. */
  plan: { start: string; end: string } | null;
  /** Today (UTC), for the period picker of an agency without a plan yet. */
  today: string;
  kpis: AuthoringKpi[];
  links: { from: string; to: string }[];
};

async function requireAuthor(principal: Principal | null | undefined) {
  const caller = requirePermission(principal, "tree:edit");
  // As for every tree edit: a principal limited to a department's branch authors nothing.
  if ((await getBranchDepartmentIds(getPrisma(), caller)) !== null) {
    throw new ForbiddenError("Editing the tree needs agency-wide access; this one is limited to a department.");
  }
  return caller;
}

export async function getAuthoringModel(principal: Principal | null | undefined): Promise<AuthoringModel> {
  const caller = await requireAuthor(principal);
  const db = getPrisma();
  const agencyId = caller.agencyId;
  const agency = await db.agency.findUnique({ where: { id: agencyId }, select: { fiscalYearStartMonth: true } });
  if (!agency) throw new NotFoundError();
  const plans = await db.plan.findMany({
    where: { agencyId },
    select: { startDate: true, endDate: true },
    orderBy: { startDate: "asc" },
  });
  const kpis = await db.kpi.findMany({
    where: { agencyId },
    select: { code: true, name: true, ipo: true, frequency: true, formula: true },
    orderBy: { code: "asc" },
  });
  // Codes straight from a join: a relation select would fetch each link's two KPIs with more queries.
  const links = await db.$queryRaw<{ from: string; to: string }[]>`
    SELECT f.code AS "from", t.code AS "to"
    FROM "DriverLink" l JOIN "Kpi" f ON f.id = l."fromKpiId" JOIN "Kpi" t ON t.id = l."toKpiId"
    WHERE l."agencyId" = ${agencyId}::uuid
    ORDER BY l."createdAt", l.id`;
  const ends = plans.map((plan) => toIsoDate(plan.endDate)).sort();
  return {
    fiscalYearStartMonth: agency.fiscalYearStartMonth,
    plan: plans[0] ? { start: toIsoDate(plans[0].startDate), end: ends[ends.length - 1]! } : null,
    today: getTodayUtc(),
    kpis,
    links: links.map((link) => ({ from: link.from, to: link.to })),
  };
}

export type FormulaPreview = {
  /** The formula's last values (at most `PREVIEW_PERIODS`), oldest first, as the engine computes them. */
  values: KpiValue[];
  frequency: Frequency;
  asOf: string;
};

export const PREVIEW_PERIODS = 6;

/**
 * What a draft formula would give, before it is saved: the engine's own values for the KPI with the formula (and the
 * frequency) of the form applied to the tree as it is. A formula the engine refuses is a validation error on
 * `formula`, with the engine's message.
 */
export async function previewFormula(
  principal: Principal | null | undefined,
  input: PreviewFormulaInput,
): Promise<FormulaPreview> {
  const caller = await requireAuthor(principal);
  const db = getPrisma();
  const agency = await readAgencyRow(db, caller.agencyId, { lock: false });
  if (!agency) throw new NotFoundError();
  const model = await loadHealthModel(db, agency);
  const existing = input.code === null ? undefined : model.kpis.find((kpi) => kpi.code === input.code);
  // A KPI being created has no code yet: preview it under one that no KPI has.
  let code = input.code ?? "draft";
  while (existing === undefined && model.kpis.some((kpi) => kpi.code === code)) code = `_${code}`;
  const definition = existing
    ? // Targets do not change values; the old ones may not even fit a new frequency.
      { ...existing, frequency: input.frequency, formula: input.formula, targets: {} }
    : createKpiDefinition({ code, frequency: input.frequency, formula: input.formula });
  const check = validateFormula(model, definition, input.formula);
  if (!check.ok) {
    throw new ValidationError(check.message, { formula: check.problems.map((problem) => problem.message) });
  }
  const draft = applyChange(
    model,
    existing ? { type: "kpiUpdated", kpi: definition } : { type: "kpiAdded", kpi: definition },
  );
  const asOf = getTodayUtc();
  const values = computeKpiValues(draft, code, asOf);
  return { values: values.slice(-PREVIEW_PERIODS), frequency: input.frequency, asOf };
}

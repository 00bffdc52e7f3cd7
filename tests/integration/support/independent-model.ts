import { getPrisma } from "@/lib/db";
import type { HealthModel } from "@/lib/domain";

// The engine's model of an agency, read from the database without the production loader (lib/dal/health-store.ts
// loadHealthModel): PostgreSQL builds the whole model as one JSON document, straight from the tables, written here
// a second time on purpose. Tests that check "stored health equals a full recomputation" compare against this, so a
// mistake in the production loader cannot hide itself by being on both sides of the comparison.
//
// Orders follow the tree's order as the spec and the schema define it: objectives and key results by position then
// code, KPIs by creation then code, links by creation then id; the model's plan is the earliest; a key result without
// its own dates takes its objective's plan's.

type ModelDocument = {
  agency: { fiscalYearStartMonth: number; onTrack: number; atRisk: number };
  plan: { start: string; end: string } | null;
  kpis: (Omit<HealthModel["kpis"][number], "thresholds" | "targets"> & {
    onTrack: number | null;
    atRisk: number | null;
    targets: Record<string, number> | null;
  })[];
  links: HealthModel["links"][number][];
  objectives: HealthModel["objectives"][number][];
  keyResults: HealthModel["keyResults"][number][];
  measurements: Record<string, Record<string, number>> | null;
};

export async function loadModelIndependently(agencyId: string): Promise<HealthModel> {
  const [{ model }] = await getPrisma().$queryRaw<[{ model: ModelDocument }]>`
    SELECT json_build_object(
      'agency', (SELECT json_build_object('fiscalYearStartMonth', a."fiscalYearStartMonth",
                                          'onTrack', a."onTrackThreshold", 'atRisk', a."atRiskThreshold")
                 FROM "Agency" a WHERE a.id = ${agencyId}::uuid),
      'plan', (SELECT json_build_object('start', to_char(p."startDate", 'YYYY-MM-DD'),
                                        'end', to_char(p."endDate", 'YYYY-MM-DD'))
               FROM "Plan" p WHERE p."agencyId" = ${agencyId}::uuid ORDER BY p."startDate" LIMIT 1),
      'kpis', coalesce((
        SELECT json_agg(json_build_object(
          'code', k.code, 'ipo', k.ipo, 'direction', k.direction, 'frequency', k.frequency,
          'aggregation', k.aggregation, 'baseline', k.baseline, 'target', k.target, 'tolerance', k.tolerance,
          'onTrack', k."onTrackThreshold", 'atRisk', k."atRiskThreshold", 'formula', k.formula,
          'lagDays', k."lagDays", 'min', k."minValue", 'max', k."maxValue",
          'targets', (SELECT json_object_agg(t.period, t.value) FROM "KpiTarget" t WHERE t."kpiId" = k.id)
        ) ORDER BY k."createdAt", k.code)
        FROM "Kpi" k WHERE k."agencyId" = ${agencyId}::uuid), '[]'),
      'links', coalesce((
        SELECT json_agg(json_build_object('from', f.code, 'to', t.code, 'weight', l.weight, 'polarity', l.polarity)
                        ORDER BY l."createdAt", l.id)
        FROM "DriverLink" l JOIN "Kpi" f ON f.id = l."fromKpiId" JOIN "Kpi" t ON t.id = l."toKpiId"
        WHERE l."agencyId" = ${agencyId}::uuid), '[]'),
      'objectives', coalesce((
        SELECT json_agg(json_build_object('code', o.code, 'parent', parent.code, 'weight', o.weight)
                        ORDER BY o.position, o.code)
        FROM "Objective" o LEFT JOIN "Objective" parent ON parent.id = o."parentId"
        WHERE o."agencyId" = ${agencyId}::uuid), '[]'),
      'keyResults', coalesce((
        SELECT json_agg(json_build_object(
          'code', r.code, 'objective', o.code, 'kind', r.kind, 'kpi', k.code,
          'start', r."startValue", 'target', r."targetValue",
          'startDate', to_char(coalesce(r."startDate", p."startDate"), 'YYYY-MM-DD'),
          'dueDate', to_char(coalesce(r."dueDate", p."endDate"), 'YYYY-MM-DD'),
          'weight', r.weight, 'progress', r.progress, 'zone', r.zone
        ) ORDER BY r.position, r.code)
        FROM "KeyResult" r JOIN "Objective" o ON o.id = r."objectiveId" JOIN "Plan" p ON p.id = o."planId"
        LEFT JOIN "Kpi" k ON k.id = r."kpiId"
        WHERE r."agencyId" = ${agencyId}::uuid), '[]'),
      'measurements', (
        SELECT json_object_agg(series.code, series.values) FROM (
          SELECT k.code, json_object_agg(m.period, m.value) AS values
          FROM "Measurement" m JOIN "Kpi" k ON k.id = m."kpiId"
          WHERE m."agencyId" = ${agencyId}::uuid GROUP BY k.code
        ) series)
    ) AS model`;
  return {
    agency: {
      fiscalYearStartMonth: model.agency.fiscalYearStartMonth,
      thresholds: { onTrack: model.agency.onTrack, atRisk: model.agency.atRisk },
    },
    plan: model.plan ?? { start: "2000-01-01", end: "2000-12-31" },
    kpis: model.kpis.map(({ onTrack, atRisk, targets, ...kpi }) => ({
      ...kpi,
      targets: targets ?? {},
      thresholds:
        onTrack === null && atRisk === null
          ? null
          : { ...(onTrack === null ? {} : { onTrack }), ...(atRisk === null ? {} : { atRisk }) },
    })),
    links: model.links,
    objectives: model.objectives,
    keyResults: model.keyResults,
    measurements: model.measurements ?? {},
  };
}

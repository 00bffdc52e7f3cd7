// Loads an engine model (the synthetic agency of the engine benchmark) into PostgreSQL in a
// few bulk statements, so that the data access layer can be measured on a large tree.
import type pg from "pg";
import { listFormulaCodes, parseFormula, type HealthModel } from "@/lib/domain";

async function insertReturningIds(client: pg.Client, sql: string, params: unknown[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; code: string }>(sql, params);
  return new Map(rows.map((row) => [row.code, row.id]));
}

/** Creates agency `slug` holding `model`; returns the agency id. */
export async function loadModelIntoDatabase(client: pg.Client, model: HealthModel, slug: string): Promise<string> {
  await client.query("BEGIN");
  const {
    rows: [agency],
  } = await client.query<{ id: string }>(
    `INSERT INTO "Agency" (id, slug, name, "fiscalYearStartMonth", "onTrackThreshold", "atRiskThreshold", "updatedAt")
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, now()) RETURNING id`,
    [
      slug,
      `Synthetic ${slug}`,
      model.agency.fiscalYearStartMonth,
      model.agency.thresholds.onTrack,
      model.agency.thresholds.atRisk,
    ],
  );
  const agencyId = agency!.id;
  const {
    rows: [department],
  } = await client.query<{ id: string }>(
    `INSERT INTO "Department" (id, "agencyId", code, name, "updatedAt") VALUES (gen_random_uuid(), $1, 'ALL', 'All services', now()) RETURNING id`,
    [agencyId],
  );
  const {
    rows: [plan],
  } = await client.query<{ id: string }>(
    `INSERT INTO "Plan" (id, "agencyId", code, name, "startDate", "endDate", "updatedAt")
     VALUES (gen_random_uuid(), $1, 'PLAN', 'Plan', $2::date, $3::date, now()) RETURNING id`,
    [agencyId, model.plan.start, model.plan.end],
  );

  const kpis = model.kpis;
  const kpiIds = await insertReturningIds(
    client,
    `INSERT INTO "Kpi" (id, "agencyId", code, name, ipo, direction, frequency, aggregation, "departmentId", baseline, target,
                        tolerance, "onTrackThreshold", "atRiskThreshold", formula, "lagDays", "createdAt", "updatedAt")
     SELECT gen_random_uuid(), $1, t.code, t.code, t.ipo::"Ipo", t.direction::"Direction", t.frequency::"Frequency",
            t.aggregation::"Aggregation", $2, t.baseline, t.target, t.tolerance, t.on_track, t.at_risk, t.formula, t.lag_days,
            now() + make_interval(secs => t.ord / 1000.0), now()
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::float8[],
                 $11::float8[], $12::float8[], $13::text[], $14::int[], $15::int[])
          AS t(code, ipo, direction, frequency, aggregation, baseline, target, tolerance, on_track, at_risk, formula, lag_days, ord)
     RETURNING id::text, code`,
    [
      agencyId,
      department!.id,
      kpis.map((k) => k.code),
      kpis.map((k) => k.ipo),
      kpis.map((k) => k.direction),
      kpis.map((k) => k.frequency),
      kpis.map((k) => k.aggregation),
      kpis.map((k) => k.baseline),
      kpis.map((k) => k.target),
      kpis.map((k) => k.tolerance),
      kpis.map((k) => k.thresholds?.onTrack ?? null),
      kpis.map((k) => k.thresholds?.atRisk ?? null),
      kpis.map((k) => k.formula),
      kpis.map((k) => k.lagDays),
      kpis.map((_, index) => index),
    ],
  );
  const targetRows = kpis.flatMap((k) =>
    Object.entries(k.targets).map(([period, value]) => [kpiIds.get(k.code)!, period, value] as const),
  );
  await client.query(
    `INSERT INTO "KpiTarget" (id, "agencyId", "kpiId", period, value)
     SELECT gen_random_uuid(), $1, t.kpi, t.period, t.value FROM unnest($2::uuid[], $3::text[], $4::float8[]) AS t(kpi, period, value)`,
    [agencyId, targetRows.map((r) => r[0]), targetRows.map((r) => r[1]), targetRows.map((r) => r[2])],
  );
  const references = kpis.flatMap((k) => {
    if (!k.formula) return [];
    const parsed = parseFormula(k.formula);
    if (!parsed.ok) return [];
    return [...new Set(listFormulaCodes(parsed.ast))].map((code) => [kpiIds.get(k.code)!, kpiIds.get(code)!] as const);
  });
  await client.query(
    `INSERT INTO "FormulaReference" ("agencyId", "kpiId", "referencedKpiId")
     SELECT $1, t.kpi, t.ref FROM unnest($2::uuid[], $3::uuid[]) AS t(kpi, ref)`,
    [agencyId, references.map((r) => r[0]), references.map((r) => r[1])],
  );
  await client.query(
    `INSERT INTO "DriverLink" (id, "agencyId", "fromKpiId", "toKpiId", weight, polarity, "updatedAt")
     SELECT gen_random_uuid(), $1, t.f, t.t, t.w, t.p::"Polarity", now()
     FROM unnest($2::uuid[], $3::uuid[], $4::float8[], $5::text[]) AS t(f, t, w, p)
     ON CONFLICT DO NOTHING`,
    [
      agencyId,
      model.links.map((l) => kpiIds.get(l.from)!),
      model.links.map((l) => kpiIds.get(l.to)!),
      model.links.map((l) => l.weight),
      model.links.map((l) => l.polarity),
    ],
  );

  const objectiveIds = new Map<string, string>();
  for (const [position, objective] of model.objectives.entries()) {
    const {
      rows: [row],
    } = await client.query<{ id: string }>(
      `INSERT INTO "Objective" (id, "agencyId", "planId", code, title, "parentId", weight, position, "updatedAt")
       VALUES (gen_random_uuid(), $1, $2, $3, $3, $4, $5, $6, now()) RETURNING id`,
      [
        agencyId,
        plan!.id,
        objective.code,
        objective.parent ? objectiveIds.get(objective.parent)! : null,
        objective.weight,
        position,
      ],
    );
    objectiveIds.set(objective.code, row!.id);
  }
  const krs = model.keyResults;
  await client.query(
    `INSERT INTO "KeyResult" (id, "agencyId", "objectiveId", code, title, kind, "kpiId", "startValue", "targetValue",
                              "startDate", "dueDate", weight, position, progress, zone, "updatedAt")
     SELECT gen_random_uuid(), $1, t.objective, t.code, t.code, t.kind::"KeyResultKind", t.kpi, t.s, t.t, t.d0, t.d1, t.w, t.ord,
            t.progress, t.zone::"Zone", now()
     FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::float8[], $7::float8[], $8::date[], $9::date[],
                 $10::float8[], $11::int[], $12::float8[], $13::text[])
          AS t(objective, code, kind, kpi, s, t, d0, d1, w, ord, progress, zone)`,
    [
      agencyId,
      krs.map((kr) => objectiveIds.get(kr.objective)!),
      krs.map((kr) => kr.code),
      krs.map((kr) => kr.kind),
      krs.map((kr) => (kr.kpi ? kpiIds.get(kr.kpi)! : null)),
      krs.map((kr) => kr.start ?? null),
      krs.map((kr) => kr.target ?? null),
      krs.map((kr) => kr.startDate ?? null),
      krs.map((kr) => kr.dueDate ?? null),
      krs.map((kr) => kr.weight),
      krs.map((_, index) => index),
      krs.map((kr) => kr.progress ?? null),
      krs.map((kr) => kr.zone ?? null),
    ],
  );

  const measurementRows = Object.entries(model.measurements).flatMap(([code, series]) =>
    Object.entries(series).map(([period, value]) => [kpiIds.get(code)!, period, value] as const),
  );
  const BATCH = 50_000;
  for (let start = 0; start < measurementRows.length; start += BATCH) {
    const batch = measurementRows.slice(start, start + BATCH);
    await client.query(
      `INSERT INTO "Measurement" (id, "agencyId", "kpiId", period, value, "enteredByLabel")
       SELECT gen_random_uuid(), $1, t.kpi, t.period, t.value, 'bench' FROM unnest($2::uuid[], $3::text[], $4::float8[]) AS t(kpi, period, value)`,
      [agencyId, batch.map((r) => r[0]), batch.map((r) => r[1]), batch.map((r) => r[2])],
    );
  }
  await client.query("COMMIT");
  return agencyId;
}

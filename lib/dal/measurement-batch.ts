import "server-only";
import { getPrisma } from "@/lib/db";
import { getTodayUtc } from "@/lib/clock";
import type { Principal } from "@/lib/auth/permissions";
import {
  createHealthModel,
  createKpiDefinition,
  validateMeasurement,
  type HealthModel,
  type MeasurementEdit,
} from "@/lib/domain";
import { measurementKey } from "@/lib/document/stored-tree";
import { measurementRowSchema, MAX_MEASUREMENTS_PER_REQUEST } from "@/lib/validation/api";
import { toPathProblems } from "@/lib/validation/document";
import { ValidationError } from "@/lib/errors";
import { getBranchDepartmentIds, requirePermission, type Tx } from "./access";
import { recordAudit } from "./audit";
import { lockAgencyRow } from "./health-store";
import { requestHealthRecompute } from "@/lib/jobs/health-jobs";
import { BULK_TRANSACTION_OPTIONS, insertRows, NOW, sqlUuid } from "./bulk-write";
import { updateStoredHealth, type HealthUpdate } from "./health/service";
import { Prisma } from "@/lib/generated/prisma/client";

// Measurements many at a time (spec/drivertree-format.md, POST /api/v1/measurements): each row is checked on its
// own — valid rows are stored, invalid ones are returned with their index, path and reason, none is silently
// dropped. One transaction, a handful of statements whatever the number of rows, one health recomputation and one
// audit event per request.

export type RejectedRow = { index: number; path: string; message: string };

export type MeasurementBatchReport = {
  /** Rows stored or already stored with the same value and note. */
  accepted: number;
  rejected: RejectedRow[];
  created: number;
  replaced: number;
  unchanged: number;
  recomputedNodes: number;
  /** Health is left to a background recomputation (a large batch on a large tree); see lib/dal/health/service.ts. */
  healthPending: boolean;
};

export type MeasurementToStore = { kpiId: string; kpi: string; period: string; value: number; note: string };

export type StoredMeasurements = {
  created: number;
  replaced: number;
  unchanged: number;
  /** The values that changed, for the engine. */
  edits: MeasurementEdit[];
  /** The ids of the KPIs whose values changed. */
  changedKpiIds: string[];
  /** The stored rows the sent ones met, by measurementKey(kpiId, period), as they were before. */
  previous: Map<string, PreviousMeasurement>;
};

export type PreviousMeasurement = {
  id: string;
  kpiId: string;
  period: string;
  value: number;
  note: string;
  source: string;
  enteredByLabel: string;
  enteredAt: Date;
};

/**
 * Stores rows that have been checked, keyed by (KPI, period): a new period is created; a different value or note
 * replaces the stored one, which moves to the history (MeasurementRevision); the same value and note change nothing.
 * Rows must be distinct by (KPI, period). The caller holds the agency lock, so what is read here stays true.
 */
export async function storeMeasurementRows(
  db: Tx,
  principal: Principal,
  rows: readonly MeasurementToStore[],
  source: string,
): Promise<StoredMeasurements> {
  const outcome: StoredMeasurements = {
    created: 0,
    replaced: 0,
    unchanged: 0,
    edits: [],
    changedKpiIds: [],
    previous: new Map(),
  };
  if (rows.length === 0) return outcome;
  const existing = await db.$queryRaw<PreviousMeasurement[]>`
    SELECT m.id::text AS id, m."kpiId"::text AS "kpiId", m.period, m.value, m.note, m.source, m."enteredByLabel",
           m."enteredAt"
    FROM "Measurement" m
    JOIN json_to_recordset(${JSON.stringify(rows.map(({ kpiId, period }) => ({ kpi: kpiId, period })))}::json)
      AS t(kpi uuid, period text) ON m."kpiId" = t.kpi AND m.period = t.period`;
  const stored = new Map(existing.map((row) => [measurementKey(row.kpiId, row.period), row]));
  outcome.previous = stored;
  const toCreate: MeasurementToStore[] = [];
  const toReplace: (MeasurementToStore & { id: string })[] = [];
  const changedKpis = new Set<string>();
  for (const row of rows) {
    const before = stored.get(measurementKey(row.kpiId, row.period));
    if (before !== undefined && before.value === row.value && before.note === row.note) {
      outcome.unchanged += 1;
      continue;
    }
    if (before === undefined) {
      outcome.created += 1;
      toCreate.push(row);
    } else {
      outcome.replaced += 1;
      toReplace.push({ ...row, id: before.id });
    }
    // A changed note alone changes no number: only changed values reach health.
    if (before === undefined || before.value !== row.value) {
      outcome.edits.push({ kpi: row.kpi, period: row.period, value: row.value });
      changedKpis.add(row.kpiId);
    }
  }
  const enteredByUserId = principal.kind === "user" ? sqlUuid(principal.userId) : Prisma.sql`NULL`;
  const enteredByToken = principal.kind === "token" ? sqlUuid(principal.tokenId) : Prisma.sql`NULL`;
  if (toReplace.length > 0) {
    // One statement: the replaced values go to the history and the new ones take their place. Both parts of a
    // WITH read the rows as they were before the statement, so the history gets the old values: nothing is lost.
    await db.$executeRaw`
      WITH sent AS (
        SELECT * FROM json_to_recordset(${JSON.stringify(toReplace.map(({ id, value, note }) => ({ id, value, note })))}::json)
          AS t(id uuid, value float8, note text)
      ), history AS (
        INSERT INTO "MeasurementRevision"
          (id, "agencyId", "kpiId", period, "measurementId", value, source, note, "enteredByLabel", "enteredAt",
           "replacedAt", "replacedByLabel")
        SELECT gen_random_uuid(), m."agencyId", m."kpiId", m.period, m.id, m.value, m.source, m.note, m."enteredByLabel", m."enteredAt",
               now(), ${principal.label}
        FROM "Measurement" m JOIN sent ON sent.id = m.id
      )
      UPDATE "Measurement" m SET
        value = sent.value, note = sent.note, source = ${source}, "enteredByUserId" = ${enteredByUserId},
        "enteredByToken" = ${enteredByToken}, "enteredByLabel" = ${principal.label}, "enteredAt" = now(),
        version = m.version + 1
      FROM sent WHERE m.id = sent.id`;
  }
  await insertRows(
    db,
    "Measurement",
    [
      { name: "kpiId", type: "uuid", values: toCreate.map((row) => row.kpiId) },
      { name: "period", type: "text", values: toCreate.map((row) => row.period) },
      { name: "value", type: "float8", values: toCreate.map((row) => row.value) },
      { name: "note", type: "text", values: toCreate.map((row) => row.note) },
    ],
    {
      id: Prisma.sql`gen_random_uuid()`,
      agencyId: sqlUuid(principal.agencyId),
      source: Prisma.sql`${source}`,
      enteredByUserId,
      enteredByToken,
      enteredByLabel: Prisma.sql`${principal.label}`,
      enteredAt: NOW,
    },
  );
  outcome.changedKpiIds = [...changedKpis];
  return outcome;
}

type CatalogKpi = {
  id: string;
  code: string;
  frequency: "monthly" | "quarterly" | "annual";
  formula: string | null;
  departmentId: string;
  min: number | null;
  max: number | null;
};

/**
 * Checks and stores up to MAX_MEASUREMENTS_PER_REQUEST rows (the API, a CSV upload). Rejected row by row: a row that
 * is not { kpi, period, value, note? }, and whatever checkMeasurementRows refuses. Large batches on a large tree may
 * leave health to the job runner, which is woken after the commit.
 */
export async function recordMeasurementBatch(
  principal: Principal | null | undefined,
  rows: readonly unknown[],
  source: string,
): Promise<MeasurementBatchReport> {
  const caller = requirePermission(principal, "measurement:write");
  if (rows.length > MAX_MEASUREMENTS_PER_REQUEST) {
    throw new ValidationError(`Send at most ${MAX_MEASUREMENTS_PER_REQUEST} measurements per request.`);
  }
  const malformed: RejectedRow[] = [];
  const parsed: MeasurementRow[] = [];
  rows.forEach((row, index) => {
    const result = measurementRowSchema.safeParse(row, { reportInput: true });
    if (result.success) parsed.push({ index, ...result.data });
    else {
      for (const problem of toPathProblems(result.error, `measurements[${index}]`))
        malformed.push({ index, ...problem });
    }
  });
  const { report } = await writeMeasurements(caller, parsed, source, { mode: "batch", malformed, sent: rows.length });
  // After the commit, so that the job runner sees the rows it is woken for.
  if (report.healthPending) await requestHealthRecompute(caller.agencyId);
  return report;
}

type StoredEntry = {
  saved: {
    id: string;
    period: string;
    value: number;
    note: string;
    source: string;
    enteredByLabel: string;
    enteredAt: Date;
    version: number;
  };
  previous: PreviousMeasurement | null;
};

/**
 * The one write path of measurements, however they come (a form, a quick entry, a CSV upload, the API): under the
 * agency lock, check the rows (checkMeasurementRows), store them (storeMeasurementRows), bring stored health up to
 * date (the health service), and audit — one vocabulary: a person's single `entry` is audited as
 * `measurement.create` or `measurement.replace` with the value before and after; a `batch` as one
 * `measurement.batch` with its counts. Nothing that changes nothing is audited. An entry with a refused row stores
 * nothing and throws (`refuse`); a batch stores the rows that pass and reports the others.
 */
export async function writeMeasurements(
  caller: Principal,
  rows: readonly MeasurementRow[],
  source: string,
  options:
    | { mode: "batch"; malformed: readonly RejectedRow[]; sent: number }
    | { mode: "entry"; refuse: (refused: readonly RefusedRow[]) => never },
): Promise<{ report: MeasurementBatchReport; entry: StoredEntry | null }> {
  return getPrisma().$transaction(async (db) => {
    const agency = await lockAgencyRow(db, caller.agencyId);
    const asOf = getTodayUtc();
    const branch = await getBranchDepartmentIds(db, caller);
    const checked = await checkMeasurementRows(db, caller, branch, asOf, rows);
    if (options.mode === "entry" && checked.rejected.length > 0) options.refuse(checked.rejected);
    const accepted = checked.accepted;
    const stored = await storeMeasurementRows(db, caller, accepted, source);
    const isChanged = stored.created + stored.replaced > 0;
    // Public pages show series and notes too, not only health: a changed note alone still moves the data version
    // (the health service's "none"); rows sent again unchanged move nothing. A person's entry is never left to the
    // job runner: they see its health at once.
    const update: HealthUpdate =
      stored.edits.length > 0
        ? {
            kind: "measurements",
            edits: stored.edits,
            kpiIds: stored.changedKpiIds,
            mayDefer: options.mode === "batch",
          }
        : isChanged
          ? { kind: "none" }
          : { kind: "measurements", edits: [], kpiIds: [] };
    const { recomputedNodes, healthPending } = await updateStoredHealth(db, agency, asOf, update);
    // The API reports each refused row by index, path and message (spec/drivertree-format.md): no more.
    const rejected = [
      ...(options.mode === "batch" ? options.malformed : []),
      ...checked.rejected.map(({ index, path, message }) => ({ index, path, message })),
    ].sort((a, b) => a.index - b.index);
    const report: MeasurementBatchReport = {
      accepted: accepted.length,
      rejected,
      created: stored.created,
      replaced: stored.replaced,
      unchanged: stored.unchanged,
      recomputedNodes,
      healthPending,
    };
    if (options.mode === "batch") {
      if (isChanged) {
        const periods = accepted.map((row) => row.period).sort();
        await recordAudit(db, caller, {
          action: "measurement.batch",
          entityType: "measurement",
          entityId: null,
          entityCode: null,
          before: null,
          after: {
            source,
            rows: options.sent,
            accepted: report.accepted,
            created: report.created,
            replaced: report.replaced,
            unchanged: report.unchanged,
            rejected: new Set(rejected.map((row) => row.index)).size,
            healthPending,
            kpis: new Set(accepted.map((row) => row.kpi)).size,
            periods: { first: periods[0] ?? null, last: periods.at(-1) ?? null },
          },
        });
      }
      return { report, entry: null };
    }
    const row = accepted[0]!;
    const saved = await db.measurement.findUniqueOrThrow({
      where: { kpiId_period: { kpiId: row.kpiId, period: row.period } },
      select: {
        id: true,
        period: true,
        value: true,
        note: true,
        source: true,
        enteredByLabel: true,
        enteredAt: true,
        version: true,
      },
    });
    const previous = stored.previous.get(measurementKey(row.kpiId, row.period)) ?? null;
    if (isChanged) {
      await recordAudit(db, caller, {
        action: previous ? "measurement.replace" : "measurement.create",
        entityType: "measurement",
        entityId: saved.id,
        entityCode: `${row.kpi}@${saved.period}`,
        before: previous
          ? { period: previous.period, value: previous.value, note: previous.note, source: previous.source }
          : null,
        after: { period: saved.period, value: saved.value, note: saved.note, source: saved.source },
      });
    }
    return { report, entry: { saved, previous: isChanged ? previous : null } };
  }, BULK_TRANSACTION_OPTIONS);
}

/** A row refused by checkMeasurementRows, and why: a form turns the reason into its own error. */
export type RefusedRow = RejectedRow & {
  reason: "unknownKpi" | "outsideBranch" | "invalid" | "repeated";
  /** For an invalid row: the field of the row that is wrong (kpi, period, value). */
  field?: string;
};

export type MeasurementRow = { index: number; kpi: string; period: string; value: number; note: string };

/**
 * Checks parsed rows against the KPIs they name, for every way values come in (a form, a quick entry, a CSV upload,
 * the API): the KPI exists in the agency, is in the caller's branch (a department head's, a department-scoped
 * token's), takes measurements (not a formula), the period fits its frequency and the value its valid range; a second
 * row for the same KPI and period is refused (the first one counts). The rules concern only each KPI itself: each is
 * checked against a model of just that KPI, so that no write loads the tree for it.
 */
async function checkMeasurementRows(
  db: Tx,
  caller: Principal,
  branch: ReadonlySet<string> | null,
  asOf: string,
  parsed: readonly MeasurementRow[],
): Promise<{ accepted: (MeasurementToStore & { index: number })[]; rejected: RefusedRow[] }> {
  const rejected: RefusedRow[] = [];
  const codes = [...new Set(parsed.map((row) => row.kpi))];
  const catalog = await db.$queryRaw<CatalogKpi[]>`
    SELECT id::text AS id, code, frequency::text AS frequency, formula, "departmentId"::text AS "departmentId",
      "minValue" AS min, "maxValue" AS max
    FROM "Kpi" WHERE "agencyId" = ${caller.agencyId}::uuid AND code = ANY(${codes}::text[])`;
  const kpiByCode = new Map(catalog.map((kpi) => [kpi.code, kpi]));
  // The measurement rules concern only the KPI itself: each is checked against a model of just that KPI.
  const models = new Map<string, HealthModel>();
  const modelOf = (kpi: CatalogKpi) => {
    let model = models.get(kpi.code);
    if (model === undefined) {
      model = createHealthModel({
        plan: { start: asOf, end: asOf },
        kpis: [
          createKpiDefinition({
            code: kpi.code,
            frequency: kpi.frequency,
            formula: kpi.formula,
            min: kpi.min,
            max: kpi.max,
          }),
        ],
      });
      models.set(kpi.code, model);
    }
    return model;
  };
  const firstIndex = new Map<string, number>();
  const accepted: (MeasurementToStore & { index: number })[] = [];
  for (const row of parsed) {
    const path = `measurements[${row.index}]`;
    const kpi = kpiByCode.get(row.kpi);
    if (kpi === undefined) {
      rejected.push({
        index: row.index,
        path: `${path}.kpi`,
        message: `No KPI has the code ${row.kpi}.`,
        reason: "unknownKpi",
      });
      continue;
    }
    if (branch !== null && !branch.has(kpi.departmentId)) {
      rejected.push({
        reason: "outsideBranch",
        index: row.index,
        path: `${path}.kpi`,
        message: `${row.kpi} belongs to a department outside the branch this ${caller.kind === "token" ? "token" : "account"} may enter data for.`,
      });
      continue;
    }
    const check = validateMeasurement(modelOf(kpi), row);
    if (!check.ok) {
      for (const problem of check.problems) {
        rejected.push({
          reason: "invalid",
          field: problem.path,
          index: row.index,
          path: `${path}.${problem.path}`,
          message: problem.message,
        });
      }
      continue;
    }
    const key = measurementKey(row.kpi, row.period);
    const first = firstIndex.get(key);
    if (first !== undefined) {
      rejected.push({
        reason: "repeated",
        index: row.index,
        path,
        message: `measurements[${first}] gives ${row.kpi} for ${row.period} already in this request.`,
      });
      continue;
    }
    firstIndex.set(key, row.index);
    accepted.push({
      index: row.index,
      kpiId: kpi.id,
      kpi: kpi.code,
      period: row.period,
      value: row.value,
      note: row.note,
    });
  }
  return { accepted, rejected };
}

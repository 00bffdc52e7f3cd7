import "server-only";
import { isDeepStrictEqual } from "node:util";
import { Prisma } from "@/lib/generated/prisma/client";
import {
  compareModels,
  recomputeAffected,
  recomputeAll,
  recomputeDifference,
  type HealthModel,
  type MeasurementEdit,
  type NodeId,
  type NodeResult,
} from "@/lib/domain";
import type { Tx } from "./access";
import { markHealthPending } from "./health-refresh";
import {
  loadHealthModel,
  loadModelReachedByMeasurements,
  loadStoredResults,
  replaceAllResults,
  storeResults,
  type AgencyRow,
} from "./health-store";

// The pieces of the bulk write paths — document import and measurement batches — that many rows share: statements
// whose size does not grow with the number of rows (one INSERT … SELECT FROM json_to_recordset(…) per table), the agency lock
// every tree write takes, and one health recomputation per request.

export const BULK_TRANSACTION_OPTIONS = { maxWait: 30_000, timeout: 300_000 } as const;

type SqlType = "uuid" | "text" | "float8" | "int" | "boolean" | "date";

/**
 * One column of rows sent as an array parameter. `cast` turns the text of an enum column into its type; `expression`
 * computes the stored value from the sent one, written with `$` for it (a constant of the code, never input).
 */
export type BulkColumn = {
  name: string;
  type: SqlType;
  values: readonly unknown[];
  cast?: string;
  expression?: string;
};

const quote = (name: string) => Prisma.raw(`"${name}"`);

/**
 * The rows as one JSON text that PostgreSQL takes apart (json_to_recordset): one string parameter, however many rows,
 * is much cheaper to send through the driver than an array parameter per column (tests/bench/api-bench.ts: a batch
 * replacing 10,000 measurements took a median 527 ms with arrays, 389 ms with one JSON text).
 */
function rowSource(columns: readonly BulkColumn[]): Prisma.Sql {
  const count = columns[0]?.values.length ?? 0;
  const rows = Array.from({ length: count }, (_, row) =>
    Object.fromEntries(columns.map((column, index) => [`c${index}`, column.values[row] ?? null])),
  );
  const names = columns.map((column, index) => Prisma.raw(`c${index} ${column.type}`));
  return Prisma.sql`json_to_recordset(${JSON.stringify(rows)}::json) AS t(${Prisma.join(names)})`;
}

function columnValue(column: BulkColumn, index: number): Prisma.Sql {
  const value = column.cast ? `t.c${index}::"${column.cast}"` : `t.c${index}`;
  return Prisma.raw(column.expression ? column.expression.replaceAll("$", value) : value);
}

/** Rows created together keep the order they were sent in: creation times a millisecond apart, in that order. */
export const inSendingOrder = (count: number): BulkColumn => ({
  name: "createdAt",
  type: "int",
  values: Array.from({ length: count }, (_, index) => index),
  expression: "now() + $ * interval '1 millisecond'",
});

/**
 * INSERT INTO table (columns…, constants…) SELECT … FROM json_to_recordset(…): any number of rows in one statement.
 * `constants` are SQL expressions every row gets (the agency id, now()).
 */
export async function insertRows(
  db: Tx,
  table: string,
  columns: readonly BulkColumn[],
  constants: Record<string, Prisma.Sql> = {},
  suffix: Prisma.Sql = Prisma.empty,
): Promise<number> {
  if ((columns[0]?.values.length ?? 0) === 0) return 0;
  const names = [...columns.map((column) => quote(column.name)), ...Object.keys(constants).map(quote)];
  const values = [...columns.map(columnValue), ...Object.values(constants)];
  return db.$executeRaw`INSERT INTO ${quote(table)} (${Prisma.join(names)})
    SELECT ${Prisma.join(values)} FROM ${rowSource(columns)} ${suffix}`;
}

/** UPDATE table SET column = row value … FROM json_to_recordset(…) WHERE id = row id: any number of rows in one statement. */
export async function updateRows(
  db: Tx,
  table: string,
  ids: readonly string[],
  columns: readonly BulkColumn[],
  constants: Record<string, Prisma.Sql> = {},
): Promise<number> {
  if (ids.length === 0) return 0;
  const all: BulkColumn[] = [{ name: "id", type: "uuid", values: ids }, ...columns];
  const assignments = [
    ...columns.map((column, index) => Prisma.sql`${quote(column.name)} = ${columnValue(column, index + 1)}`),
    ...Object.entries(constants).map(([name, value]) => Prisma.sql`${quote(name)} = ${value}`),
  ];
  return db.$executeRaw`UPDATE ${quote(table)} AS r SET ${Prisma.join(assignments)}
    FROM ${rowSource(all)} WHERE r.id = t.c0`;
}

export const NOW = Prisma.sql`now()`;
export const sqlUuid = (id: string) => Prisma.sql`${id}::uuid`;

export type HealthAfterMeasurements = {
  recomputedNodes: number;
  /** True when the recomputation was left to the job runner (the agency is marked, see markHealthPending). */
  healthPending: boolean;
};

/**
 * Stores new health after measurements changed, once for the whole request (spec/health.md: recompute only what a
 * change reaches). Stored health for another date is recomputed in full, and so is a change to many KPIs at once: it
 * reaches most of the tree anyway, and loading the reached part and merging then costs more than recomputing all.
 * The reached part is read after the write, as runTreeWrite does for measurement writes: setting measurements is
 * idempotent on the model, so the tree after the write with the change applied again is the tree after it.
 *
 * A batch that changes many KPIs of a large tree is not recomputed here: that takes seconds, and a feed sending
 * batch after batch would wait for each. The agency is marked pending in this transaction and the job runner
 * recomputes it once for the whole burst (lib/jobs/health-jobs.ts); the caller wakes it after the commit.
 */
export async function recomputeAfterMeasurements(
  db: Tx,
  agency: AgencyRow,
  edits: readonly MeasurementEdit[],
  measuredKpiIds: readonly string[],
  asOf: string,
  options: { mayDefer: boolean } = { mayDefer: false },
): Promise<HealthAfterMeasurements> {
  if (edits.length === 0) return { recomputedNodes: 0, healthPending: false };
  const isStoredForToday = agency.healthAsOf?.toISOString().slice(0, 10) === asOf;
  const [{ kpis }] = await db.$queryRaw<[{ kpis: number }]>`
    SELECT count(*)::int AS kpis FROM "Kpi" WHERE "agencyId" = ${agency.id}::uuid`;
  if (options.mayDefer && isDeferred(measuredKpiIds.length, kpis)) {
    await markHealthPending(db, agency.id);
    return { recomputedNodes: 0, healthPending: true };
  }
  if (!isStoredForToday || measuredKpiIds.length >= kpis * FULL_RECOMPUTE_SHARE) {
    return { recomputedNodes: await recomputeAllHealth(db, agency, asOf), healthPending: false };
  }
  const model = await loadModelReachedByMeasurements(db, agency, measuredKpiIds, asOf);
  const previous = await loadStoredResults(db, agency.id, model);
  const recomputation = recomputeAffected(model, previous, { type: "measurements", measurements: edits }, asOf);
  // A batch reaches many nodes whose numbers do not move (a corrected old period, a value sent again): only the
  // results that differ from the stored ones are written.
  const toStore: [NodeId, NodeResult][] = [...recomputation.results].filter(
    ([id, result]) => !isDeepStrictEqual(previous.get(id), JSON.parse(JSON.stringify(result))),
  );
  await storeResults(db, agency.id, toStore, asOf, recomputation.removed);
  return { recomputedNodes: recomputation.results.size, healthPending: false };
}

/**
 * Whether a batch's recomputation goes to the job runner: when it changes the values of at least
 * DEFERRED_RECOMPUTE_MIN_KPIS KPIs of an agency with at least DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS. Below that, the
 * request recomputes before it answers: what a small batch reaches, or a small tree in full, is quick to recompute.
 * So a person's entries and a department's monthly upload always see their health at once.
 */
export function isDeferred(changedKpis: number, agencyKpis: number): boolean {
  return changedKpis >= DEFERRED_RECOMPUTE_MIN_KPIS && agencyKpis >= DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS;
}

export const DEFERRED_RECOMPUTE_MIN_KPIS = 200;
export const DEFERRED_RECOMPUTE_MIN_AGENCY_KPIS = 1_000;

/**
 * The share of an agency's KPIs whose values one request changes from which everything is recomputed. A heuristic:
 * in tests/bench/api-bench.ts, values of 8% of the synthetic agency's KPIs already reach most of its tree.
 */
export const FULL_RECOMPUTE_SHARE = 0.25;

/**
 * Recomputes and stores what a write of many changes at once (an import, a starter template) reaches, from what the
 * database holds now; `before` is the agency's model as loaded before the write, whose stored results (for `asOf`)
 * equal its full recomputation. lib/domain compares the two models and names the nodes to recompute and the stored
 * results it reads: a template's few hundred new nodes beside a large tree cost what they reach, not the tree.
 */
export async function recomputeHealthSince(
  db: Tx,
  agency: AgencyRow,
  before: HealthModel,
  asOf: string,
): Promise<number> {
  const after = await loadHealthModel(db, agency);
  const difference = compareModels(before, after, asOf);
  if (difference.isEverything) return replaceAllResults(db, agency.id, recomputeAll(after, asOf), asOf);
  const previous = await loadStoredResults(db, agency.id, difference.reads);
  const recomputation = recomputeDifference(difference, previous);
  await storeResults(db, agency.id, recomputation.results, asOf, recomputation.removed);
  return recomputation.results.size;
}

/** Recomputes and stores every node of the agency as of `asOf`, from what the database holds now. */
export async function recomputeAllHealth(db: Tx, agency: AgencyRow, asOf: string): Promise<number> {
  const model = await loadHealthModel(db, agency);
  return replaceAllResults(db, agency.id, recomputeAll(model, asOf), asOf);
}

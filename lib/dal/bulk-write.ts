import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./access";

// The pieces of the bulk write paths — document import and measurement batches — that many rows share: statements
// whose size does not grow with the number of rows (one INSERT … SELECT FROM json_to_recordset(…) per table), the agency lock
// every tree write takes. Health after them is the health service's (lib/dal/health/service.ts).

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

// Measurements as CSV (columns kpi, period, value, note): reading an uploaded file row by row with the checks of
// POST /api/v1/measurements, so that the upload page can show each row as valid or with its error before anything is
// stored (writing CSV is lib/csv.ts). Pure and free of server code: the upload page runs it in the browser while it
// streams a file; the server checks every row again when the rows are sent.
//
// Parsing is Papa Parse's (RFC 4180 quoting, quoted line breaks, and chunked reading of a File in the browser).

import Papa from "papaparse";
import {
  createHealthModel,
  createKpiDefinition,
  validateMeasurement,
  type Frequency,
  type HealthModel,
} from "@/lib/domain";
import { measurementRowSchema } from "@/lib/validation/api";

export const CSV_COLUMNS = ["kpi", "period", "value", "note"] as const;
export type CsvColumnName = (typeof CSV_COLUMNS)[number];
export type CsvColumns = Record<Exclude<CsvColumnName, "note">, number> & { note: number | null };

export type CsvMeasurement = { kpi: string; period: string; value: number; note: string };

/** A row's outcome; `column` names where its problem is ("" for the row as a whole). */
export type CsvRowCheck = { ok: true; measurement: CsvMeasurement } | { ok: false; column: string; message: string };

/** Spreadsheet row numbers: the header is row 1, so the first data row is row 2. */
export const toSheetRow = (dataIndex: number) => dataIndex + 2;

/** Finds the columns by their header (any order, any case; other columns are ignored). */
export function readCsvHeader(
  fields: readonly string[],
): { ok: true; columns: CsvColumns } | { ok: false; message: string } {
  const names = fields.map((field, index) => (index === 0 ? field.replace(/^\uFEFF/, "") : field).trim().toLowerCase());
  const find = (name: CsvColumnName) => {
    const index = names.indexOf(name);
    return index < 0 ? null : index;
  };
  const kpi = find("kpi");
  const period = find("period");
  const value = find("value");
  const missing = (["kpi", "period", "value"] as const).filter((name) => find(name) === null);
  if (kpi === null || period === null || value === null) {
    return {
      ok: false,
      message: `The first row must name the columns kpi, period, value and (optionally) note; ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} missing.`,
    };
  }
  return { ok: true, columns: { kpi, period, value, note: find("note") } };
}

const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;

/** A cell as a number: plain or with thousands separators ("1,234.5"); anything else is not a number. */
export function readCsvNumber(text: string): number | null {
  const trimmed = text.trim();
  if (PLAIN_NUMBER.test(trimmed)) return Number(trimmed);
  if (GROUPED_NUMBER.test(trimmed)) return Number(trimmed.replace(/,/g, ""));
  return null;
}

/** One data row: its shape (the API's measurement schema), before anything about the KPI is known. */
export function readCsvRow(fields: readonly string[], columns: CsvColumns): CsvRowCheck {
  const cell = (index: number | null) => (index === null ? "" : (fields[index] ?? ""));
  const valueText = cell(columns.value);
  if (valueText.trim() === "") return { ok: false, column: "value", message: "The value is missing." };
  const value = readCsvNumber(valueText);
  if (value === null || !Number.isFinite(value)) {
    return { ok: false, column: "value", message: `${JSON.stringify(valueText.slice(0, 40))} is not a number.` };
  }
  const parsed = measurementRowSchema.safeParse({
    kpi: cell(columns.kpi),
    period: cell(columns.period),
    value,
    note: cell(columns.note),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const column = typeof issue?.path[0] === "string" ? issue.path[0] : "";
    return { ok: false, column, message: issue?.message ?? "This row is not a measurement." };
  }
  return { ok: true, measurement: parsed.data };
}

/** A KPI as the rows are checked against it: `min` and `max` its valid range (null = no bound on that side). */
export type CsvKpi = {
  code: string;
  frequency: Frequency;
  formula: string | null;
  min: number | null;
  max: number | null;
};

/**
 * The KPIs the uploader may enter data for, each as a model of just that KPI: the measurement rules of
 * spec/health.md concern only the KPI itself (lib/domain's validateMeasurement).
 */
export class CsvCatalog {
  private readonly models = new Map<string, HealthModel>();

  constructor(kpis: readonly CsvKpi[]) {
    for (const kpi of kpis) {
      this.models.set(
        kpi.code,
        createHealthModel({
          plan: { start: "2000-01-01", end: "2000-12-31" },
          kpis: [
            createKpiDefinition({
              code: kpi.code,
              frequency: kpi.frequency,
              formula: kpi.formula,
              min: kpi.min,
              max: kpi.max,
            }),
          ],
        }),
      );
    }
  }

  check(measurement: CsvMeasurement): CsvRowCheck {
    const model = this.models.get(measurement.kpi);
    if (model === undefined) {
      return { ok: false, column: "kpi", message: `No KPI you may enter data for has the code ${measurement.kpi}.` };
    }
    const result = validateMeasurement(model, measurement);
    if (!result.ok) return { ok: false, column: result.path, message: result.message };
    return { ok: true, measurement };
  }
}

/**
 * Checks the rows of one file in order: shape, then the KPI's rules, then that no earlier row gave the same KPI and
 * period (the first one counts, as in the API). Keeps only the keys it has seen, so a large file streams through.
 */
export class CsvRowChecker {
  private readonly firstRowOf = new Map<string, number>();

  constructor(
    private readonly columns: CsvColumns,
    private readonly catalog: CsvCatalog,
  ) {}

  check(fields: readonly string[], sheetRow: number): CsvRowCheck {
    const shape = readCsvRow(fields, this.columns);
    if (!shape.ok) return shape;
    const rules = this.catalog.check(shape.measurement);
    if (!rules.ok) return rules;
    const key = `${shape.measurement.kpi}\u0000${shape.measurement.period}`;
    const first = this.firstRowOf.get(key);
    if (first !== undefined) {
      return {
        ok: false,
        column: "",
        message: `Row ${first} gives ${shape.measurement.kpi} for ${shape.measurement.period} already.`,
      };
    }
    this.firstRowOf.set(key, sheetRow);
    return shape;
  }
}

export type CsvFileCheck =
  { ok: false; message: string } | { ok: true; rows: { row: number; fields: string[]; check: CsvRowCheck }[] };

/** Reads a whole CSV text at once (small files, the server, tests); the upload page streams instead. */
export function checkMeasurementCsv(text: string, catalog: CsvCatalog): CsvFileCheck {
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: "greedy" });
  const [header, ...data] = parsed.data;
  if (header === undefined) return { ok: false, message: "The file is empty." };
  const found = readCsvHeader(header);
  if (!found.ok) return found;
  const checker = new CsvRowChecker(found.columns, catalog);
  return {
    ok: true,
    rows: data.map((fields, index) => ({
      row: toSheetRow(index),
      fields,
      check: checker.check(fields, toSheetRow(index)),
    })),
  };
}

import "server-only";
import ExcelJS from "exceljs";
import type { CellValue, DataValidation, Worksheet } from "exceljs";
import {
  aggregationSchema,
  directionSchema,
  frequencySchema,
  indicatorSchema,
  ipoSchema,
  keyResultKindSchema,
  polaritySchema,
  zoneSchema,
} from "@/lib/validation/fields";
import {
  DOCUMENT_FORMAT,
  documentKpiSchema,
  type DocumentObjectiveInput,
  type DriverTreeDocumentInput,
} from "@/lib/validation/document";
import { ValidationError } from "@/lib/errors";
import { toIsoDate } from "@/lib/dates";
import type { DocumentProblem } from "./check-document";
import type { LocatedProblem, SheetLocation } from "./sheet-location";

// The drivertree/v1 document as a spreadsheet (.xlsx): one sheet per kind of object, one header row naming the
// document's own fields, one row per object. Export writes this layout and import reads it back, so that export →
// edit → import round-trips. Reading a workbook gives the document (handed to the same checker as a JSON import)
// and where each of its objects came from, so that every problem the checker reports at a JSON path
// ("kpis[3].frequency") is shown where the officer typed it ("KPIs sheet, row 5, column frequency").
//
// Server only: exceljs is large, and files are read on the server, never in the browser.

export const SHEET_NAMES = [
  "Agency",
  "Plan",
  "Departments",
  "KPIs",
  "Links",
  "Objectives",
  "Key results",
  "Targets",
  "Measurements",
] as const;
export type SheetName = (typeof SHEET_NAMES)[number];
const README_SHEET = "README";

/** How a column's cells are read: what a typed value becomes in the document. */
type CellKind = "text" | "number" | "boolean" | "date" | "period" | "any";

type ColumnSpec = { field: string; kind: CellKind; help: string; choices?: readonly string[] };

const BOOLEAN_HELP = "TRUE or FALSE; empty: FALSE.";

const THRESHOLD_COLUMNS: ColumnSpec[] = [
  { field: "thresholds.onTrack", kind: "number", help: "Health at or above which a node is on track (0–1)." },
  { field: "thresholds.atRisk", kind: "number", help: "Health at or above which a node is at risk (0–1)." },
];

/** The KPI's columns, in the order of the document's fields; `targets` have a sheet of their own. */
const KPI_COLUMN_SPECS: Record<string, ColumnSpec | ColumnSpec[] | null> = {
  code: { field: "code", kind: "text", help: "Unique among the agency's KPIs, e.g. permits.median_days." },
  name: { field: "name", kind: "text", help: "Required." },
  unit: { field: "unit", kind: "text", help: "e.g. days, %, USD; empty: none." },
  ipo: { field: "ipo", kind: "text", help: "Required: input, process or outcome.", choices: ipoSchema.options },
  indicator: {
    field: "indicator",
    kind: "text",
    help: "leading or lagging; empty: lagging.",
    choices: indicatorSchema.options,
  },
  direction: {
    field: "direction",
    kind: "text",
    help: "Required: increase, decrease or maintain.",
    choices: directionSchema.options,
  },
  frequency: {
    field: "frequency",
    kind: "text",
    help: "Required: monthly, quarterly or annual.",
    choices: frequencySchema.options,
  },
  aggregation: {
    field: "aggregation",
    kind: "text",
    help: "sum, avg or last; empty: last.",
    choices: aggregationSchema.options,
  },
  department: { field: "department", kind: "text", help: "Required: the owning department's code." },
  baseline: { field: "baseline", kind: "number", help: "Empty: none." },
  target: { field: "target", kind: "number", help: "The default target; empty: none." },
  targets: null,
  tolerance: { field: "tolerance", kind: "number", help: "For maintain KPIs, in the KPI's unit; empty: 0." },
  thresholds: THRESHOLD_COLUMNS.map((column) => ({
    ...column,
    help: `${column.help} Overrides the agency's for this KPI; empty: the agency's.`,
  })),
  formula: { field: "formula", kind: "text", help: "An expression over other KPIs' codes; empty: none." },
  lagDays: { field: "lagDays", kind: "number", help: "Days after a period ends until its value is due; empty: 30." },
  published: { field: "published", kind: "boolean", help: BOOLEAN_HELP },
  description: { field: "description", kind: "text", help: "How it is measured; empty: none." },
  min: { field: "min", kind: "number", help: "The lowest valid value (inclusive); empty: none." },
  max: { field: "max", kind: "number", help: "The highest valid value (inclusive); empty: none." },
};

/** Every field of the document's KPI has a column: one added to the schema later is read as it is typed. */
function listKpiColumns(): ColumnSpec[] {
  return Object.keys(documentKpiSchema.shape).flatMap((field) => {
    const spec = KPI_COLUMN_SPECS[field];
    if (spec === null) return [];
    if (spec === undefined) return [{ field, kind: "any" as const, help: "See the drivertree/v1 format." }];
    return Array.isArray(spec) ? spec : [spec];
  });
}

type SheetSpec = { name: SheetName; help: string; columns: ColumnSpec[] };

const SHEETS: readonly SheetSpec[] = [
  {
    name: "Agency",
    help: "One row: the agency's settings (import updates them).",
    columns: [
      { field: "name", kind: "text", help: "The agency's name." },
      { field: "slug", kind: "text", help: "Written by export; import ignores it." },
      { field: "fiscalYearStartMonth", kind: "number", help: "1–12; empty: 1 (January)." },
      ...THRESHOLD_COLUMNS,
    ],
  },
  {
    name: "Plan",
    help: "One row: the plan the objectives belong to.",
    columns: [
      { field: "code", kind: "text", help: "The plan's code, e.g. CBP-2026." },
      { field: "name", kind: "text", help: "The plan's name." },
      { field: "start", kind: "date", help: "YYYY-MM-DD: the default start date of every key result." },
      { field: "end", kind: "date", help: "YYYY-MM-DD: the default due date of every key result." },
    ],
  },
  {
    name: "Departments",
    help: "The departments the rows name. Import creates those that are new and renames those that changed.",
    columns: [
      { field: "code", kind: "text", help: "The department's code." },
      { field: "name", kind: "text", help: "Required." },
      { field: "parent", kind: "text", help: "The parent department's code; empty: none." },
    ],
  },
  { name: "KPIs", help: "One row per KPI; per-period targets are on the Targets sheet.", columns: listKpiColumns() },
  {
    name: "Links",
    help: "Driver links: the KPI in from drives the KPI in to (input → process → outcome).",
    columns: [
      { field: "from", kind: "text", help: "The driver KPI's code." },
      { field: "to", kind: "text", help: "The code of the KPI it drives." },
      { field: "weight", kind: "number", help: "Greater than 0; empty: 1." },
      {
        field: "polarity",
        kind: "text",
        help: "positive or negative; empty: positive.",
        choices: polaritySchema.options,
      },
    ],
  },
  {
    name: "Objectives",
    help: "One row per objective, parents before or after children.",
    columns: [
      { field: "code", kind: "text", help: "Unique among the agency's objectives." },
      { field: "title", kind: "text", help: "Required." },
      { field: "description", kind: "text", help: "Empty: none." },
      { field: "department", kind: "text", help: "The owning department's code; empty: none." },
      { field: "parent", kind: "text", help: "The parent objective's code; empty: a top-level objective." },
      { field: "weight", kind: "number", help: "Greater than 0; empty: 1." },
      { field: "published", kind: "boolean", help: BOOLEAN_HELP },
    ],
  },
  {
    name: "Key results",
    help: "One row per key result, in their order under each objective.",
    columns: [
      { field: "objective", kind: "text", help: "The code of its objective, on the Objectives sheet." },
      { field: "code", kind: "text", help: "Unique among the agency's key results." },
      { field: "title", kind: "text", help: "Required." },
      {
        field: "kind",
        kind: "text",
        help: "metric, milestone or qualitative; empty: metric.",
        choices: keyResultKindSchema.options,
      },
      { field: "kpi", kind: "text", help: "metric: the tracked KPI's code (required)." },
      { field: "start", kind: "number", help: "metric: the start value; empty: the KPI's baseline." },
      { field: "target", kind: "number", help: "metric: the target value (required)." },
      { field: "startDate", kind: "date", help: "YYYY-MM-DD; empty: the plan's start." },
      { field: "dueDate", kind: "date", help: "YYYY-MM-DD; empty: the plan's end." },
      { field: "weight", kind: "number", help: "Greater than 0; empty: 1." },
      { field: "progress", kind: "number", help: "milestone: the progress, 0–1; empty: 0." },
      {
        field: "zone",
        kind: "text",
        help: "qualitative: fail, commit, target or stretch; empty: no data yet.",
        choices: zoneSchema.options,
      },
      { field: "narrative", kind: "text", help: "Empty: none." },
      { field: "published", kind: "boolean", help: BOOLEAN_HELP },
    ],
  },
  {
    name: "Targets",
    help: "Per-period targets of the KPIs on the KPIs sheet; they replace each listed KPI's stored ones.",
    columns: [
      { field: "kpi", kind: "text", help: "The KPI's code, on the KPIs sheet." },
      { field: "period", kind: "period", help: "A period of the KPI's frequency: 2026-06, 2026-Q4 or 2026." },
      { field: "value", kind: "number", help: "The target for that period." },
    ],
  },
  {
    name: "Measurements",
    help: "Values of KPIs; a stored value for the same KPI and period is replaced (and kept in its history).",
    columns: [
      { field: "kpi", kind: "text", help: "The KPI's code." },
      { field: "period", kind: "period", help: "A period of the KPI's frequency: 2026-06, 2026-Q4 or 2026." },
      { field: "value", kind: "number", help: "A number." },
      { field: "note", kind: "text", help: "Empty: none." },
    ],
  },
];

const SHEET_BY_NAME = new Map(SHEETS.map((sheet) => [sheet.name, sheet]));
function sheetSpec(name: SheetName): SheetSpec {
  return SHEET_BY_NAME.get(name) as SheetSpec;
}

// ── Document → workbook ──────────────────────────────────────────────────────────────────────────────────────────

type Row = Record<string, unknown>;

/** Reads a dotted field ("thresholds.onTrack") of an object. */
function readField(object: Row, field: string): unknown {
  let value: unknown = object;
  for (const key of field.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Row)[key];
  }
  return value;
}

function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return JSON.stringify(value);
}

/** Objectives flat, parents first, each with its parent's code (a document may nest them in `children`). */
function flattenObjectives(
  objectives: readonly DocumentObjectiveInput[],
  parent: string | null = null,
): DocumentObjectiveInput[] {
  return objectives.flatMap((objective) => {
    const { children, ...own } = objective;
    const flat = { ...own, parent: own.parent === undefined ? parent : own.parent };
    return [flat, ...flattenObjectives(children ?? [], own.code)];
  });
}

function rowsOf(document: DriverTreeDocumentInput | null): Record<SheetName, Row[]> {
  if (document === null) {
    return Object.fromEntries(SHEET_NAMES.map((name) => [name, []])) as unknown as Record<SheetName, Row[]>;
  }
  const objectives = flattenObjectives(document.objectives);
  return {
    Agency: [document.agency as Row],
    Plan: [document.plan as Row],
    Departments: document.departments as Row[],
    KPIs: document.kpis as Row[],
    Links: document.links as Row[],
    Objectives: objectives as Row[],
    "Key results": objectives.flatMap((objective) =>
      (objective.keyResults ?? []).map((keyResult) => ({ objective: objective.code, ...keyResult })),
    ),
    Targets: document.kpis.flatMap((kpi) =>
      Object.entries(kpi.targets ?? {}).map(([period, value]) => ({ kpi: kpi.code, period, value })),
    ),
    Measurements: (document.measurements ?? []) as Row[],
  };
}

/** Rows below the data that keep the choice lists, so that rows added by hand get them too. */
const VALIDATED_SPARE_ROWS = 1000;

function columnLetter(index: number): string {
  let letter = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letter = String.fromCharCode(65 + ((n - 1) % 26)) + letter;
  return letter;
}

/**
 * The workbook of a document: a README sheet, then one sheet per kind with a header row of field names. Without a
 * document, the blank workbook: the same sheets with headers only.
 */
export function buildWorkbook(document: DriverTreeDocumentInput | null): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Throughline";
  addReadme(workbook);
  const rows = rowsOf(document);
  for (const spec of SHEETS) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = spec.columns.map((column) => ({
      header: column.field,
      key: column.field,
      width: Math.max(12, column.field.length + 2),
      // Text columns stay text when typed into: "2026-06" must not become a date, nor "007" the number 7.
      style: column.kind === "text" || column.kind === "period" ? { numFmt: "@" } : {},
    }));
    sheet.getRow(1).font = { bold: true };
    for (const row of rows[spec.name]) {
      sheet.addRow(spec.columns.map((column) => toCellValue(readField(row, column.field))));
    }
    const lastRow = rows[spec.name].length + 1 + VALIDATED_SPARE_ROWS;
    spec.columns.forEach((column, index) => {
      if (column.choices === undefined) return;
      const letter = columnLetter(index);
      withDataValidations(sheet).dataValidations.add(`${letter}2:${letter}${lastRow}`, {
        type: "list",
        allowBlank: true,
        formulae: [`"${column.choices.join(",")}"`],
        showErrorMessage: true,
        errorTitle: column.field,
        error: `Choose ${column.choices.join(", ")}.`,
      });
    });
  }
  return workbook;
}

/** exceljs validates ranges of cells (worksheet.dataValidations, since 4.0) but its type declarations omit it. */
function withDataValidations(sheet: Worksheet) {
  return sheet as Worksheet & { dataValidations: { add(range: string, validation: DataValidation): void } };
}

function addReadme(workbook: ExcelJS.Workbook): void {
  const sheet = workbook.addWorksheet(README_SHEET);
  sheet.columns = [
    { header: "sheet", key: "sheet", width: 16 },
    { header: "column", key: "column", width: 22 },
    { header: "what it holds", key: "help", width: 100 },
  ];
  sheet.getRow(1).font = { bold: true };
  sheet.addRow([
    "",
    "",
    `A ${DOCUMENT_FORMAT} document as a workbook. Import upserts by code: a row replaces the stored object of the ` +
      "same code whole (an empty cell takes the default), and nothing absent is deleted. Every problem is listed " +
      "with its sheet, row and column, and nothing is imported until there are none.",
  ]);
  for (const spec of SHEETS) {
    sheet.addRow([spec.name, "", spec.help]);
    for (const column of spec.columns) sheet.addRow([spec.name, column.field, column.help]);
  }
}

export async function writeWorkbook(document: DriverTreeDocumentInput | null): Promise<Uint8Array> {
  const buffer = await buildWorkbook(document).xlsx.writeBuffer();
  return new Uint8Array(buffer as ArrayBuffer);
}

// ── Workbook → document ──────────────────────────────────────────────────────────────────────────────────────────

/** Where each object of the document read from a workbook came from: sheet rows by JSON path, and the headers. */
export interface WorkbookLocations {
  /** Each sheet's header names by column (A, B, …). */
  headers: Partial<Record<SheetName, string[]>>;
  agency: number | null;
  plan: number | null;
  departments: number[];
  kpis: number[];
  links: number[];
  objectives: number[];
  /** By objective index, then key result index. */
  keyResults: number[][];
  /** By KPI index, then period. */
  targets: Record<number, Record<string, number>>;
  measurements: number[];
}

export type WorkbookRead = {
  /** The document to check, as a JSON import would send it. */
  document: Record<string, unknown>;
  locations: WorkbookLocations;
  /** Problems of the workbook itself (unknown columns, unreadable cells, rows naming what is not there). */
  problems: LocatedProblem[];
};

const ISO_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** What a cell holds, before its column's kind decides: a formula gives its computed result. */
function plainValue(value: CellValue): { value: string | number | boolean | Date | undefined; error?: string } {
  if (value === null || value === undefined) return { value: undefined };
  if (typeof value === "string") return { value: value.trim() === "" ? undefined : value.trim() };
  if (typeof value === "number" || typeof value === "boolean" || value instanceof Date) return { value };
  if ("error" in value) return { value: undefined, error: `The cell holds the error ${value.error}: enter a value.` };
  if ("richText" in value) return plainValue(value.richText.map((part) => part.text).join(""));
  if ("formula" in value || "sharedFormula" in value) {
    const result = (value as { result?: CellValue }).result;
    if (result === undefined) return { value: undefined, error: "The formula has no computed value: enter the value." };
    return plainValue(result);
  }
  if ("text" in value) return plainValue((value as { text: CellValue }).text);
  return { value: undefined, error: "This cell's content cannot be read: enter a plain value." };
}

/** A cell's value in the document: numbers where the document has numbers, and the text as typed otherwise. */
function readCell(value: CellValue, kind: CellKind): { value?: unknown; error?: string } {
  const plain = plainValue(value);
  if (plain.error !== undefined || plain.value === undefined) return plain;
  const cell = plain.value;
  switch (kind) {
    case "text":
      return { value: cell instanceof Date ? toIsoDate(cell) : String(cell) };
    case "number":
      if (typeof cell === "string" && ISO_NUMBER.test(cell)) return { value: Number(cell) };
      // Anything else is passed on as it is, for the checker to refuse with its own message.
      return { value: cell instanceof Date ? toIsoDate(cell) : cell };
    case "boolean":
      if (typeof cell === "string" && /^(true|yes)$/i.test(cell)) return { value: true };
      if (typeof cell === "string" && /^(false|no)$/i.test(cell)) return { value: false };
      return { value: cell instanceof Date ? toIsoDate(cell) : cell };
    case "date":
      return { value: cell instanceof Date ? toIsoDate(cell) : String(cell) };
    case "period":
      // A spreadsheet program turns a typed "2026-06" into a date: the month is what was meant.
      return { value: cell instanceof Date ? toIsoDate(cell).slice(0, 7) : String(cell) };
    case "any":
      return { value: cell instanceof Date ? toIsoDate(cell) : cell };
  }
}

function writeField(object: Row, field: string, value: unknown): void {
  const keys = field.split(".");
  let at = object;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Row;
  at[keys[keys.length - 1] as string] = value;
}

type SheetRow = { row: number; object: Row };

function findSheet(workbook: ExcelJS.Workbook, name: string): Worksheet | undefined {
  const wanted = name.toLowerCase();
  return workbook.worksheets.find((sheet) => sheet.name.trim().toLowerCase() === wanted);
}

function readSheet(
  workbook: ExcelJS.Workbook,
  spec: SheetSpec,
  locations: WorkbookLocations,
  problems: LocatedProblem[],
): SheetRow[] {
  const sheet = findSheet(workbook, spec.name);
  if (sheet === undefined) return [];
  const columnsByField = new Map(spec.columns.map((column) => [column.field, column]));
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  const columns: { index: number; column: ColumnSpec }[] = [];
  const seen = new Map<string, string>();
  for (let index = 0; index < Math.max(headerRow.cellCount, 0); index++) {
    const header = plainValue(headerRow.getCell(index + 1).value).value;
    const name = header === undefined ? "" : String(header);
    headers.push(name);
    if (name === "") continue;
    const at = { sheet: spec.name, row: 1, column: name, cell: `${columnLetter(index)}1` };
    const column = columnsByField.get(name);
    if (column === undefined) {
      problems.push({
        path: "",
        message: `${name} is not a column of the ${spec.name} sheet (see the README sheet).`,
        location: at,
      });
    } else if (seen.has(name)) {
      problems.push({ path: "", message: `The column ${name} is here already, in ${seen.get(name)}.`, location: at });
    } else {
      seen.set(name, `column ${columnLetter(index)}`);
      columns.push({ index, column });
    }
  }
  locations.headers[spec.name] = headers;

  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const object: Row = {};
    let isEmpty = true;
    for (const { index, column } of columns) {
      const read = readCell(row.getCell(index + 1).value, column.kind);
      if (read.error !== undefined) {
        isEmpty = false;
        problems.push({
          path: "",
          message: read.error,
          location: {
            sheet: spec.name,
            row: rowNumber,
            column: column.field,
            cell: `${columnLetter(index)}${rowNumber}`,
          },
        });
      } else if (read.value !== undefined) {
        isEmpty = false;
        writeField(object, column.field, read.value);
      }
    }
    if (!isEmpty) rows.push({ row: rowNumber, object });
  });
  return rows;
}

/**
 * The most a workbook may hold once unzipped. A workbook is read whole into memory, at some fifteen times the size of
 * its XML: this keeps one upload from exhausting the server's memory, whatever its compressed size (a "zip bomb").
 * About half a million rows.
 */
export const MAX_WORKBOOK_UNZIPPED_BYTES = 64 * 1024 * 1024;

/**
 * The total unzipped size the zip's central directory declares, or null when it cannot be read (not a zip, or a
 * ZIP64 archive, which no spreadsheet of an allowed size needs).
 */
export function readUnzippedSize(bytes: Uint8Array): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end of central directory record: 22 bytes, then a comment of up to 65,535.
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    const entries = view.getUint16(at + 10, true);
    let entry = view.getUint32(at + 16, true);
    let total = 0;
    for (let index = 0; index < entries; index++) {
      if (entry + 46 > bytes.length || view.getUint32(entry, true) !== 0x02014b50) return null;
      const size = view.getUint32(entry + 24, true);
      if (size === 0xffffffff) return null;
      total += size;
      entry +=
        46 + view.getUint16(entry + 28, true) + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
    }
    return total;
  }
  return null;
}

/** Reads a workbook of the layout `buildWorkbook` writes into a document to check, remembering every row. */
export async function readWorkbook(bytes: Uint8Array): Promise<WorkbookRead> {
  const unzipped = readUnzippedSize(bytes);
  if (unzipped === null) throw new ValidationError("The file is not an .xlsx workbook: save it as one again.");
  if (unzipped > MAX_WORKBOOK_UNZIPPED_BYTES) {
    throw new ValidationError(
      `The workbook holds more than ${MAX_WORKBOOK_UNZIPPED_BYTES / (1024 * 1024)} MB of data once unzipped, ` +
        "the most an import reads: split it, or import the largest sheets as a JSON document through the API.",
    );
  }
  const workbook = new ExcelJS.Workbook();
  // exceljs's types name Node's Buffer; a Uint8Array is what it reads.
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const problems: LocatedProblem[] = [];
  const locations: WorkbookLocations = {
    headers: {},
    agency: null,
    plan: null,
    departments: [],
    kpis: [],
    links: [],
    objectives: [],
    keyResults: [],
    targets: {},
    measurements: [],
  };
  const known = new Set<string>([...SHEET_NAMES, README_SHEET].map((name) => name.toLowerCase()));
  for (const sheet of workbook.worksheets) {
    if (!known.has(sheet.name.trim().toLowerCase())) {
      problems.push({
        path: "",
        message: `The sheet ${sheet.name} is not one of ${SHEET_NAMES.join(", ")}: rename or remove it.`,
        location: null,
      });
    }
  }
  const read = (name: SheetName) => readSheet(workbook, sheetSpec(name), locations, problems);
  const at = (sheet: SheetName, row: number, column: string | null): SheetLocation => ({
    sheet,
    row,
    column,
    cell: column === null ? null : cellAddress(locations, sheet, row, column),
  });

  const single = (name: SheetName) => {
    const rows = read(name);
    for (const extra of rows.slice(1)) {
      problems.push({
        path: "",
        message: `The ${name} sheet has one row; this one is one too many.`,
        location: at(name, extra.row, null),
      });
    }
    return rows[0];
  };
  const agency = single("Agency");
  const plan = single("Plan");
  locations.agency = agency?.row ?? null;
  locations.plan = plan?.row ?? null;

  const listed = (name: SheetName, into: number[]) =>
    read(name).map((row) => {
      into.push(row.row);
      return row.object;
    });
  const departments = listed("Departments", locations.departments);
  const kpis = listed("KPIs", locations.kpis);
  const links = listed("Links", locations.links);
  // The sheet is flat: an empty parent is a top-level objective (in the document, `parent` has no default because
  // a nested objective may leave it out).
  const objectives = listed("Objectives", locations.objectives).map((objective): Row => ({
    parent: null,
    ...objective,
  }));

  // Key results go under their objective, in the order of their rows.
  const objectiveIndex = new Map<string, number>();
  objectives.forEach((objective, index) => {
    if (typeof objective.code === "string" && !objectiveIndex.has(objective.code)) {
      objectiveIndex.set(objective.code, index);
    }
  });
  locations.keyResults = objectives.map(() => []);
  const keyResultsOf: Row[][] = objectives.map(() => []);
  for (const { row, object } of read("Key results")) {
    const { objective, ...keyResult } = object;
    const index = typeof objective === "string" ? objectiveIndex.get(objective) : undefined;
    if (index === undefined) {
      problems.push({
        path: "",
        message:
          objective === undefined
            ? "Enter the code of the objective this key result belongs to."
            : `No objective has the code ${String(objective)} on the Objectives sheet.`,
        location: at("Key results", row, "objective"),
      });
      continue;
    }
    keyResultsOf[index]?.push(keyResult);
    locations.keyResults[index]?.push(row);
  }
  objectives.forEach((objective, index) => {
    if ((keyResultsOf[index]?.length ?? 0) > 0) objective.keyResults = keyResultsOf[index];
  });

  // Per-period targets go into their KPI's `targets`.
  const kpiIndex = new Map<string, number>();
  kpis.forEach((kpi, index) => {
    if (typeof kpi.code === "string" && !kpiIndex.has(kpi.code)) kpiIndex.set(kpi.code, index);
  });
  for (const { row, object } of read("Targets")) {
    const index = typeof object.kpi === "string" ? kpiIndex.get(object.kpi) : undefined;
    const problemAt = (column: string, message: string) =>
      problems.push({ path: "", message, location: at("Targets", row, column) });
    if (index === undefined) {
      problemAt(
        "kpi",
        object.kpi === undefined
          ? "Enter the code of the KPI this target is for."
          : `No KPI has the code ${String(object.kpi)} on the KPIs sheet.`,
      );
      continue;
    }
    if (typeof object.period !== "string") {
      problemAt("period", "Enter a period: 2026-06, 2026-Q4 or 2026.");
      continue;
    }
    if (object.value === undefined) {
      problemAt("value", "Enter the target, or remove the row.");
      continue;
    }
    const rowsOfKpi = (locations.targets[index] ??= {});
    const first = rowsOfKpi[object.period];
    if (first !== undefined) {
      problemAt("period", `Row ${first} gives the target of ${String(object.kpi)} for ${object.period} already.`);
      continue;
    }
    rowsOfKpi[object.period] = row;
    const kpi = kpis[index] as Row;
    kpi.targets = { ...(kpi.targets as Row | undefined), [object.period]: object.value };
  }

  const measurements = listed("Measurements", locations.measurements);

  const document: Record<string, unknown> = {
    format: DOCUMENT_FORMAT,
    ...(agency === undefined ? {} : { agency: agency.object }),
    departments,
    ...(plan === undefined ? {} : { plan: plan.object }),
    kpis,
    links,
    objectives,
    measurements,
  };
  return { document, locations, problems };
}

// ── Problems located ─────────────────────────────────────────────────────────────────────────────────────────────

function cellAddress(locations: WorkbookLocations, sheet: SheetName, row: number, column: string): string | null {
  const index = locations.headers[sheet]?.indexOf(column) ?? -1;
  return index < 0 ? null : `${columnLetter(index)}${row}`;
}

/** The column a problem's field is in: the field itself, or the column of the object it belongs to. */
function columnOf(sheet: SheetName, field: string | undefined): string | null {
  if (field === undefined) return null;
  const columns = sheetSpec(sheet).columns.map((column) => column.field);
  if (columns.includes(field)) return field;
  const prefix = columns.find((column) => column.startsWith(`${field}.`) || field.startsWith(`${column}.`));
  return prefix ?? null;
}

/** Where in the workbook the object at a document's JSON path was read from, or null when it was not. */
export function locateProblem(locations: WorkbookLocations, path: string): SheetLocation | null {
  const place = (sheet: SheetName, row: number | null | undefined, field?: string): SheetLocation => {
    const column = columnOf(sheet, field);
    const knownRow = row ?? null;
    return {
      sheet,
      row: knownRow,
      column,
      cell: knownRow === null || column === null ? null : cellAddress(locations, sheet, knownRow, column),
    };
  };
  let match = /^(agency|plan)(?:\.(.+))?$/.exec(path);
  if (match) {
    const sheet: SheetName = match[1] === "agency" ? "Agency" : "Plan";
    return place(sheet, match[1] === "agency" ? locations.agency : locations.plan, match[2]);
  }
  match = /^objectives\[(\d+)\]\.keyResults\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (match) {
    return place("Key results", locations.keyResults[Number(match[1])]?.[Number(match[2])], match[3]);
  }
  match = /^kpis\[(\d+)\]\.targets\.(.+)$/.exec(path);
  if (match) {
    const row = locations.targets[Number(match[1])]?.[match[2] as string];
    if (row !== undefined) return place("Targets", row, "value");
  }
  match = /^(departments|kpis|links|objectives|measurements)\[(\d+)\](?:\.(.+))?$/.exec(path);
  if (match) {
    const section = match[1] as "departments" | "kpis" | "links" | "objectives" | "measurements";
    const sheet = (
      {
        departments: "Departments",
        kpis: "KPIs",
        links: "Links",
        objectives: "Objectives",
        measurements: "Measurements",
      } as const
    )[section];
    return place(sheet, locations[section][Number(match[2])], match[3]);
  }
  return null;
}

/** The checker's problems, each with where it is in the workbook. */
export function locateProblems(locations: WorkbookLocations, problems: readonly DocumentProblem[]): LocatedProblem[] {
  return problems.map((problem) => ({ ...problem, location: locateProblem(locations, problem.path) }));
}

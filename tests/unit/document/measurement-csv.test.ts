import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { createHealthModel, createKpiDefinition, validateMeasurement } from "@/lib/domain";
import {
  checkMeasurementCsv,
  CsvCatalog,
  readCsvHeader,
  readCsvNumber,
  type CsvKpi,
} from "@/lib/document/measurement-csv";
import { measurementRowSchema } from "@/lib/validation/api";

const KPIS: CsvKpi[] = [
  { code: "permits.issued", frequency: "monthly", formula: null, min: null, max: null },
  { code: "audit.findings", frequency: "quarterly", formula: null, min: null, max: null },
  {
    code: "permits.cost_per_permit",
    frequency: "monthly",
    formula: "permits.cost / permits.issued",
    min: null,
    max: null,
  },
];
const catalog = new CsvCatalog(KPIS);

function rowsOf(text: string) {
  const result = checkMeasurementCsv(text, catalog);
  if (!result.ok) throw new Error(result.message);
  return result.rows.map((row) =>
    row.check.ok ? { row: row.row, ok: true } : { row: row.row, error: row.check.message },
  );
}

describe("the header row", () => {
  test("finds the columns in any order and case, after a byte-order mark, ignoring others", () => {
    expect(readCsvHeader(["\uFEFFValue", " KPI ", "comment", "Period"])).toEqual({
      ok: true,
      columns: { value: 0, kpi: 1, period: 3, note: null },
    });
  });

  test("names the missing columns", () => {
    const header = readCsvHeader(["kpi", "note"]);
    expect(header.ok).toBe(false);
    if (!header.ok) expect(header.message).toMatch(/period, value are missing/);
  });
});

describe("values", () => {
  test.each([
    ["12", 12],
    [" -3.5 ", -3.5],
    ["1e3", 1000],
    [".5", 0.5],
    ["1,234.5", 1234.5],
    ["1,23", null],
    ["1.2.3", null],
    ["NaN", null],
    ["Infinity", null],
    ["0x10", null],
    ["12 days", null],
    ["", null],
  ])("%j reads as %s", (text, expected) => {
    expect(readCsvNumber(text)).toBe(expected);
  });
});

describe("rows", () => {
  test("each row is valid or has its error, with spreadsheet row numbers", () => {
    const csv = [
      "kpi,period,value,note",
      "permits.issued,2026-06,120,",
      'permits.issued,2026-07,"1,130","Quoted, with a comma\nand a line break"',
      "permits.issued,2026-Q4,5,",
      "audit.findings,2026-Q4,3,",
      "nope,2026-06,1,",
      "permits.cost_per_permit,2026-06,175,",
      "permits.issued,2026-06,121,second time",
      "permits.issued,2026-08,n/a,",
      ",2026-08,1,",
    ].join("\n");
    expect(rowsOf(csv)).toEqual([
      { row: 2, ok: true },
      { row: 3, ok: true },
      { row: 4, error: expect.stringMatching(/quarterly period; this KPI is monthly/) },
      { row: 5, ok: true },
      { row: 6, error: "No KPI you may enter data for has the code nope." },
      { row: 7, error: expect.stringMatching(/computed by its formula/) },
      { row: 8, error: "Row 2 gives permits.issued for 2026-06 already." },
      { row: 9, error: '"n/a" is not a number.' },
      { row: 10, error: "Enter a code." },
    ]);
  });

  test("blank lines are skipped and a file with only a header has no rows", () => {
    expect(rowsOf("kpi,period,value\n\n   \n")).toEqual([]);
  });
});

describe("fuzzing the CSV reader", () => {
  const cellText = fc.oneof(
    fc.constantFrom("permits.issued", "audit.findings", "permits.cost_per_permit", "2026-06", "2026-Q4", "12", "-1"),
    fc.string({ maxLength: 12 }),
  );
  const line = fc
    .array(cellText, { maxLength: 6 })
    .map((cells) => cells.map((cell) => (/[",\n\r]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(","));
  const file = fc.oneof(
    fc.string({ maxLength: 300 }),
    fc.array(line, { maxLength: 20 }).map((lines) => ["kpi,period,value,note", ...lines].join("\n")),
  );

  test("any text gives a file-level message or rows that are each valid or explained — never a throw", () => {
    fc.assert(
      fc.property(file, (text) => {
        const result = checkMeasurementCsv(text, catalog);
        if (!result.ok) {
          expect(result.message).not.toBe("");
          return;
        }
        for (const { check } of result.rows) {
          if (!check.ok) {
            expect(check.message).not.toBe("");
            continue;
          }
          // A valid row passes the API's own checks: its shape, and the KPI's rules.
          expect(measurementRowSchema.safeParse(check.measurement).success).toBe(true);
          const kpi = KPIS.find((candidate) => candidate.code === check.measurement.kpi) as CsvKpi;
          const model = createHealthModel({
            plan: { start: "2026-01-01", end: "2026-12-31" },
            kpis: [createKpiDefinition(kpi)],
          });
          expect(validateMeasurement(model, check.measurement).ok).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

// Every CSV the app writes (lib/csv.ts): a cell a spreadsheet would run as a formula is neutralised.
import fc from "fast-check";
import Papa from "papaparse";
import { describe, expect, test } from "vitest";
import { formatCsv } from "@/lib/csv";

describe("writing CSV", () => {
  test("a cell that a spreadsheet would run as a formula is neutralised; negative numbers stay numbers", () => {
    const csv = formatCsv(["a", "b", "c", "d"], [["=HYPERLINK(1)", -5, "-12.5", "@cmd"]]);
    expect(csv).toBe(`a,b,c,d\r\n"'=HYPERLINK(1)",-5,-12.5,"'@cmd"`);
  });

  test("any text cells survive a round trip through CSV", () => {
    const cell = fc.string({ unit: "grapheme", maxLength: 30 }).filter((text) => !/^[=+\-@\t\r]/.test(text));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 10 }), (rows) => {
        const csv = formatCsv(["x", "y", "z"], rows);
        const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: false }).data;
        expect(parsed.slice(1)).toEqual(rows);
      }),
      { numRuns: 200 },
    );
  });
});

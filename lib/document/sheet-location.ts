import type { DocumentProblem } from "./check-document";

// Where a problem of an imported file is: a sheet, row and column of a workbook, or, for a JSON document, only its
// JSON path. Shared by the server, which locates problems (lib/document/workbook.ts), and the import page, which
// shows them.

export type SheetLocation = {
  sheet: string;
  /** The spreadsheet's own row number (the header is row 1); null when the object has no row (a missing sheet). */
  row: number | null;
  /** The column's header, which is the document's field name. */
  column: string | null;
  /** The cell's address, e.g. "F7", when the column is in the sheet. */
  cell: string | null;
};

export type LocatedProblem = DocumentProblem & { location: SheetLocation | null };

/** "KPIs sheet, row 7, column frequency" */
export function describeLocation(location: SheetLocation): string {
  return [
    `${location.sheet} sheet`,
    location.row === null ? null : `row ${location.row}`,
    location.column === null ? null : `column ${location.column}`,
  ]
    .filter((part) => part !== null)
    .join(", ");
}

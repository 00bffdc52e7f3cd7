// Every CSV the app writes goes through here: the API's downloads, the public dashboard's series, and the upload page's
// file of refused rows (which runs in the browser, so this module stays pure). Residents and staff open these files in
// spreadsheet programs, where a cell starting with =, +, -, @ or a control character runs as a formula.

import Papa from "papaparse";

// Such a cell is written with a leading apostrophe, unless it is a plain (negative) number.
const FORMULA_START = /^(?:[=+@\t\r]|-(?![\d.]+(?:[eE][+-]?\d+)?$))/;

/** Spreadsheet programs read a CSV as UTF-8 (accents right) only when it starts with a byte-order mark. */
export const CSV_BYTE_ORDER_MARK = "\uFEFF";

/** RFC 4180 CSV with a header row. Numbers are written as JSON writes them; null is an empty cell. */
export function formatCsv(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return Papa.unparse(
    { fields: [...header], data: rows.map((row) => row.map((cell) => (cell === null ? "" : cell))) },
    { escapeFormulae: FORMULA_START, newline: "\r\n" },
  );
}

/** A CSV file download; `cacheControl` is the caller's (private API answers are never stored, public ones are). */
export function csvAttachment(csv: string, fileName: string, cacheControl: string): Response {
  return new Response(`${CSV_BYTE_ORDER_MARK}${csv}`, {
    status: 200,
    headers: {
      "Cache-Control": cacheControl,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
    },
  });
}

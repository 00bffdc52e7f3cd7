"use client";

import Papa from "papaparse";
import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import {
  CsvCatalog,
  CsvRowChecker,
  readCsvHeader,
  toSheetRow,
  type CsvColumns,
  type CsvKpi,
  type CsvMeasurement,
} from "@/lib/document/measurement-csv";
import { CSV_BYTE_ORDER_MARK, formatCsv } from "@/lib/csv";
import { MAX_MEASUREMENTS_PER_REQUEST } from "@/lib/validation/api";

// The CSV upload: the file is read in the browser in chunks (Papa Parse), so that files up to 50 MB stream through
// with a progress bar; each row is checked with the API's own rules (lib/document/measurement-csv.ts) and shown as
// valid or with its error before anything is stored. Storing reads the file again and sends the valid rows to
// POST /api/v1/measurements in batches, which checks every row again; the rows refused at either step can be
// downloaded as a CSV to fix and upload again.

const MAX_FILE_BYTES = 50 * 1024 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const PREVIEW_ROWS = 500;
/** Rejected rows kept for the download; beyond, they are counted only. */
const MAX_KEPT_REJECTED = 200_000;
const MAX_BATCH_BYTES = 8 * 1024 * 1024;

type PreviewRow = { row: number; cells: string[]; error: string | null };
type RejectedRow = { row: number; cells: string[]; error: string };
type Phase = "idle" | "checking" | "checked" | "storing" | "stored" | "failed";

type Summary = { rows: number; valid: number; rejected: number };
type Stored = {
  created: number;
  replaced: number;
  unchanged: number;
  rejectedByServer: number;
  /** Some batch left health to the background recomputation (a large upload on a large tree). */
  isHealthPending: boolean;
};

const cellsOf = (fields: readonly string[], columns: CsvColumns) => [
  fields[columns.kpi] ?? "",
  fields[columns.period] ?? "",
  fields[columns.value] ?? "",
  columns.note === null ? "" : (fields[columns.note] ?? ""),
];

/** Streams the file through Papa Parse, one chunk at a time; `onRows` may pause by returning a promise. */
function streamCsv(
  file: File,
  onHeader: (fields: string[]) => string | null,
  onRows: (rows: string[][], progress: number) => Promise<void> | void,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let isHeaderRead = false;
    let failure: Error | null = null;
    Papa.parse<string[]>(file, {
      skipEmptyLines: "greedy",
      chunkSize: CHUNK_BYTES,
      chunk: (results, parser) => {
        let rows = results.data;
        if (!isHeaderRead) {
          const [header, ...rest] = rows;
          if (header === undefined) return;
          isHeaderRead = true;
          const problem = onHeader(header);
          if (problem !== null) {
            failure = new Error(problem);
            parser.abort();
            return;
          }
          rows = rest;
        }
        const progress = file.size > 0 ? Math.min(1, results.meta.cursor / file.size) : 1;
        const pending = onRows(rows, progress);
        if (pending instanceof Promise) {
          parser.pause();
          pending.then(
            () => parser.resume(),
            (error: unknown) => {
              failure = error instanceof Error ? error : new Error("The rows could not be stored.");
              parser.abort();
            },
          );
        }
      },
      complete: () => {
        if (failure) reject(failure);
        else if (!isHeaderRead) reject(new Error("The file is empty."));
        else resolve();
      },
      error: () => reject(new Error("The file could not be read.")),
    });
  });
}

type ApiResult = {
  accepted: number;
  created: number;
  replaced: number;
  unchanged: number;
  rejected: { index: number; path: string; message: string }[];
  healthPending: boolean;
};

async function sendBatch(rows: CsvMeasurement[], source: string): Promise<ApiResult> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch("/api/v1/measurements", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ measurements: rows, source }),
    });
    if (response.status === 429 && attempt < 5) {
      // The per-caller request limit: wait as long as the server says, then send the same rows again.
      const seconds = Number(response.headers.get("Retry-After") ?? "5");
      await new Promise((wait) => setTimeout(wait, Math.max(1, seconds) * 1000));
      continue;
    }
    const body: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const message = (body as { error?: { message?: string } } | null)?.error?.message;
      throw new Error(message ?? `The server refused the rows (HTTP ${response.status}).`);
    }
    return body as ApiResult;
  }
}

export function MeasurementUpload({ kpis }: { kpis: CsvKpi[] }) {
  const catalog = useMemo(() => new CsvCatalog(kpis), [kpis]);
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const [summary, setSummary] = useState<Summary | null>(null);
  const [preview, setPreview] = useState<PreviewRow[]>([]);
  const [isErrorsOnly, setIsErrorsOnly] = useState(false);
  const [stored, setStored] = useState<Stored | null>(null);
  const [downloadUrl, setDownloadUrl] = useState<string | null>(null);
  const [rejectedCount, setRejectedCount] = useState(0);
  const rejected = useRef<RejectedRow[]>([]);
  const totalRejected = useRef(0);

  useEffect(
    () => () => {
      if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    },
    [downloadUrl],
  );

  const reset = (next: File | null) => {
    setFile(next);
    setPhase("idle");
    setProgress(0);
    setSummary(null);
    setPreview([]);
    setStored(null);
    setDownloadUrl(null);
    setRejectedCount(0);
    rejected.current = [];
    totalRejected.current = 0;
    setMessage(
      next && next.size > MAX_FILE_BYTES ? "This file is larger than 50 MB: split it into smaller files." : null,
    );
  };

  const reject = (row: RejectedRow) => {
    totalRejected.current += 1;
    if (rejected.current.length < MAX_KEPT_REJECTED) rejected.current.push(row);
  };

  async function check(event: FormEvent) {
    event.preventDefault();
    if (!file || file.size > MAX_FILE_BYTES) return;
    reset(file);
    setPhase("checking");
    let columns: CsvColumns | null = null;
    let checker: CsvRowChecker | null = null;
    let index = 0;
    const counts: Summary = { rows: 0, valid: 0, rejected: 0 };
    const shown: PreviewRow[] = [];
    let shownErrors = 0;
    try {
      await streamCsv(
        file,
        (header) => {
          const found = readCsvHeader(header);
          if (!found.ok) return found.message;
          columns = found.columns;
          checker = new CsvRowChecker(found.columns, catalog);
          return null;
        },
        (rows, fraction) => {
          for (const fields of rows) {
            const row = toSheetRow(index++);
            const result = (checker as CsvRowChecker).check(fields, row);
            const cells = cellsOf(fields, columns as CsvColumns);
            counts.rows += 1;
            if (result.ok) counts.valid += 1;
            else {
              counts.rejected += 1;
              reject({ row, cells, error: result.message });
            }
            const error = result.ok ? null : result.message;
            // The first rows as they are, then only rows with an error, so that every kind of problem shows.
            if (shown.length < PREVIEW_ROWS || (error !== null && shownErrors < PREVIEW_ROWS)) {
              shown.push({ row, cells, error });
              if (error !== null) shownErrors += 1;
            }
          }
          setProgress(fraction);
        },
      );
      setSummary(counts);
      setPreview(shown);
      setRejectedCount(totalRejected.current);
      setProgress(1);
      setPhase("checked");
    } catch (error) {
      setMessage(error instanceof Error ? error.message : "The file could not be read.");
      setPhase("failed");
    }
  }

  async function store() {
    if (!file || !summary) return;
    setPhase("storing");
    setProgress(0);
    setMessage(null);
    // The rows refused by the check are kept; the file is read again and its valid rows sent.
    const outcome: Stored = { created: 0, replaced: 0, unchanged: 0, rejectedByServer: 0, isHealthPending: false };
    let columns: CsvColumns | null = null;
    let checker: CsvRowChecker | null = null;
    let index = 0;
    let sent = 0;
    type Row = CsvMeasurement & { row: number; cells: string[] };
    // Full batches wait here while the file is paused; a chunk of the file may fill several.
    const ready: Row[][] = [];
    let batch: Row[] = [];
    let batchBytes = 0;
    const source = `CSV upload: ${file.name}`.slice(0, 200);
    const closeBatch = () => {
      if (batch.length > 0) ready.push(batch);
      batch = [];
      batchBytes = 0;
    };
    const sendReady = async () => {
      while (ready.length > 0) {
        const rows = ready.shift() as Row[];
        const result = await sendBatch(
          rows.map(({ kpi, period, value, note }) => ({ kpi, period, value, note })),
          source,
        );
        outcome.created += result.created;
        outcome.replaced += result.replaced;
        outcome.unchanged += result.unchanged;
        if (result.healthPending) outcome.isHealthPending = true;
        const refused = new Map<number, string>();
        for (const problem of result.rejected)
          if (!refused.has(problem.index)) refused.set(problem.index, problem.message);
        for (const [position, error] of refused) {
          const row = rows[position];
          if (row === undefined) continue;
          outcome.rejectedByServer += 1;
          reject({ row: row.row, cells: row.cells, error });
        }
        sent += rows.length;
        setProgress(summary.valid > 0 ? Math.min(1, sent / summary.valid) : 1);
      }
    };
    try {
      await streamCsv(
        file,
        (header) => {
          const found = readCsvHeader(header);
          if (!found.ok) return found.message;
          columns = found.columns;
          checker = new CsvRowChecker(found.columns, catalog);
          return null;
        },
        (rows) => {
          for (const fields of rows) {
            const row = toSheetRow(index++);
            const result = (checker as CsvRowChecker).check(fields, row);
            if (!result.ok) continue;
            const measurement = result.measurement;
            batch.push({ ...measurement, row, cells: cellsOf(fields, columns as CsvColumns) });
            batchBytes += measurement.kpi.length + measurement.period.length + measurement.note.length + 64;
            if (batch.length >= MAX_MEASUREMENTS_PER_REQUEST || batchBytes >= MAX_BATCH_BYTES) closeBatch();
          }
          if (ready.length > 0) return sendReady();
        },
      );
      closeBatch();
      await sendReady();
      setStored(outcome);
      setRejectedCount(totalRejected.current);
      setProgress(1);
      setPhase("stored");
      const sorted = [...rejected.current].sort((a, b) => a.row - b.row);
      const csv = formatCsv(
        ["kpi", "period", "value", "note", "row", "error"],
        sorted.map((row) => [...row.cells, row.row, row.error]),
      );
      setDownloadUrl(
        URL.createObjectURL(new Blob([`${CSV_BYTE_ORDER_MARK}${csv}`], { type: "text/csv;charset=utf-8" })),
      );
    } catch (error) {
      setMessage(
        `${error instanceof Error ? error.message : "The rows could not be stored."} ` +
          `The ${sent.toLocaleString("en-US")} rows sent before this were stored; sending the file again is safe.`,
      );
      setPhase("failed");
    }
  }

  const shownRows = isErrorsOnly ? preview.filter((row) => row.error !== null) : preview;
  const isBusy = phase === "checking" || phase === "storing";
  const percent = Math.round(progress * 100);

  return (
    <section aria-labelledby="upload-form-heading">
      <h2 id="upload-form-heading">Check a file</h2>
      <form className="form" onSubmit={check} aria-label="Check a CSV file">
        <div className="form__field">
          <label htmlFor="measurement-file">CSV file</label>
          <input
            id="measurement-file"
            name="file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="measurement-file-hint"
            disabled={isBusy}
            onChange={(event) => reset(event.currentTarget.files?.[0] ?? null)}
          />
          <p id="measurement-file-hint" className="form__hint">
            Up to 50 MB. Nothing is stored until you choose to store the valid rows.
          </p>
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={!file || isBusy || file.size > MAX_FILE_BYTES}>
            Check the file
          </button>
        </div>
      </form>

      <div role="status" aria-live="polite">
        {isBusy ? (
          <p>
            <label htmlFor="upload-progress">
              {phase === "checking" ? "Checking the file" : "Storing the valid rows"}: {percent}%
            </label>{" "}
            <progress id="upload-progress" max={100} value={percent}>
              {percent}%
            </progress>
          </p>
        ) : null}
        {phase === "checked" && summary ? (
          <p>
            {summary.rows.toLocaleString("en-US")} rows checked: {summary.valid.toLocaleString("en-US")} valid,{" "}
            {summary.rejected.toLocaleString("en-US")} with an error.
          </p>
        ) : null}
        {phase === "stored" && stored ? (
          <div className="notice notice--success">
            <p>
              Stored: {stored.created.toLocaleString("en-US")} new, {stored.replaced.toLocaleString("en-US")} replaced
              (the previous values are kept in the history), {stored.unchanged.toLocaleString("en-US")} unchanged.
            </p>
            <p>
              {rejectedCount === 0
                ? "No row was rejected."
                : `${rejectedCount.toLocaleString("en-US")} rows were rejected and not stored.`}
            </p>
            <p>
              {stored.isHealthPending
                ? "Health is being recomputed in the background for this many changes; pages show it within moments."
                : "Health is up to date with the stored rows."}
            </p>
          </div>
        ) : null}
      </div>
      {message ? (
        <div className="notice notice--error" role="alert">
          <p>{message}</p>
        </div>
      ) : null}

      {phase === "stored" && downloadUrl && rejectedCount > 0 ? (
        <p>
          <a href={downloadUrl} download="rejected-rows.csv" className="button button--secondary">
            Download the {rejectedCount.toLocaleString("en-US")} rejected rows (CSV)
          </a>{" "}
          — each with its error, to fix and upload again.
        </p>
      ) : null}

      {(phase === "checked" || phase === "storing" || phase === "stored") && summary ? (
        <section aria-labelledby="preview-heading">
          <h2 id="preview-heading">Preview</h2>
          {phase === "checked" ? (
            <p>
              <button type="button" className="button" onClick={store} disabled={summary.valid === 0}>
                Store the {summary.valid.toLocaleString("en-US")} valid rows
              </button>
            </p>
          ) : null}
          <div className="form__check">
            <input
              id="errors-only"
              type="checkbox"
              checked={isErrorsOnly}
              onChange={(event) => setIsErrorsOnly(event.currentTarget.checked)}
            />
            <label htmlFor="errors-only">Show only rows with an error</label>
          </div>
          <table className="data-table">
            <caption>
              {summary.rows > shownRows.length
                ? `The first ${PREVIEW_ROWS} rows, and up to ${PREVIEW_ROWS} more with an error`
                : "Every row of the file"}
            </caption>
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">KPI</th>
                <th scope="col">Period</th>
                <th scope="col">Value</th>
                <th scope="col">Note</th>
                <th scope="col">Check</th>
              </tr>
            </thead>
            <tbody>
              {shownRows.map((row) => (
                <tr key={row.row}>
                  <th scope="row">{row.row}</th>
                  <td>{row.cells[0]}</td>
                  <td>{row.cells[1]}</td>
                  <td>{row.cells[2]}</td>
                  <td>{row.cells[3]}</td>
                  <td>{row.error === null ? "Valid" : `Error: ${row.error}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </section>
  );
}

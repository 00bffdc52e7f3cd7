"use client";

import Link from "next/link";
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { CountedKind } from "@/lib/document/import-plan";
import type { ImportJobView, ImportPreview } from "@/lib/document/import-views";
import { describeLocation, type LocatedProblem } from "@/lib/document/sheet-location";

// The import of a drivertree/v1 JSON document or a workbook: the file is sent to the server, which checks it as the
// API's import does and answers with what importing it would do, or with every problem and where it is. Importing
// applies that preview, once: the button is disabled as soon as it is pressed, and the server refuses a preview
// applied twice. A large import takes seconds: meanwhile the page polls the import's row for the stage it is in.

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const POLL_MS = 500;

const KIND_LABELS: Record<CountedKind, string> = {
  agency: "Agency settings",
  plans: "Plan",
  departments: "Departments",
  kpis: "KPIs",
  links: "Driver links",
  objectives: "Objectives",
  keyResults: "Key results",
  measurements: "Measurements",
};

type Phase = "idle" | "checking" | "checked" | "importing" | "imported" | "failed";

const count = (value: number) => value.toLocaleString("en-US");

async function readError(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) return body.error.message;
  } catch {
    // Not JSON: the generic message below.
  }
  return `The server answered ${response.status}: try again.`;
}

function whereOf(problem: LocatedProblem): string {
  if (problem.location !== null) {
    const cell = problem.location.cell === null ? "" : ` (cell ${problem.location.cell})`;
    return `${describeLocation(problem.location)}${cell}`;
  }
  return problem.path === "" ? "The file" : problem.path;
}

export function DocumentImport() {
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>("idle");
  const [message, setMessage] = useState<string | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [job, setJob] = useState<ImportJobView | null>(null);
  const [elapsedMs, setElapsedMs] = useState(0);
  // Set at the first press, before React renders the disabled button: a double click sends one request.
  const isSubmitted = useRef(false);

  useEffect(() => {
    if (phase !== "importing") return;
    const started = Date.now();
    const tick = setInterval(() => setElapsedMs(Date.now() - started), 250);
    return () => clearInterval(tick);
  }, [phase]);

  function choose(next: File | null) {
    setFile(next);
    setPhase("idle");
    setMessage(null);
    setPreview(null);
    setJob(null);
    isSubmitted.current = false;
  }

  async function check(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (file === null) return;
    if (file.size > MAX_FILE_BYTES) {
      setMessage("The file is larger than 64 MB, the most an import takes.");
      return;
    }
    setPhase("checking");
    setMessage(null);
    setPreview(null);
    setJob(null);
    isSubmitted.current = false;
    try {
      const response = await fetch(`/data/import/preview?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "Content-Type": file.type || "application/octet-stream" },
        body: file,
      });
      if (!response.ok) {
        setMessage(await readError(response));
        setPhase("idle");
        return;
      }
      setPreview((await response.json()) as ImportPreview);
      setPhase("checked");
    } catch {
      setMessage("The file could not be sent: check your connection and try again.");
      setPhase("idle");
    }
  }

  async function apply() {
    const previewId = preview?.previewId;
    if (!previewId || isSubmitted.current) return;
    isSubmitted.current = true;
    setPhase("importing");
    setElapsedMs(0);
    setMessage(null);
    const url = `/data/import/jobs/${previewId}`;
    let isDone = false;
    const poll = async () => {
      while (!isDone) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (isDone) return;
        try {
          const response = await fetch(url, { cache: "no-store" });
          if (response.ok && !isDone) setJob((await response.json()) as ImportJobView);
        } catch {
          // The next poll, or the import's own answer, tells.
        }
      }
    };
    void poll();
    try {
      const response = await fetch(url, { method: "POST" });
      isDone = true;
      if (!response.ok) {
        setMessage(await readError(response));
        setPhase("failed");
        return;
      }
      const finished = (await response.json()) as ImportJobView;
      setJob(finished);
      setPhase(finished.status === "succeeded" ? "imported" : "failed");
      if (finished.status !== "succeeded") setMessage(finished.message);
    } catch {
      isDone = true;
      setMessage("The connection was lost while importing: reload the page to see whether the import finished.");
      setPhase("failed");
    }
  }

  const problems = job?.problems.length ? job.problems : (preview?.problems ?? []);
  const isBusy = phase === "checking" || phase === "importing";

  return (
    <section aria-labelledby="import-form-heading">
      <h2 id="import-form-heading">Check a file</h2>
      <form className="form" onSubmit={check} aria-label="Check a file to import">
        <div className="form__field">
          <label htmlFor="import-file">JSON document or workbook</label>
          <input
            id="import-file"
            name="file"
            type="file"
            accept=".json,.xlsx,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="import-file-hint"
            disabled={isBusy}
            onChange={(event) => choose(event.currentTarget.files?.[0] ?? null)}
          />
          <p id="import-file-hint" className="form__hint">
            A drivertree/v1 document (.json) or a workbook (.xlsx), up to 64 MB. Nothing is imported until you press
            Import.
          </p>
        </div>
        <div className="form__actions">
          <button type="submit" className="button" disabled={!file || isBusy}>
            Check the file
          </button>
        </div>
      </form>

      <div role="status" aria-live="polite">
        {phase === "checking" ? <p>Checking {file?.name}…</p> : null}
        {phase === "importing" ? (
          <p>
            <label htmlFor="import-progress">Importing: {job?.stage || "Starting"}</label>{" "}
            <progress id="import-progress">Importing</progress>
          </p>
        ) : null}
        {phase === "imported" && job?.result ? (
          <div className="notice notice--success">
            <p>
              Imported {job.fileName}: {count(sum(job.result.created))} created, {count(sum(job.result.updated))}{" "}
              updated, {count(sum(job.result.unchanged))} unchanged. Health is up to date.
            </p>
            <p>
              <Link href="/tree">See the tree</Link>
            </p>
          </div>
        ) : null}
        {phase === "checked" && preview && preview.problems.length === 0 ? (
          <p>{preview.fileName} has no problems: check what it will do, then import it.</p>
        ) : null}
      </div>
      {phase === "importing" ? (
        <p className="form__hint">{Math.floor(elapsedMs / 1000)} s so far. Keep this page open.</p>
      ) : null}
      {message ? (
        <div className="notice notice--error" role="alert">
          <p>{message}</p>
        </div>
      ) : null}

      {problems.length > 0 ? (
        <section aria-labelledby="import-problems-heading">
          <h2 id="import-problems-heading">
            {problems.length === 1 ? "1 problem" : `${count(problems.length)} problems`} to fix
          </h2>
          <p>Nothing was imported. Fix the file and check it again.</p>
          <table className="data-table">
            <caption>Every problem of {job?.fileName ?? preview?.fileName}, and where it is</caption>
            <thead>
              <tr>
                <th scope="col">Where</th>
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {problems.map((problem, index) => (
                <tr key={index}>
                  <th scope="row">{whereOf(problem)}</th>
                  <td>{problem.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}

      {preview && preview.previewId && preview.kinds.length > 0 ? (
        <section aria-labelledby="import-preview-heading">
          <h2 id="import-preview-heading">What the import will do</h2>
          <table className="data-table">
            <caption>Objects of {preview.fileName}, compared with the stored tree</caption>
            <thead>
              <tr>
                <th scope="col">Kind</th>
                <th scope="col">Created</th>
                <th scope="col">Updated</th>
                <th scope="col">Unchanged</th>
              </tr>
            </thead>
            <tbody>
              {preview.kinds.map((kind) => (
                <tr key={kind.kind}>
                  <th scope="row">{KIND_LABELS[kind.kind]}</th>
                  <td>{count(kind.created)}</td>
                  <td>{count(kind.updated)}</td>
                  <td>{count(kind.unchanged)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.kinds.flatMap((kind) =>
            (["created", "updated"] as const).map((status) => {
              const codes = status === "created" ? kind.createdCodes : kind.updatedCodes;
              if (codes.length === 0) return null;
              const more = kind[status] - codes.length;
              return (
                <details key={`${kind.kind}-${status}`}>
                  <summary>
                    {KIND_LABELS[kind.kind]} {status} ({count(kind[status])})
                  </summary>
                  <ul>
                    {codes.map((code) => (
                      <li key={code}>
                        <code>{code}</code>
                      </li>
                    ))}
                    {more > 0 ? <li>and {count(more)} more</li> : null}
                  </ul>
                </details>
              );
            }),
          )}
          <p>
            Import upserts by code: each object replaces the stored one of the same code, and nothing is deleted. It is
            all or nothing.
          </p>
          <p>
            <button
              type="button"
              className="button"
              onClick={apply}
              disabled={phase !== "checked"}
              aria-describedby="import-once-hint"
            >
              Import {preview.fileName}
            </button>
          </p>
          <p id="import-once-hint" className="form__hint">
            The import runs once; large files take a few seconds, shown above while it runs.
          </p>
        </section>
      ) : null}
    </section>
  );
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, value) => total + value, 0);
}

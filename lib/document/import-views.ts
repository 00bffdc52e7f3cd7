import type { CountedKind, ImportCounts } from "./import-plan";
import type { LocatedProblem } from "./sheet-location";

// What the Data page's import shows: the preview of a file and the progress and outcome of its import. Produced by
// lib/dal/import-jobs.ts, shown by components/data/document-import.tsx.

export type ImportFormat = "json" | "xlsx";

/** One kind of object: how many the import creates, updates and leaves as they are, and which. */
export type ImportKindPreview = {
  kind: CountedKind;
  created: number;
  updated: number;
  unchanged: number;
  /** The first codes created and updated (a few dozen of each at most). */
  createdCodes: string[];
  updatedCodes: string[];
};

export type ImportPreview = {
  /** Applies the preview, once; null when the file has problems. */
  previewId: string | null;
  fileName: string;
  format: ImportFormat;
  problems: LocatedProblem[];
  kinds: ImportKindPreview[];
};

export type ImportJobStatus = "previewed" | "running" | "succeeded" | "failed";

export type ImportJobView = {
  id: string;
  fileName: string;
  status: ImportJobStatus;
  /** What a running import is doing, in words. */
  stage: string;
  /** Since the import started (until it finished), in milliseconds; null before it starts. */
  elapsedMs: number | null;
  result: { created: ImportCounts; updated: ImportCounts; unchanged: ImportCounts } | null;
  message: string;
  problems: LocatedProblem[];
};

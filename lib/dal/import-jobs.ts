import "server-only";
import { randomUUID } from "node:crypto";
import { getPrisma } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { permissionsOf, type Principal } from "@/lib/auth/permissions";
import { checkDocument, type CheckedDocument } from "@/lib/document/check-document";
import { InvalidDocumentError } from "@/lib/document/errors";
import { findForbiddenChanges } from "@/lib/document/import-permissions";
import { COUNTED_KINDS, countPlanned, planImport, type CountedKind, type ImportPlan } from "@/lib/document/import-plan";
import type { ImportFormat, ImportJobView, ImportKindPreview, ImportPreview } from "@/lib/document/import-views";
import type { LocatedProblem } from "@/lib/document/sheet-location";
import { locateProblems, readWorkbook, type WorkbookLocations } from "@/lib/document/workbook";
import { isExpectedError, NotFoundError, ConflictError, ValidationError } from "@/lib/errors";
import { idSchema } from "@/lib/validation/fields";
import {
  findStoredValuesOutsideRange,
  importDocument,
  logRefusedImport,
  requireImporter,
  type ImportStage,
} from "./document-import";
import { loadStoredTree } from "./document-store";

// The Data page's import of a file (issue 12): a drivertree/v1 JSON document or a workbook of the same layout
// (lib/document/workbook.ts). The preview runs the checks of POST /api/v1/import against the stored tree and says
// what would be created, updated and left unchanged; nothing is written but the preview itself, kept in ImportJob so
// that it can be applied once (a second submission is refused, whichever server gets it). Applying goes through
// importDocument — the API's import, all or nothing — and records each stage in the job row, outside the import's
// transaction, for the page to poll.

export type ImportFile = { name: string; bytes: Uint8Array };

const LISTED_CODES = 50;
/** A preview older than this must be checked again: the tree may have changed a lot since. */
const PREVIEW_LIFETIME_MS = 60 * 60 * 1000;
/** Previews and finished imports are kept this long, then deleted by the next preview of the agency. */
const KEPT_MS = 24 * 60 * 60 * 1000;
/** A running import whose row has not moved for this long died with its server; its transaction rolled back. */
const STALLED_MS = 15 * 60 * 1000;

const STAGE_LABELS: Record<ImportStage | "starting", string> = {
  starting: "Starting",
  locking: "Waiting for other changes to the tree to finish",
  checking: "Checking the document against the tree",
  writing: "Writing departments, KPIs, links, objectives and key results",
  measurements: "Storing measurements",
  health: "Recomputing health",
};

type ReadFile = {
  format: ImportFormat;
  document: unknown;
  locations: WorkbookLocations | null;
  problems: LocatedProblem[];
};

const XLSX_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

async function readImportFile(file: ImportFile): Promise<ReadFile> {
  const name = file.name.toLowerCase();
  const isZip = XLSX_SIGNATURE.every((byte, index) => file.bytes[index] === byte);
  if (name.endsWith(".xlsx") || isZip) {
    try {
      const read = await readWorkbook(file.bytes);
      return { format: "xlsx", ...read };
    } catch (error) {
      if (error instanceof ValidationError) throw error;
      throw new ValidationError(
        "The file could not be read as an .xlsx workbook: save it from your spreadsheet again.",
      );
    }
  }
  if (name.endsWith(".json") || /^\s*[{[]/.test(new TextDecoder().decode(file.bytes.subarray(0, 64)))) {
    try {
      return {
        format: "json",
        document: JSON.parse(new TextDecoder().decode(file.bytes)) as unknown,
        locations: null,
        problems: [],
      };
    } catch {
      throw new ValidationError("The file is not valid JSON: export it again, or check it with a JSON validator.");
    }
  }
  throw new ValidationError("Choose a drivertree/v1 document (.json) or a workbook (.xlsx).");
}

function located(locations: WorkbookLocations | null, problems: InvalidDocumentError["problems"]): LocatedProblem[] {
  if (locations === null) return problems.map((problem) => ({ ...problem, location: null }));
  return locateProblems(locations, problems);
}

/** Checks a file as POST /api/v1/import would and says what importing it would do; writes only the preview. */
export async function previewImport(principal: Principal | null | undefined, file: ImportFile): Promise<ImportPreview> {
  const caller = requireImporter(principal);
  const read = await readImportFile(file);
  const base = { fileName: file.name, format: read.format };

  const outcome = await getPrisma().$transaction(
    async (db) => {
      const loaded = await loadStoredTree(db, caller.agencyId);
      const check = checkDocument(read.document, loaded.tree);
      if (!check.ok) return { ok: false, problems: check.problems } as const;
      const rangeProblems = await findStoredValuesOutsideRange(db, caller.agencyId, check.document, loaded);
      if (rangeProblems.length > 0) return { ok: false, problems: rangeProblems } as const;
      const plan = planImport(check.document, loaded.tree);
      const forbidden = findForbiddenChanges(plan, check.document, loaded.tree, permissionsOf(caller));
      if (forbidden.length > 0) return { ok: false, problems: forbidden } as const;
      const counts = countPlanned(plan);
      const measurements = await compareMeasurements(db, caller.agencyId, check.document);
      counts.created.measurements = measurements.created.length;
      counts.updated.measurements = measurements.updated.length;
      counts.unchanged.measurements = measurements.unchanged;
      return { ok: true, kinds: describeKinds(plan, counts, measurements) } as const;
    },
    { isolationLevel: "RepeatableRead", maxWait: 10_000, timeout: 120_000 },
  );

  if (!outcome.ok || read.problems.length > 0) {
    // The workbook's own problems (an unknown column, a target of no KPI) first, then the checker's.
    const problems = [...read.problems, ...(outcome.ok ? [] : located(read.locations, outcome.problems))];
    logRefusedImport(caller, problems.length);
    return { ...base, previewId: null, problems, kinds: [] };
  }
  const preview: ImportPreview = { ...base, previewId: null, problems: [], kinds: outcome.kinds };
  const prisma = getPrisma();
  await prisma.importJob.deleteMany({
    where: { agencyId: caller.agencyId, createdAt: { lt: new Date(Date.now() - KEPT_MS) }, status: { not: "running" } },
  });
  const job = await prisma.importJob.create({
    data: {
      agencyId: caller.agencyId,
      createdByLabel: caller.label,
      fileName: file.name,
      document: read.document as Prisma.InputJsonValue,
      locations: read.locations === null ? Prisma.DbNull : (read.locations as unknown as Prisma.InputJsonValue),
      preview: preview as unknown as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return { ...preview, previewId: job.id };
}

type MeasurementChanges = { created: string[]; updated: string[]; unchanged: number };

/** The document's measurements against the stored ones, by the rule storeMeasurementRows applies. */
async function compareMeasurements(
  db: Prisma.TransactionClient,
  agencyId: string,
  document: CheckedDocument,
): Promise<MeasurementChanges> {
  const changes: MeasurementChanges = { created: [], updated: [], unchanged: 0 };
  if (document.measurements.length === 0) return changes;
  const pairs = document.measurements.map(({ kpi, period }) => ({ kpi, period }));
  const stored = await db.$queryRaw<{ kpi: string; period: string; value: number; note: string }[]>`
    SELECT k.code AS kpi, m.period, m.value, m.note
    FROM "Measurement" m
    JOIN "Kpi" k ON k.id = m."kpiId"
    JOIN json_to_recordset(${JSON.stringify(pairs)}::json) AS t(kpi text, period text)
      ON k.code = t.kpi AND m.period = t.period
    WHERE m."agencyId" = ${agencyId}::uuid AND k."agencyId" = ${agencyId}::uuid`;
  const byKey = new Map(stored.map((row) => [`${row.kpi}\u0000${row.period}`, row]));
  for (const measurement of document.measurements) {
    const before = byKey.get(`${measurement.kpi}\u0000${measurement.period}`);
    const label = `${measurement.kpi} ${measurement.period}`;
    if (before === undefined) changes.created.push(label);
    else if (before.value === measurement.value && before.note === measurement.note) changes.unchanged += 1;
    else changes.updated.push(label);
  }
  return changes;
}

function describeKinds(
  plan: ImportPlan,
  counts: ReturnType<typeof countPlanned>,
  measurements: MeasurementChanges,
): ImportKindPreview[] {
  const codesOf: Record<CountedKind, { status: string; code: string }[]> = {
    agency: [{ status: plan.agency.status, code: plan.agency.value.name }],
    plans: [{ status: plan.plan.status, code: plan.plan.value.code }],
    departments: plan.departments.map((item) => ({ status: item.status, code: item.value.code })),
    kpis: plan.kpis.map((item) => ({ status: item.status, code: item.value.code })),
    links: plan.links.map((item) => ({ status: item.status, code: `${item.value.from} → ${item.value.to}` })),
    objectives: plan.objectives.map((item) => ({ status: item.status, code: item.value.code })),
    keyResults: plan.keyResults.map((item) => ({ status: item.status, code: item.value.code })),
    measurements: [
      ...measurements.created.map((code) => ({ status: "created", code })),
      ...measurements.updated.map((code) => ({ status: "updated", code })),
    ],
  };
  const first = (kind: CountedKind, status: string) =>
    codesOf[kind]
      .filter((item) => item.status === status)
      .slice(0, LISTED_CODES)
      .map((item) => item.code);
  return COUNTED_KINDS.map((kind) => ({
    kind,
    created: counts.created[kind],
    updated: counts.updated[kind],
    unchanged: counts.unchanged[kind],
    createdCodes: first(kind, "created"),
    updatedCodes: first(kind, "updated"),
  }));
}

const parsePreviewId = (id: unknown): string => {
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new NotFoundError("No such import: upload the file again.");
  return parsed.data;
};

/**
 * Applies a preview: once. The row is claimed by one UPDATE (previewed → running), so a second click, a second tab or
 * a retried request finds it taken and is refused; then the document is imported as the API imports it.
 */
export async function applyImport(principal: Principal | null | undefined, previewId: unknown): Promise<ImportJobView> {
  const caller = requireImporter(principal);
  const id = parsePreviewId(previewId);
  const prisma = getPrisma();
  const claimed = await prisma.importJob.updateMany({
    where: {
      id,
      agencyId: caller.agencyId,
      status: "previewed",
      createdAt: { gte: new Date(Date.now() - PREVIEW_LIFETIME_MS) },
    },
    data: { status: "running", stage: STAGE_LABELS.starting, startedAt: new Date() },
  });
  if (claimed.count === 0) {
    const job = await prisma.importJob.findFirst({
      where: { id, agencyId: caller.agencyId },
      select: { status: true },
    });
    if (job === null) throw new NotFoundError("No such import: upload the file again.");
    if (job.status === "previewed") {
      throw new ValidationError("This preview is more than an hour old: upload the file again to check it anew.");
    }
    throw new ConflictError("This import was submitted already: it is not applied twice.");
  }
  const job = await prisma.importJob.findUniqueOrThrow({ where: { id }, select: { document: true, locations: true } });
  const locations = job.locations as WorkbookLocations | null;
  try {
    const report = await importDocument(caller, job.document, undefined, {
      onStage: async (stage) => {
        await prisma.importJob.update({ where: { id }, data: { stage: STAGE_LABELS[stage] } });
      },
    });
    const { created, updated, unchanged } = report;
    await prisma.importJob.update({
      where: { id },
      data: {
        status: "succeeded",
        stage: "",
        finishedAt: new Date(),
        document: Prisma.DbNull,
        result: { created, updated, unchanged },
      },
    });
  } catch (error) {
    let message: string;
    let problems: LocatedProblem[] = [];
    if (error instanceof InvalidDocumentError) {
      // The tree changed between the preview and the import in a way the document no longer fits.
      message = error.message;
      problems = located(locations, error.problems);
    } else if (isExpectedError(error)) {
      message = error.message;
    } else {
      const errorId = randomUUID().slice(0, 8);
      console.error(`[import] error ${errorId}:`, error);
      message = `Something went wrong (error ${errorId}). Nothing was imported.`;
    }
    await prisma.importJob.update({
      where: { id },
      data: {
        status: "failed",
        stage: "",
        finishedAt: new Date(),
        message,
        result: { problems } as unknown as Prisma.InputJsonValue,
      },
    });
  }
  return getImportJob(caller, id);
}

/** An import's progress and outcome, for the page that polls it. */
export async function getImportJob(
  principal: Principal | null | undefined,
  previewId: unknown,
): Promise<ImportJobView> {
  const caller = requireImporter(principal);
  const id = parsePreviewId(previewId);
  const job = await getPrisma().importJob.findFirst({
    where: { id, agencyId: caller.agencyId },
    select: {
      id: true,
      fileName: true,
      status: true,
      stage: true,
      startedAt: true,
      finishedAt: true,
      updatedAt: true,
      result: true,
      message: true,
    },
  });
  if (job === null) throw new NotFoundError("No such import: upload the file again.");
  const now = Date.now();
  const isStalled = job.status === "running" && now - job.updatedAt.getTime() > STALLED_MS;
  const result = job.result as (Partial<ImportJobView["result"] & { problems: LocatedProblem[] }> & object) | null;
  return {
    id: job.id,
    fileName: job.fileName,
    status: isStalled ? "failed" : job.status,
    stage: isStalled ? "" : job.stage,
    elapsedMs: job.startedAt === null ? null : (job.finishedAt?.getTime() ?? now) - job.startedAt.getTime(),
    result:
      job.status === "succeeded" && result?.created && result.updated && result.unchanged
        ? { created: result.created, updated: result.updated, unchanged: result.unchanged }
        : null,
    message: isStalled
      ? "The import stopped without finishing (its server stopped): nothing was imported. Upload the file again."
      : job.message,
    problems: result?.problems ?? [],
  };
}

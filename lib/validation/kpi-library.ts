import { z } from "zod";
import { codeSchema, idSchema, ipoSchema, versionSchema } from "./fields";

// The KPI library (/kpis): its filters, read from the address (a GET form, so a filtered list works without
// JavaScript and can be shared), and its bulk edits.

export const KPI_LIBRARY_PAGE_SIZE = 50;

export const KPI_STATUSES = ["ON_TRACK", "AT_RISK", "OFF_TRACK", "NO_TARGET", "NO_DATA"] as const;

/** A blank or repeated query parameter: its first value, blanks dropped. */
const firstValue = (value: unknown) => {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" && first.trim() !== "" ? first.trim() : undefined;
};

// A filter the address gets wrong (typed by hand, or an old link) is dropped rather than refused: the list then
// shows more, never an error page.
const filter = <T extends z.ZodType>(schema: T) => z.preprocess(firstValue, schema.optional()).catch(undefined);

export const kpiLibraryQuerySchema = z.object({
  department: filter(codeSchema),
  ipo: filter(ipoSchema),
  status: filter(z.enum(KPI_STATUSES)),
  published: filter(z.enum(["yes", "no"])),
  /** "unlinked": no key result reaches the KPI, directly or through the KPIs it drives. */
  reach: filter(z.enum(["linked", "unlinked"])),
  q: filter(z.string().max(200)),
  page: z.preprocess(firstValue, z.coerce.number().int().min(1).max(100_000).default(1)).catch(1),
});
export type KpiLibraryQuery = z.infer<typeof kpiLibraryQuerySchema>;

const kpiSelectionSchema = z
  .array(idSchema, { error: "Choose the KPIs to change." })
  .min(1, "Choose at least one KPI.")
  .max(5_000, "At most 5,000 KPIs at once.")
  .refine((ids) => new Set(ids).size === ids.length, "A KPI is chosen twice.");

/** The version of each chosen KPI the user saw, by id: a KPI changed since is a conflict. */
const selectionVersionsSchema = z.record(z.string(), versionSchema).optional();

export const bulkAssignDepartmentSchema = z.object({
  kpiIds: kpiSelectionSchema,
  department: codeSchema,
  versions: selectionVersionsSchema,
});
export type BulkAssignDepartmentInput = z.infer<typeof bulkAssignDepartmentSchema>;

export const bulkSetPublishedSchema = z.object({
  kpiIds: kpiSelectionSchema,
  published: z.boolean({ error: "Choose publish or unpublish." }),
  versions: selectionVersionsSchema,
});
export type BulkSetPublishedInput = z.infer<typeof bulkSetPublishedSchema>;

import { z } from "zod";
import { idSchema, versionSchema } from "./fields";

// Inputs of deleting through the recycle bin: the preview of what a delete takes with it, restoring an entry, and
// removing one measurement.

export const binKindSchema = z.enum(["objective", "keyResult", "kpi", "link"], {
  error: "Not something that can be deleted.",
});
export type BinKind = z.infer<typeof binKindSchema>;

export const previewDeleteSchema = z.object({ kind: binKindSchema, id: idSchema });
export type PreviewDeleteInput = z.infer<typeof previewDeleteSchema>;

export const restoreBinEntrySchema = z.object({ id: idSchema });
export type RestoreBinEntryInput = z.infer<typeof restoreBinEntrySchema>;

export const listRecycleBinSchema = z.object({}).strict();

export const removeMeasurementSchema = z.object({ id: idSchema, version: versionSchema });
export type RemoveMeasurementInput = z.infer<typeof removeMeasurementSchema>;

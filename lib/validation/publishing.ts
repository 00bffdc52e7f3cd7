import { z } from "zod";
import { idSchema, versionSchema } from "./fields";

export const setPublishedSchema = z.object({
  kind: z.enum(["objective", "keyResult", "kpi"], { error: "Choose an objective, key result or KPI." }),
  id: idSchema,
  version: versionSchema,
  published: z.boolean(),
});
export type SetPublishedInput = z.infer<typeof setPublishedSchema>;

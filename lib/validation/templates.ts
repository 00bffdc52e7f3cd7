import { z } from "zod";
import { codeSchema, isoDateSchema, nameSchema, textSchema } from "./fields";

// Starter templates (templates/<id>.json): a drivertree/v1 document with a small header, and the choices an officer
// makes before creating one. The document itself is checked by lib/document/check-document.ts, as an import is.

export const templateIdSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "A template id uses lower-case letters, digits and '-'.");

export const starterTemplateSchema = z.strictObject({
  id: templateIdSchema,
  title: nameSchema,
  summary: textSchema.min(1, "Say what the template covers."),
  /** The function's departments, by generic codes that the officer maps to the agency's own departments. */
  departments: z.array(z.strictObject({ code: codeSchema, name: nameSchema })).min(1),
  /** The drivertree/v1 document: checked by the document checker, not here. */
  document: z.record(z.string(), z.unknown()),
});

/**
 * Prepended to every KPI, objective and key result code so that a template can be used beside a tree that already
 * holds the same codes. It starts a KPI code, so it follows the KPI code grammar (spec/health.md).
 */
export const templatePrefixSchema = z
  .string()
  .trim()
  .max(30, "A prefix has at most 30 characters.")
  .regex(/^([A-Za-z_][A-Za-z0-9_.]*)?$/, "Start with a letter or '_' and use letters, digits, '_' and '.'.")
  .default("");

export const templatePlanSchema = z
  .object({
    code: codeSchema,
    name: nameSchema,
    start: isoDateSchema,
    end: isoDateSchema,
  })
  .refine((plan) => plan.end > plan.start, { message: "The plan must end after it starts.", path: ["end"] });

const codeListSchema = z.array(z.string().trim().min(1).max(200)).max(500);

/** What the officer chose: the codes to create (template codes, before the prefix), department mapping, plan. */
export const templateChoicesSchema = z.object({
  template: templateIdSchema,
  objectives: codeListSchema,
  keyResults: codeListSchema,
  kpis: codeListSchema,
  /** Template department code → the agency's department code. */
  departments: z.record(z.string().max(100), z.string().trim().max(100)).default({}),
  prefix: templatePrefixSchema,
  /** Used only when the agency has no plan yet; otherwise the objective joins the existing plan. */
  plan: templatePlanSchema.optional(),
});

export type StarterTemplateFile = z.output<typeof starterTemplateSchema>;
export type TemplateChoicesInput = z.input<typeof templateChoicesSchema>;
export type TemplateChoices = z.output<typeof templateChoicesSchema>;
export type TemplatePlan = z.output<typeof templatePlanSchema>;

import { z } from "zod";
import {
  aggregationSchema,
  codeSchema,
  directionSchema,
  finiteNumber,
  frequencySchema,
  idSchema,
  indicatorSchema,
  ipoSchema,
  isoDateSchema,
  keyResultKindSchema,
  kpiCodeSchema,
  nameSchema,
  periodKeySchema,
  polaritySchema,
  textSchema,
  thresholdsSchema,
  versionSchema,
  weightSchema,
  zoneSchema,
} from "./fields";

// Inputs of the tree's write path. Rules that need the rest of the tree (a baseline on the
// wrong side of a target, a formula naming an unknown KPI, a link closing a cycle) are
// checked by lib/domain inside the data access layer, where the tree is known.

const nullableNumber = finiteNumber.nullable();

export const kpiFieldsSchema = z
  .object({
    name: nameSchema,
    description: textSchema.default(""),
    unit: z.string().trim().max(50, "At most 50 characters.").default(""),
    ipo: ipoSchema,
    indicator: indicatorSchema.default("lagging"),
    direction: directionSchema,
    frequency: frequencySchema,
    aggregation: aggregationSchema.default("last"),
    department: codeSchema,
    baseline: nullableNumber.default(null),
    target: nullableNumber.default(null),
    tolerance: finiteNumber.min(0, "A tolerance cannot be negative.").nullable().default(0),
    thresholds: thresholdsSchema.nullable().default(null),
    formula: z.string().trim().max(2000, "At most 2,000 characters.").nullable().default(null),
    lagDays: z.number({ error: "Enter a number of days." }).int("Whole days.").min(0).max(3660).default(30),
    /** The valid range, inclusive (spec/drivertree-format.md); the DAL checks values already stored against it. */
    min: nullableNumber.default(null),
    max: nullableNumber.default(null),
    published: z.boolean().default(false),
  })
  .superRefine((kpi, context) => {
    if (kpi.min !== null && kpi.max !== null && kpi.min > kpi.max) {
      context.addIssue({ code: "custom", path: ["max"], message: "The maximum cannot be below the minimum." });
    }
  });

export const createKpiSchema = kpiFieldsSchema.extend({ code: kpiCodeSchema });
export type CreateKpiInput = z.infer<typeof createKpiSchema>;

// An edit replaces the editable fields; the code is fixed once other KPIs' formulas may name it.
// `confirmFrequencyChange`: the officer has been told that a new frequency removes the measurements
// (and per-period targets) of the old one, and agreed; without it such a change is refused with that explanation.
export const updateKpiSchema = kpiFieldsSchema.extend({
  id: idSchema,
  version: versionSchema,
  confirmFrequencyChange: z.boolean().optional(),
});
export type UpdateKpiInput = z.infer<typeof updateKpiSchema>;

export const deleteSchema = z.object({ id: idSchema, version: versionSchema });
export type DeleteInput = z.infer<typeof deleteSchema>;

// A per-period target is part of its KPI: each change quotes the KPI's version, as every other edit of it does.
export const setKpiTargetSchema = z.object({
  kpiId: idSchema,
  version: versionSchema,
  period: periodKeySchema,
  value: finiteNumber,
});
export type SetKpiTargetInput = z.infer<typeof setKpiTargetSchema>;

export const removeKpiTargetSchema = z.object({ kpiId: idSchema, version: versionSchema, period: periodKeySchema });
export type RemoveKpiTargetInput = z.infer<typeof removeKpiTargetSchema>;

// A formula as it is being written, for the preview of its last values: the KPI it is for (null while the KPI is
// being created and has no code yet) and the frequency chosen in the form.
export const previewFormulaSchema = z.object({
  code: kpiCodeSchema.nullable().default(null),
  frequency: frequencySchema,
  formula: z.string().trim().min(1, "Write a formula.").max(2000, "At most 2,000 characters."),
});
export type PreviewFormulaInput = z.infer<typeof previewFormulaSchema>;

export const createLinkSchema = z.object({
  from: kpiCodeSchema,
  to: kpiCodeSchema,
  weight: weightSchema.default(1),
  polarity: polaritySchema.default("positive"),
});
export type CreateLinkInput = z.infer<typeof createLinkSchema>;

export const updateLinkSchema = z.object({
  id: idSchema,
  version: versionSchema,
  weight: weightSchema,
  polarity: polaritySchema,
});
export type UpdateLinkInput = z.infer<typeof updateLinkSchema>;

const objectiveFieldsSchema = z.object({
  title: nameSchema,
  description: textSchema.default(""),
  department: codeSchema.nullable().default(null),
  parent: codeSchema.nullable().default(null),
  weight: weightSchema.default(1),
  published: z.boolean().default(false),
});

export const createObjectiveSchema = objectiveFieldsSchema.extend({ code: codeSchema, plan: codeSchema });
export type CreateObjectiveInput = z.infer<typeof createObjectiveSchema>;
export const updateObjectiveSchema = objectiveFieldsSchema.extend({ id: idSchema, version: versionSchema });
export type UpdateObjectiveInput = z.infer<typeof updateObjectiveSchema>;

const keyResultFieldsSchema = z.object({
  title: nameSchema,
  kind: keyResultKindSchema.default("metric"),
  kpi: kpiCodeSchema.nullable().default(null),
  start: nullableNumber.default(null),
  target: nullableNumber.default(null),
  startDate: isoDateSchema.nullable().default(null),
  dueDate: isoDateSchema.nullable().default(null),
  weight: weightSchema.default(1),
  progress: finiteNumber
    .min(0, "Progress is between 0 and 1.")
    .max(1, "Progress is between 0 and 1.")
    .nullable()
    .default(null),
  zone: zoneSchema.nullable().default(null),
  narrative: textSchema.default(""),
  published: z.boolean().default(false),
});

function checkKeyResultKind(keyResult: z.infer<typeof keyResultFieldsSchema>, context: z.RefinementCtx) {
  if (keyResult.kind === "metric") {
    if (!keyResult.kpi)
      context.addIssue({ code: "custom", path: ["kpi"], message: "A metric key result tracks a KPI." });
    if (keyResult.target === null)
      context.addIssue({ code: "custom", path: ["target"], message: "A metric key result needs a target value." });
  }
  if (keyResult.startDate && keyResult.dueDate && keyResult.dueDate <= keyResult.startDate) {
    context.addIssue({ code: "custom", path: ["dueDate"], message: "The due date must be after the start date." });
  }
}

export const createKeyResultSchema = keyResultFieldsSchema
  .extend({ code: codeSchema, objective: codeSchema })
  .superRefine(checkKeyResultKind);
export type CreateKeyResultInput = z.infer<typeof createKeyResultSchema>;
export const updateKeyResultSchema = keyResultFieldsSchema
  .extend({ id: idSchema, version: versionSchema })
  .superRefine(checkKeyResultKind);
export type UpdateKeyResultInput = z.infer<typeof updateKeyResultSchema>;

export const recordMeasurementSchema = z.object({
  kpi: kpiCodeSchema,
  period: periodKeySchema,
  value: finiteNumber,
  note: textSchema.max(2000, "At most 2,000 characters.").default(""),
  source: z.string().trim().max(200, "At most 200 characters.").default(""),
});
export type RecordMeasurementInput = z.infer<typeof recordMeasurementSchema>;

export const nodeKindSchema = z.enum(["kpi", "keyResult", "objective"]);

export const addCommentarySchema = z.object({
  nodeKind: nodeKindSchema,
  code: codeSchema,
  period: periodKeySchema.nullable().default(null),
  body: z.string().trim().min(1, "Write the commentary.").max(10_000, "At most 10,000 characters."),
  /**
   * Whether residents see it on the public dashboard (where its node is published). Not given means no: commentary
   * is internal unless someone who may publish says otherwise (lib/dal/commentary.ts).
   */
  isPublic: z.boolean().default(false),
});
export type AddCommentaryInput = z.infer<typeof addCommentarySchema>;

export const updateCommentarySchema = z.object({
  id: idSchema,
  version: versionSchema,
  body: z.string().trim().min(1, "Write the commentary.").max(10_000, "At most 10,000 characters."),
  /** As when adding: each save says again whether it is public, and not given means internal. */
  isPublic: z.boolean().default(false),
});
export type UpdateCommentaryInput = z.infer<typeof updateCommentarySchema>;

// ── Plans, and moving objectives and key results ──

function checkPlanDates(plan: { startDate: string; endDate: string }, context: z.RefinementCtx) {
  if (plan.endDate <= plan.startDate) {
    context.addIssue({ code: "custom", path: ["endDate"], message: "The end date must be after the start date." });
  }
}

const planFieldsSchema = z.object({
  name: nameSchema,
  startDate: isoDateSchema,
  endDate: isoDateSchema,
});

export const createPlanSchema = planFieldsSchema.extend({ code: codeSchema }).superRefine(checkPlanDates);
export type CreatePlanInput = z.infer<typeof createPlanSchema>;
export const updatePlanSchema = planFieldsSchema
  .extend({ id: idSchema, version: versionSchema })
  .superRefine(checkPlanDates);
export type UpdatePlanInput = z.infer<typeof updatePlanSchema>;

export const directionOfMoveSchema = z.enum(["up", "down"], { error: "Choose up or down." });

/** One place up or down among its siblings. */
export const reorderSchema = z.object({ id: idSchema, version: versionSchema, direction: directionOfMoveSchema });
export type ReorderInput = z.infer<typeof reorderSchema>;

/** Under another objective (parent), or to the top level (no parent); it goes last among its new siblings. */
export const moveObjectiveSchema = z.object({
  id: idSchema,
  version: versionSchema,
  parent: codeSchema.nullable().default(null),
});
export type MoveObjectiveInput = z.infer<typeof moveObjectiveSchema>;

/** To another objective; it goes last among that objective's key results. */
export const moveKeyResultSchema = z.object({ id: idSchema, version: versionSchema, objective: codeSchema });
export type MoveKeyResultInput = z.infer<typeof moveKeyResultSchema>;

import { z } from "zod";
import { isoDateSchema } from "./fields";
import { documentKpiSchema, documentMeasurementSchema } from "./document";

// Bodies and responses of the REST API (spec/drivertree-format.md, "The API"), beside the document's schemas: the
// route handlers parse with them, and the OpenAPI description is generated from them (lib/api/openapi.ts).

export const MAX_MEASUREMENTS_PER_REQUEST = 10_000;

/** One row of POST /api/v1/measurements: the document's measurement. */
export const measurementRowSchema = documentMeasurementSchema;

const sourceSchema = z
  .string()
  .trim()
  .max(200, "At most 200 characters.")
  .optional()
  .meta({ description: 'Where the values come from, kept with each one (default "API").' });

export const measurementBatchRequestSchema = z
  .strictObject({
    measurements: z
      .array(measurementRowSchema)
      .max(MAX_MEASUREMENTS_PER_REQUEST)
      .meta({ description: `Up to ${MAX_MEASUREMENTS_PER_REQUEST.toLocaleString("en-US")} rows.` }),
    source: sourceSchema,
  })
  .meta({ id: "MeasurementBatch" });

/** The body as first read: its rows are then checked one by one, so that one bad row does not refuse the others. */
export const measurementBatchEnvelopeSchema = z.strictObject({
  measurements: z.array(z.unknown()),
  source: sourceSchema,
});

export const rejectedRowSchema = z
  .object({
    index: z.number().int().meta({ description: "The row's position in `measurements`, from 0." }),
    path: z.string().meta({ example: "measurements[3].period" }),
    message: z.string(),
  })
  .meta({ id: "RejectedRow" });

export const measurementBatchResultSchema = z
  .object({
    accepted: z.number().int().meta({ description: "Rows stored, or already stored with the same value and note." }),
    rejected: z.array(rejectedRowSchema).meta({ description: "Every problem of every refused row; none is dropped." }),
    created: z.number().int().meta({ description: "Rows for a period that had no value." }),
    replaced: z.number().int().meta({ description: "Rows that replaced a value, which is kept in the history." }),
    unchanged: z.number().int().meta({ description: "Rows equal to the stored value and note." }),
    healthPending: z.boolean().meta({
      description:
        "False: health was recomputed before this response. True: the batch changed many KPIs of a large tree, so " +
        "health is being recomputed in the background, once for a burst of batches; GET /api/v1/health always " +
        "computes from the stored data.",
    }),
  })
  .meta({ id: "MeasurementBatchResult" });

const countsShape = {
  agency: z.number().int(),
  departments: z.number().int(),
  plans: z.number().int(),
  kpis: z.number().int(),
  links: z.number().int(),
  objectives: z.number().int(),
  keyResults: z.number().int(),
  measurements: z.number().int(),
};

export const importCountsSchema = z.object(countsShape).meta({ id: "ImportCounts" });

export const importResultSchema = z
  .object({ created: importCountsSchema, updated: importCountsSchema, unchanged: importCountsSchema })
  .meta({
    id: "ImportResult",
    description: "How many objects of each kind the import created, replaced, and found unchanged.",
  });

export const ERROR_CODES = [
  "invalid",
  "unauthenticated",
  "forbidden",
  "not_found",
  "conflict",
  "too_large",
  "rate_limited",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const errorDetailSchema = z
  .object({ path: z.string().meta({ example: "kpis[3].formula" }), message: z.string() })
  .meta({ id: "ErrorDetail" });

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(errorDetailSchema),
    }),
  })
  .meta({ id: "Error" });

// ── Health (spec/drivertree-format.md, GET /api/v1/health) ───────────────────────────────────────────────────────

export const statusSchema = z.enum(["ON_TRACK", "AT_RISK", "OFF_TRACK", "NO_DATA", "NO_TARGET"]).meta({ id: "Status" });

export const kpiHealthNodeSchema = z
  .object({
    kind: z.literal("kpi"),
    code: z.string(),
    period: z.string().nullable().meta({ description: "The period of the latest value." }),
    value: z.number().nullable(),
    target: z.number().nullable(),
    attainment: z.number().nullable(),
    health: z.number().nullable(),
    status: statusSchema,
    stale: z.boolean(),
    driverHealth: z.number().nullable(),
    divergent: z.boolean(),
    reason: z
      .enum(["no data", "missing input", "division by zero"])
      .nullable()
      .meta({ description: "Why there is no value; null when there is one." }),
  })
  .meta({ id: "KpiHealth" });

export const keyResultHealthNodeSchema = z
  .object({
    kind: z.literal("keyResult"),
    code: z.string(),
    progress: z.number().nullable(),
    health: z.number().nullable(),
    status: statusSchema,
  })
  .meta({ id: "KeyResultHealth" });

export const objectiveHealthNodeSchema = z
  .object({
    kind: z.literal("objective"),
    code: z.string(),
    progress: z.number().nullable(),
    health: z.number().nullable(),
    status: statusSchema,
    coverage: z.number().nullable(),
    freshness: z.number().nullable(),
    counts: z.partialRecord(statusSchema, z.number().int()).meta({ description: "Children by status." }),
    weakest: z.string().nullable().meta({ description: "The code of the child with the lowest health." }),
  })
  .meta({ id: "ObjectiveHealth" });

export const healthNodeSchema = z
  .discriminatedUnion("kind", [kpiHealthNodeSchema, keyResultHealthNodeSchema, objectiveHealthNodeSchema])
  .meta({ id: "HealthNode" });

export const healthQuerySchema = z.object({
  asOf: isoDateSchema.optional().meta({ description: "YYYY-MM-DD; default: today in UTC." }),
});

export const healthResponseSchema = z
  .object({ asOf: isoDateSchema, nodes: z.array(healthNodeSchema) })
  .meta({ id: "HealthResult" });

// ── One KPI (GET /api/v1/kpis/{code}) ────────────────────────────────────────────────────────────────────────────

export const seriesPointSchema = z
  .object({
    period: z.string(),
    value: z.number(),
    target: z.number().nullable().meta({ description: "The target for this period (per-period, else the default)." }),
    note: z.string(),
    source: z.string(),
    enteredAt: z.string().meta({ description: "When the value was entered (ISO 8601)." }),
  })
  .meta({ id: "SeriesPoint" });

export const linkedKpiSchema = z
  .object({
    code: z.string(),
    name: z.string(),
    weight: z.number(),
    polarity: z.enum(["positive", "negative"]),
    status: statusSchema.nullable(),
    health: z.number().nullable(),
  })
  .meta({ id: "LinkedKpi" });

export const kpiDetailSchema = z
  .object({
    kpi: documentKpiSchema,
    series: z.array(seriesPointSchema).meta({ description: "Every stored value, oldest period first." }),
    targets: z.record(z.string(), z.number()).meta({ description: "Per-period targets." }),
    asOf: isoDateSchema,
    health: kpiHealthNodeSchema,
    explanation: z
      .record(z.string(), z.unknown())
      .meta({ description: "Why the KPI has its health: the rule applied and the inputs it used." }),
    drivers: z.array(linkedKpiSchema).meta({ description: "The KPIs that drive this one." }),
    drives: z.array(linkedKpiSchema).meta({ description: "The KPIs this one drives." }),
  })
  .meta({
    id: "KpiDetail",
    description:
      "For a caller limited to a department, KPIs outside what it may see are left out of drivers and drives, and " +
      'wherever else their code would appear it is masked: "" in a code field of the explanation, "?" in a formula.',
  });

export type HealthResponse = z.infer<typeof healthResponseSchema>;
export type KpiDetail = z.infer<typeof kpiDetailSchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
export type MeasurementBatchResult = z.infer<typeof measurementBatchResultSchema>;

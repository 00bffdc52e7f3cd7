import { z } from "zod";
import {
  aggregationSchema,
  codeSchema,
  directionSchema,
  finiteNumber,
  frequencySchema,
  indicatorSchema,
  ipoSchema,
  isoDateSchema,
  keyResultKindSchema,
  kpiCodeSchema,
  nameSchema,
  polaritySchema,
  textSchema,
  weightSchema,
  zoneSchema,
} from "./fields";

// The `drivertree/v1` document (spec/drivertree-format.md) as zod schemas: the importer validates with them, the
// document's types are inferred from them, and the JSON Schema and the OpenAPI description are generated from them
// (lib/document/openapi.ts). The contract is public and stable: add fields, never rename or drop them within v1.
//
// Objects are strict: an unknown key is reported with its path rather than ignored, because import replaces each
// object whole — a misspelt "taget" would otherwise silently reset the target to none.
//
// Shapes only: the rules that need the rest of the tree (unknown codes, cycles, a baseline on the wrong side of a
// target, a period key that does not fit the KPI's frequency, …) are lib/domain's, applied by
// lib/document/check-document.ts with each problem's JSON path.

export const DOCUMENT_FORMAT = "drivertree/v1";

/**
 * How large a document may be, so that checking one takes a bounded time and memory whatever it holds. Each limit is
 * generous: several times the largest real document — the benchmarks' 10,000-KPI agency (tests/bench/engine:
 * 20,000 driver links, 300 objectives, 1,000 key results, 24 months of measurements = 240,000, one target per KPI;
 * 13.5 MB of JSON) and the ~2,000-node plan of the page benchmarks — and a city's departments number in the
 * hundreds. Objectives and key results count nested ones too. A document over a limit is refused before any of its
 * items is read.
 */
export const DOCUMENT_LIMITS = {
  departments: 20_000,
  kpis: 50_000,
  links: 200_000,
  objectives: 20_000,
  keyResults: 50_000,
  measurements: 1_000_000,
  /** Per-period targets of one KPI: 100 years of months. */
  targetsPerKpi: 1_200,
  /** How deep `children` may nest objectives: the checker walks them level by level. */
  objectiveNesting: 100,
} as const;

/** A reference to another object by its code: whether it exists is checked against the whole tree. */
const referenceSchema = z.string().trim().min(1, "Enter a code.").max(100, "A code has at most 100 characters.");

const documentThresholdsSchema = z
  .strictObject({
    onTrack: finiteNumber.optional().meta({ description: "Health at or above which a node is ON_TRACK (0–1)." }),
    atRisk: finiteNumber.optional().meta({ description: "Health at or above which a node is AT_RISK (0–1)." }),
  })
  .meta({ id: "Thresholds", description: "Either key or both; each between 0 and 1, atRisk ≤ onTrack." });

export const documentAgencySchema = z
  .strictObject({
    name: nameSchema.meta({ description: "The agency's name." }),
    slug: z
      .string()
      .trim()
      .max(100)
      .optional()
      .meta({ description: "The agency's short name in addresses. Written by export; import ignores it." }),
    fiscalYearStartMonth: z
      .number()
      .int("A whole month number.")
      .min(1, "A month from 1 to 12.")
      .max(12, "A month from 1 to 12.")
      .default(1)
      .meta({ description: "1–12. Quarters and years follow the fiscal year, labelled by the year in which it ends." }),
    thresholds: documentThresholdsSchema.nullable().default(null),
  })
  .meta({ id: "Agency" });

export const documentDepartmentSchema = z
  .strictObject({
    code: codeSchema,
    name: nameSchema,
    parent: referenceSchema.nullable().default(null).meta({ description: "The parent department's code." }),
  })
  .meta({ id: "Department" });

export const documentPlanSchema = z
  .strictObject({
    code: codeSchema,
    name: z.string().trim().max(300, "At most 300 characters.").default(""),
    start: isoDateSchema.meta({ description: "YYYY-MM-DD: the default start date of every key result." }),
    end: isoDateSchema.meta({ description: "YYYY-MM-DD: the default due date of every key result." }),
  })
  .meta({ id: "Plan" });

export const documentKpiSchema = z
  .strictObject({
    code: kpiCodeSchema,
    name: nameSchema,
    unit: z.string().trim().max(50, "At most 50 characters.").default(""),
    ipo: ipoSchema,
    indicator: indicatorSchema.default("lagging"),
    direction: directionSchema,
    frequency: frequencySchema,
    aggregation: aggregationSchema.default("last"),
    department: referenceSchema.meta({ description: "The owning department's code." }),
    baseline: finiteNumber.nullable().default(null),
    target: finiteNumber.nullable().default(null).meta({ description: "The default target." }),
    targets: z
      .record(z.string(), finiteNumber)
      .refine((targets) => Object.keys(targets).length <= DOCUMENT_LIMITS.targetsPerKpi, {
        error: `A KPI has at most ${DOCUMENT_LIMITS.targetsPerKpi.toLocaleString("en-US")} per-period targets.`,
      })
      .nullable()
      .default(null)
      .meta({ description: "Per-period targets keyed by a period key of the KPI's own frequency." }),
    tolerance: finiteNumber
      .nullable()
      .default(null)
      .meta({ description: "For maintain KPIs: an absolute amount in the KPI's unit; none means 0." }),
    thresholds: documentThresholdsSchema
      .nullable()
      .default(null)
      .meta({ description: "Overrides the agency's thresholds for this KPI's own status only." }),
    formula: z
      .string()
      .max(2000, "At most 2,000 characters.")
      .nullable()
      .default(null)
      .meta({ description: "An expression over other KPIs' codes; a formula KPI takes no measurements." }),
    lagDays: z
      .number()
      .int("Whole days.")
      .min(0, "0 or more days.")
      .max(3660)
      .default(30)
      .meta({ description: "How many days after a period's last day its value is due." }),
    min: finiteNumber.nullable().default(null).meta({
      description:
        "The lowest valid value, inclusive; none = no lower bound. A measurement, baseline or target below it is refused.",
    }),
    max: finiteNumber.nullable().default(null).meta({
      description:
        "The highest valid value, inclusive; none = no upper bound. A measurement, baseline or target above it is refused.",
    }),
    published: z.boolean().default(false),
    description: textSchema.default(""),
  })
  .meta({ id: "Kpi" });

export const documentLinkSchema = z
  .strictObject({
    from: referenceSchema.meta({ description: "The driver KPI's code." }),
    to: referenceSchema.meta({ description: "The code of the KPI it drives." }),
    weight: weightSchema.default(1),
    polarity: polaritySchema.default("positive"),
  })
  .meta({ id: "DriverLink" });

export const documentKeyResultSchema = z
  .strictObject({
    code: codeSchema,
    title: nameSchema,
    kind: keyResultKindSchema.default("metric"),
    kpi: referenceSchema.nullable().default(null).meta({ description: "metric: the tracked KPI's code (required)." }),
    start: finiteNumber
      .nullable()
      .default(null)
      .meta({ description: "metric: the start value; none = the KPI's baseline." }),
    target: finiteNumber.nullable().default(null).meta({ description: "metric: the target value (required)." }),
    startDate: isoDateSchema.nullable().default(null).meta({ description: "YYYY-MM-DD; none = the plan's start." }),
    dueDate: isoDateSchema.nullable().default(null).meta({ description: "YYYY-MM-DD; none = the plan's end." }),
    weight: weightSchema.default(1),
    progress: finiteNumber.nullable().default(null).meta({ description: "milestone: the progress entered, 0–1." }),
    zone: zoneSchema
      .nullable()
      .default(null)
      .meta({ description: "qualitative: the zone reached; none = no data yet." }),
    narrative: textSchema.default(""),
    published: z.boolean().default(false),
  })
  .meta({ id: "KeyResult" });

const objectiveFields = {
  code: codeSchema,
  title: nameSchema,
  description: textSchema.default(""),
  department: referenceSchema.nullable().default(null).meta({ description: "The owning department's code." }),
  parent: referenceSchema
    .nullable()
    .optional()
    .meta({ description: "The parent objective's code; inside a parent's children it may be left out." }),
  weight: weightSchema.default(1),
  published: z.boolean().default(false),
  keyResults: z.array(documentKeyResultSchema).default([]),
};

export type DocumentObjectiveInput = z.input<typeof objectiveShape> & { children?: DocumentObjectiveInput[] };
export type DocumentObjectiveOutput = z.output<typeof objectiveShape> & { children?: DocumentObjectiveOutput[] };
const objectiveShape = z.strictObject(objectiveFields);

export const documentObjectiveSchema: z.ZodType<DocumentObjectiveOutput, DocumentObjectiveInput> = z
  .strictObject({
    ...objectiveFields,
    get children() {
      return z
        .array(documentObjectiveSchema)
        .optional()
        .meta({ description: "Child objectives, nested here instead of naming their parent." });
    },
  })
  .meta({ id: "Objective" });

export const documentMeasurementSchema = z
  .strictObject({
    kpi: referenceSchema.meta({ description: "The KPI's code." }),
    period: z
      .string()
      .trim()
      .min(1, "Enter a period.")
      .max(20)
      .meta({ description: "A period key of the KPI's frequency: YYYY-MM, YYYY-Qn (fiscal) or YYYY (fiscal)." }),
    value: finiteNumber,
    note: textSchema.max(2000, "At most 2,000 characters.").default(""),
  })
  .meta({ id: "Measurement" });

export const driverTreeDocumentSchema = z
  .strictObject({
    format: z.literal(DOCUMENT_FORMAT, { error: `The format must be "${DOCUMENT_FORMAT}".` }),
    agency: documentAgencySchema,
    departments: z.array(documentDepartmentSchema),
    plan: documentPlanSchema,
    kpis: z.array(documentKpiSchema),
    links: z.array(documentLinkSchema),
    objectives: z.array(documentObjectiveSchema),
    measurements: z.array(documentMeasurementSchema).default([]),
  })
  .meta({
    id: "DriverTreeDocument",
    title: "drivertree/v1",
    description:
      "An agency's plan: departments, KPIs, driver links, objectives with key results, and optionally measurements. " +
      "Everything is addressed by a code unique per kind within the agency.",
  });

// ── The parts the importer parses one by one ─────────────────────────────────────────────────────────────────────
// Each list item is parsed on its own, so one bad KPI is reported with its path and the rest of the document is
// still checked against the rules of the tree (every problem is reported, not the first one).

const formatCount = (count: number) => count.toLocaleString("en-US");

/** A list no longer than `max`; anything else (no list, not a list) is left to the item-by-item check to report. */
const cappedList = (max: number, what: string) =>
  z
    .unknown()
    .superRefine((value, context) => {
      if (!Array.isArray(value) || value.length <= max) return;
      context.addIssue({
        code: "custom",
        message: `A document holds at most ${formatCount(max)} ${what}; this one has ${formatCount(value.length)}.`,
      });
    })
    .optional();

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Objectives nested through `children`, walked without recursion: the depth (at the first `children` list too deep,
 * where the checker would report it) and the totals of objectives and key results.
 */
function checkObjectiveNesting(objectives: unknown, context: z.core.$RefinementCtx<unknown>): void {
  if (!Array.isArray(objectives)) return;
  let objectiveCount = 0;
  let keyResultCount = 0;
  const pending: { item: unknown; path: (string | number)[]; depth: number }[] = objectives.map((item, index) => ({
    item,
    path: [index],
    depth: 1,
  }));
  while (pending.length > 0) {
    const { item, path, depth } = pending.pop() as (typeof pending)[number];
    objectiveCount += 1;
    if (!isPlainObject(item)) continue;
    if (Array.isArray(item.keyResults)) keyResultCount += item.keyResults.length;
    if (!Array.isArray(item.children) || item.children.length === 0) continue;
    if (depth >= DOCUMENT_LIMITS.objectiveNesting) {
      context.addIssue({
        code: "custom",
        path: [...path, "children"],
        message: `Objectives nest at most ${DOCUMENT_LIMITS.objectiveNesting} levels deep.`,
      });
      return;
    }
    item.children.forEach((child, index) =>
      pending.push({ item: child, path: [...path, "children", index], depth: depth + 1 }),
    );
    if (objectiveCount + pending.length > DOCUMENT_LIMITS.objectives) break;
  }
  objectiveCount += pending.length;
  if (objectiveCount > DOCUMENT_LIMITS.objectives) {
    context.addIssue({
      code: "custom",
      path: [],
      message: `A document holds at most ${formatCount(DOCUMENT_LIMITS.objectives)} objectives, nested ones included; this one has more.`,
    });
  } else if (keyResultCount > DOCUMENT_LIMITS.keyResults) {
    context.addIssue({
      code: "custom",
      path: [],
      message: `A document holds at most ${formatCount(DOCUMENT_LIMITS.keyResults)} key results; this one has ${formatCount(keyResultCount)}.`,
    });
  }
}

/**
 * The document's lists, only as far as their sizes: what the checker parses first, to refuse an oversized document
 * before reading its items. Everything else (a missing list, an unknown key) is the item-by-item check's to report.
 */
export const documentEnvelopeSchema = z.looseObject({
  departments: cappedList(DOCUMENT_LIMITS.departments, "departments"),
  kpis: cappedList(DOCUMENT_LIMITS.kpis, "KPIs"),
  links: cappedList(DOCUMENT_LIMITS.links, "driver links"),
  objectives: cappedList(DOCUMENT_LIMITS.objectives, "objectives").superRefine(checkObjectiveNesting).optional(),
  measurements: cappedList(DOCUMENT_LIMITS.measurements, "measurements"),
});

export const documentFormatSchema = driverTreeDocumentSchema.shape.format;

/** An objective without its key results and children, which are parsed one by one. */
export const documentObjectiveOwnFieldsSchema = objectiveShape.extend({
  keyResults: z.array(z.unknown()).default([]),
  children: z.array(z.unknown()).optional(),
});

export type DriverTreeDocumentInput = z.input<typeof driverTreeDocumentSchema>;
export type DriverTreeDocumentOutput = z.output<typeof driverTreeDocumentSchema>;
export type DocumentAgency = z.output<typeof documentAgencySchema>;
export type DocumentDepartment = z.output<typeof documentDepartmentSchema>;
export type DocumentPlan = z.output<typeof documentPlanSchema>;
export type DocumentKpi = z.output<typeof documentKpiSchema>;
export type DocumentLink = z.output<typeof documentLinkSchema>;
export type DocumentKeyResult = z.output<typeof documentKeyResultSchema>;
export type DocumentMeasurement = z.output<typeof documentMeasurementSchema>;

// ── zod issues as JSON paths ─────────────────────────────────────────────────────────────────────────────────────

/** ["kpis", 3, "formula"] → "kpis[3].formula" (the form every problem's `path` takes). */
export function toJsonPath(segments: readonly PropertyKey[], prefix = ""): string {
  let path = prefix;
  for (const segment of segments) {
    if (typeof segment === "number") path += `[${segment}]`;
    else path += path === "" ? String(segment) : `.${String(segment)}`;
  }
  return path;
}

export type PathProblem = { path: string; message: string };

/** Every issue of a failed parse, each with its JSON path under `prefix`. */
export function toPathProblems(error: z.ZodError, prefix = ""): PathProblem[] {
  return error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return {
        path: toJsonPath([...issue.path, ...(issue.keys.length === 1 ? issue.keys : [])], prefix),
        message:
          issue.keys.length === 1
            ? `${issue.keys[0]} is not a field here.`
            : `${issue.keys.join(", ")} are not fields here.`,
      };
    }
    return { path: toJsonPath(issue.path, prefix), message: describeIssue(issue) };
  });
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === "invalid_type" && issue.input === undefined) return "This field is required.";
  return issue.message;
}

// Types of the `drivertree/v1` document (spec/drivertree-format.md), inferred from the zod schemas that validate it
// (lib/validation/document.ts), so the types, the importer and the published JSON Schema cannot drift apart.
// `DriverTree*` are the shapes a document may be written in (optional fields optional, as in the seed data);
// `Document*` in lib/validation/document.ts are the same objects after parsing, with every default filled in.

import type { z } from "zod";
import type {
  DocumentObjectiveInput,
  documentAgencySchema,
  documentDepartmentSchema,
  documentKeyResultSchema,
  documentKpiSchema,
  documentLinkSchema,
  documentMeasurementSchema,
  documentPlanSchema,
  driverTreeDocumentSchema,
} from "@/lib/validation/document";

export type { Aggregation, Direction, Frequency, Ipo, KeyResultKind, Polarity, Zone } from "@/lib/domain/model";
export type IndicatorKind = "leading" | "lagging";

export type DriverTreeThresholds = { onTrack?: number; atRisk?: number };
export type DriverTreeAgency = z.input<typeof documentAgencySchema>;
export type DriverTreeDepartment = z.input<typeof documentDepartmentSchema>;
export type DriverTreePlan = z.input<typeof documentPlanSchema>;
export type DriverTreeKpi = z.input<typeof documentKpiSchema>;
export type DriverTreeLink = z.input<typeof documentLinkSchema>;
export type DriverTreeKeyResult = z.input<typeof documentKeyResultSchema>;
export type DriverTreeObjective = DocumentObjectiveInput;
export type DriverTreeMeasurement = z.input<typeof documentMeasurementSchema>;
export type DriverTreeDocument = z.input<typeof driverTreeDocumentSchema>;

// ── Seed-only data that the document does not carry ─────────────────────────────────────────────────────────────

export type Role = "ADMIN" | "PERFORMANCE_OFFICER" | "DEPARTMENT_HEAD" | "EXECUTIVE";

export interface SeedUser {
  email: string;
  name: string;
  role: Role;
  /** A department code; only for department heads. */
  department?: string;
}

export type CommentaryKind = "kpi" | "keyResult" | "objective";

export interface SeedCommentary {
  kind: CommentaryKind;
  /** The code of the KPI, key result or objective. */
  code: string;
  /** A period key of the KPI's frequency; monthly for key results and objectives. */
  period: string;
  body: string;
  /** Internal commentary is never shown on the public dashboard. */
  internal: boolean;
}

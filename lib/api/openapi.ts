// The OpenAPI 3.1 description of the REST API and the JSON Schema of the `drivertree/v1` document, generated from the
// same zod schemas that validate requests and shape responses (lib/validation/document.ts, lib/validation/api.ts):
// the description cannot drift from what the code accepts. Served at GET /api/v1/openapi.json and
// GET /api/v1/schemas/drivertree-v1.json, and rendered for people at /api-docs.

import { z } from "zod";
import { appVersion } from "@/lib/version";
import {
  errorResponseSchema,
  healthResponseSchema,
  importResultSchema,
  kpiDetailSchema,
  MAX_MEASUREMENTS_PER_REQUEST,
  measurementBatchRequestSchema,
  measurementBatchResultSchema,
} from "@/lib/validation/api";
import { driverTreeDocumentSchema } from "@/lib/validation/document";

type JsonSchema = Record<string, unknown>;

/** Request bodies may leave out fields that have defaults: the schemas are described as clients write them. */
function toJsonSchema(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" }) as JsonSchema;
}

/** Replaces every "#/$defs/X" reference with `prefix` + X, throughout a schema. */
function rewriteRefs(value: unknown, prefix: string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, prefix));
  if (typeof value !== "object" || value === null) return value;
  const rewritten: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "$schema") continue;
    rewritten[key] =
      key === "$ref" && typeof item === "string" && item.startsWith("#/$defs/")
        ? `${prefix}${item.slice("#/$defs/".length)}`
        : rewriteRefs(item, prefix);
  }
  return rewritten;
}

/** The JSON Schema (draft 2020-12) of the document, self-contained. */
export function buildDocumentJsonSchema(): JsonSchema {
  const schema = toJsonSchema(driverTreeDocumentSchema);
  return { $schema: "https://json-schema.org/draft/2020-12/schema", $id: "drivertree-v1.json", ...schema };
}

const COMPONENT_SCHEMAS = [
  driverTreeDocumentSchema,
  importResultSchema,
  measurementBatchRequestSchema,
  measurementBatchResultSchema,
  healthResponseSchema,
  kpiDetailSchema,
  errorResponseSchema,
];

function buildComponents(): Record<string, JsonSchema> {
  const components: Record<string, JsonSchema> = {};
  for (const schema of COMPONENT_SCHEMAS) {
    const generated = toJsonSchema(schema);
    const defs = (generated.$defs ?? {}) as Record<string, JsonSchema>;
    for (const [id, definition] of Object.entries(defs)) {
      components[id] = rewriteRefs(definition, "#/components/schemas/") as JsonSchema;
    }
  }
  return components;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: unknown) => ({ "application/json": { schema } });

type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 429;
const ERROR_MEANINGS: Record<ErrorStatus, string> = {
  400: "Invalid: every problem is listed in `details`, each with its path.",
  401: "No credentials, or a token that is malformed, unknown or revoked.",
  403: "Not allowed: the token lacks the scope, or the user's role does not allow it.",
  404: "Not found (also for another agency's objects).",
  409: "Conflict with a concurrent change.",
  413: "The body is too large.",
  429: "Too many requests: wait for the number of seconds in Retry-After.",
};

function errors(...statuses: ErrorStatus[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      String(status),
      {
        description: ERROR_MEANINGS[status],
        ...(status === 429
          ? { headers: { "Retry-After": { description: "Seconds to wait.", schema: { type: "integer" } } } }
          : {}),
        content: json(ref("Error")),
      },
    ]),
  );
}

const AUTHENTICATED = [{ bearerToken: [] }, { browserSession: [] }];

/** The OpenAPI 3.1 document of /api/v1. */
export function buildOpenApiDocument(): JsonSchema {
  const codeParameter = {
    name: "code",
    in: "path",
    required: true,
    description: "The KPI's code.",
    schema: { type: "string" },
  };
  const asOfParameter = {
    name: "asOf",
    in: "query",
    required: false,
    description: "The date to compute health as of, YYYY-MM-DD (default: today in UTC).",
    schema: { type: "string", format: "date" },
  };
  const csv = { "text/csv": { schema: { type: "string" } } };
  return {
    openapi: "3.1.0",
    info: {
      title: "Throughline API",
      version: `1 (app ${appVersion})`,
      summary: "KPI driver trees in and out: the drivertree/v1 document, measurements and computed health.",
      description:
        "Callers authenticate with `Authorization: Bearer <token>` (tokens are created by an agency admin and scoped " +
        "to `read`, `measurements:write` and/or `tree:write`, optionally to one department and its sub-departments), " +
        "or with the browser session of a signed-in user, whose role then decides. Each caller may send " +
        "a limited number of requests a minute. Errors are `{ error: { code, message, details: [{ path, message }] } }`. " +
        "The contract is stable within v1: fields are added, never renamed or dropped.",
    },
    servers: [{ url: "/" }],
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    security: AUTHENTICATED,
    paths: {
      "/api/v1/import": {
        post: {
          operationId: "importDocument",
          summary: "Import a drivertree/v1 document",
          description:
            "The whole document is checked first and every problem is reported with its JSON path; then everything " +
            "is applied in one transaction, or nothing is. Objects are upserted by code (an object in the document " +
            "replaces the stored one whole); nothing is deleted. Importing the same document twice changes nothing " +
            "the second time. Health is recomputed before the response.",
          "x-scope": "tree:write",
          requestBody: { required: true, content: json(ref("DriverTreeDocument")) },
          responses: {
            "200": {
              description: "What the import created, updated and found unchanged.",
              content: json(ref("ImportResult")),
            },
            ...errors(400, 401, 403, 409, 413, 429),
          },
        },
      },
      "/api/v1/export": {
        get: {
          operationId: "exportDocument",
          summary: "Export the whole tree as a drivertree/v1 document",
          description: "Complete: export → import into an empty agency gives the same tree and the same health.",
          "x-scope": "read",
          parameters: [
            {
              name: "download",
              in: "query",
              required: false,
              description: "1 to receive it as a file (Content-Disposition: attachment).",
              schema: { type: "string", enum: ["1"] },
            },
          ],
          responses: {
            "200": { description: "The document.", content: json(ref("DriverTreeDocument")) },
            ...errors(401, 403, 429),
          },
        },
      },
      "/api/v1/measurements": {
        post: {
          operationId: "recordMeasurements",
          summary: `Record up to ${MAX_MEASUREMENTS_PER_REQUEST.toLocaleString("en-US")} measurements`,
          description:
            "Valid rows are stored; invalid ones are returned with their index, path and reason (none is silently " +
            "dropped): an unknown KPI, a period key that does not fit the KPI's frequency, a value that is not a " +
            "finite number, a formula KPI, a KPI outside the token's department and its sub-departments, a second " +
            "row for the same KPI and period. Re-sending a row replaces the value and keeps the old one in history; " +
            "the same value and note change nothing.",
          "x-scope": "measurements:write",
          requestBody: { required: true, content: json(ref("MeasurementBatch")) },
          responses: {
            "200": { description: "Rows accepted and rejected.", content: json(ref("MeasurementBatchResult")) },
            ...errors(400, 401, 403, 413, 429),
          },
        },
      },
      "/api/v1/health": {
        get: {
          operationId: "getHealth",
          summary: "Health of every node, computed as of a date",
          "x-scope": "read",
          parameters: [asOfParameter],
          responses: {
            "200": { description: "Every node the caller may see.", content: json(ref("HealthResult")) },
            ...errors(400, 401, 403, 429),
          },
        },
      },
      "/api/v1/kpis/{code}": {
        get: {
          operationId: "getKpi",
          summary: "One KPI with its series, targets, health, drivers and what it drives",
          "x-scope": "read",
          parameters: [codeParameter, asOfParameter],
          responses: {
            "200": { description: "The KPI.", content: json(ref("KpiDetail")) },
            ...errors(400, 401, 403, 404, 429),
          },
        },
      },
      "/api/v1/kpis/{code}/series.csv": {
        get: {
          operationId: "getKpiSeriesCsv",
          summary: "A KPI's series as CSV",
          description:
            "Columns kpi, period, value, note, target: the upload format, so the file can be edited and sent back.",
          "x-scope": "read",
          parameters: [codeParameter],
          responses: { "200": { description: "The series.", content: csv }, ...errors(401, 403, 404, 429) },
        },
      },
      "/api/v1/scorecard.csv": {
        get: {
          operationId: "getScorecardCsv",
          summary: "The scorecard (the plan's top objectives with status, health and progress) as CSV",
          "x-scope": "read",
          responses: { "200": { description: "The scorecard.", content: csv }, ...errors(401, 403, 429) },
        },
      },
      "/api/v1/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This description",
          "x-scope": "none",
          security: [],
          responses: { "200": { description: "OpenAPI 3.1.", content: json({ type: "object" }) } },
        },
      },
      "/api/v1/schemas/drivertree-v1.json": {
        get: {
          operationId: "getDocumentSchema",
          summary: "The JSON Schema of the drivertree/v1 document",
          "x-scope": "none",
          security: [],
          responses: { "200": { description: "JSON Schema (draft 2020-12).", content: json({ type: "object" }) } },
        },
      },
    },
    components: {
      schemas: buildComponents(),
      securitySchemes: {
        bearerToken: {
          type: "http",
          scheme: "bearer",
          description: "An API token created by an agency admin (shown once when created).",
        },
        browserSession: {
          type: "apiKey",
          in: "cookie",
          name: "authjs.session-token",
          description: "The session of a user signed in to Throughline; writes only from Throughline's own pages.",
        },
      },
    },
  };
}

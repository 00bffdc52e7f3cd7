import { apiHandler, jsonResponse, MEGABYTE, PayloadTooLargeError, readJsonBody } from "@/lib/api/http";
import { can } from "@/lib/auth/permissions";
import { recordMeasurementBatch } from "@/lib/dal/measurement-batch";
import { ForbiddenError, ValidationError } from "@/lib/errors";
import { MAX_MEASUREMENTS_PER_REQUEST, measurementBatchEnvelopeSchema } from "@/lib/validation/api";
import { toPathProblems } from "@/lib/validation/document";

// POST /api/v1/measurements (scope measurements:write): up to 10,000 rows; valid ones stored, invalid ones explained.

// 10,000 rows with long notes fit; a larger body is refused before it is read in full.
const MAX_BODY_BYTES = 16 * MEGABYTE;

export const POST = apiHandler(async ({ request, principal }) => {
  if (!can(principal, "measurement:write")) {
    throw new ForbiddenError("Recording measurements needs the measurements:write scope.");
  }
  const body = await readJsonBody(request, MAX_BODY_BYTES);
  const parsed = measurementBatchEnvelopeSchema.safeParse(body, { reportInput: true });
  if (!parsed.success) {
    const problems = toPathProblems(parsed.error);
    throw new ValidationError(
      'Send { "measurements": [ { "kpi", "period", "value", "note" } ] }.',
      Object.fromEntries(problems.map((problem) => [problem.path, [problem.message]])),
    );
  }
  const { measurements, source } = parsed.data;
  if (measurements.length > MAX_MEASUREMENTS_PER_REQUEST) {
    throw new PayloadTooLargeError(
      `${measurements.length} measurements: send at most ${MAX_MEASUREMENTS_PER_REQUEST} per request.`,
    );
  }
  const report = await recordMeasurementBatch(principal, measurements, source || "API");
  const { accepted, rejected, created, replaced, unchanged, healthPending } = report;
  return jsonResponse({ accepted, rejected, created, replaced, unchanged, healthPending });
});

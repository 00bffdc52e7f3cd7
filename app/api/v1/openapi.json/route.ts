import { buildOpenApiDocument } from "@/lib/api/openapi";

// GET /api/v1/openapi.json (public): the OpenAPI 3.1 description, generated from the zod schemas the API uses.

export function GET() {
  return Response.json(buildOpenApiDocument(), { headers: { "Cache-Control": "public, max-age=300" } });
}

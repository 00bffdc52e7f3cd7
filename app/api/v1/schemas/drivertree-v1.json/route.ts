import { buildDocumentJsonSchema } from "@/lib/api/openapi";

// GET /api/v1/schemas/drivertree-v1.json (public): the JSON Schema of the drivertree/v1 document.

export function GET() {
  return Response.json(buildDocumentJsonSchema(), {
    headers: { "Content-Type": "application/schema+json", "Cache-Control": "public, max-age=300" },
  });
}

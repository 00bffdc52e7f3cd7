import { csvAttachment, formatCsv } from "@/lib/csv";
import { getPublicKpi } from "@/lib/dal/public-read";
import { readCodeSegment } from "@/lib/validation/fields";

// Like the public pages: any cache may keep it, but must ask again each time.
const PUBLIC_CACHE_CONTROL = "public, max-age=0, must-revalidate";

const notFound = () =>
  new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** A published KPI's series as CSV, for residents and journalists; 404 for anything unpublished. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; code: string }> }) {
  const { slug, code: segment } = await params;
  const code = readCodeSegment(segment);
  if (code === null) return notFound();
  const page = await getPublicKpi(slug, code);
  if (!page) return notFound();
  // Names and units are the agency's free text: formatCsv keeps a cell like "=HYPERLINK(…)" from running as a formula.
  const csv = formatCsv(
    ["kpi", "name", "unit", "period", "value", "target"],
    page.series.map((point) => [page.kpi.code, page.kpi.name, page.kpi.unit, point.period, point.value, point.target]),
  );
  return csvAttachment(csv, `${page.agency.slug}-${page.kpi.code}.csv`, PUBLIC_CACHE_CONTROL);
}

import { getPublicKpi } from "@/lib/dal/public-read";

/** A published KPI's series as CSV, for residents and journalists; 404 for anything unpublished. */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; code: string }> }) {
  const { slug, code } = await params;
  const page = await getPublicKpi(slug, decodeURIComponent(code));
  if (!page)
    return new Response("Not found\n", { status: 404, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const quote = (text: string) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = ["kpi,name,unit,period,value,target"];
  for (const point of page.series) {
    lines.push(
      [
        page.kpi.code,
        page.kpi.name,
        page.kpi.unit,
        point.period,
        String(point.value),
        point.target === null ? "" : String(point.target),
      ]
        .map(quote)
        .join(","),
    );
  }
  const fileName = `${page.agency.slug}-${page.kpi.code}.csv`.replace(/[^A-Za-z0-9._-]/g, "_");
  return new Response(lines.join("\r\n") + "\r\n", {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "public, max-age=0, must-revalidate",
    },
  });
}

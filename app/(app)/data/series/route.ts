// The Data page's "download a KPI's series" form posts the chosen code here (a plain GET form, no script needed);
// this only redirects to the API's download, which authorizes the caller.

export function GET(request: Request) {
  const url = new URL(request.url);
  const code = (url.searchParams.get("code") ?? "").trim();
  const target = code === "" ? "/data" : `/api/v1/kpis/${encodeURIComponent(code)}/series.csv`;
  return new Response(null, { status: 303, headers: { Location: target } });
}

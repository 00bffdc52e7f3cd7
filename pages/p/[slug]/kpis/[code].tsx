import type { GetServerSideProps, PageConfig } from "next";
import { describePublicKpi, PublicKpiView } from "@/components/public/public-kpi";
import { PublicPage, publicPageNotFound, type PublicPageProps } from "@/components/public/public-page";
import { getRenderedPublicPage, PUBLIC_PAGE_CACHE_CONTROL } from "@/components/public/public-page-cache";
import { getPublicDataVersion, getPublicKpi } from "@/lib/dal/public-read";

// One published KPI's public page. Like the dashboard (../index.tsx): no JavaScript, rendered
// once per server and data version.
export const config: PageConfig = { unstable_runtimeJS: false };

export const getServerSideProps: GetServerSideProps<PublicPageProps, { slug: string; code: string }> = async ({
  params,
  res,
}) => {
  const { slug, code } = params!;
  const version = await getPublicDataVersion(slug);
  const page =
    version === null
      ? null
      : await getRenderedPublicPage(`kpi:${JSON.stringify([slug, code])}`, version, async () => {
          const kpiPage = await getPublicKpi(slug, code);
          if (!kpiPage) return null;
          return { element: <PublicKpiView page={kpiPage} />, meta: describePublicKpi(kpiPage) };
        });
  res.setHeader("Cache-Control", PUBLIC_PAGE_CACHE_CONTROL);
  if (!page) return publicPageNotFound(res);
  return { props: page };
};

export default function PublicKpiPage(page: PublicPageProps) {
  return <PublicPage {...page} />;
}

import type { GetServerSideProps, PageConfig } from "next";
import { describePublicDashboard, PublicDashboardView } from "@/components/public/public-dashboard";
import { PublicPage, publicPageNotFound, type PublicPageProps } from "@/components/public/public-page";
import { getRenderedPublicPage, PUBLIC_PAGE_CACHE_CONTROL } from "@/components/public/public-page-cache";
import { getPublicDashboard, getPublicDataVersion } from "@/lib/dal/public-read";

// An agency's public dashboard. A Pages Router page so that it ships no JavaScript at all
// (`unstable_runtimeJS`, production builds only): it is read-only HTML that works the same
// without scripts, and the App Router cannot leave out its ~140 kB runtime.
export const config: PageConfig = { unstable_runtimeJS: false };

// Rendered on each request from the render cache of this server, checked against the agency's
// data version in PostgreSQL: publishing and every other write show at once, on every
// server (components/public/public-page-cache.ts explains why not ISR).
export const getServerSideProps: GetServerSideProps<PublicPageProps, { slug: string }> = async ({ params, res }) => {
  const slug = params!.slug;
  const version = await getPublicDataVersion(slug);
  const page =
    version === null
      ? null
      : await getRenderedPublicPage(`dashboard:${slug}`, version, async () => {
          const dashboard = await getPublicDashboard(slug);
          if (!dashboard) return null;
          return { element: <PublicDashboardView dashboard={dashboard} />, meta: describePublicDashboard(dashboard) };
        });
  res.setHeader("Cache-Control", PUBLIC_PAGE_CACHE_CONTROL);
  if (!page) return publicPageNotFound(res);
  return { props: page };
};

export default function PublicDashboardPage(page: PublicPageProps) {
  return <PublicPage {...page} />;
}

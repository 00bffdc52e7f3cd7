import type { ServerResponse } from "node:http";
import { PublicHead } from "@/components/public/public-head";
import { PublicLayout } from "@/components/public/public-layout";
import type { RenderedPublicPage } from "@/components/public/public-page-cache";
import { NotFoundMessage } from "@/components/shell/not-found-message";

/** A public page's props: its cached body, or the mark of a page that is not there. */
export type PublicPageProps = RenderedPublicPage | { isMissing: true };

/** A public page around its cached body (public-page-cache.ts), or the "not found" answer. */
export function PublicPage(props: PublicPageProps) {
  if ("isMissing" in props) {
    return (
      <PublicLayout>
        <PublicHead title="Page not found" description="There is nothing at this address." type="website" />
        <NotFoundMessage />
      </PublicLayout>
    );
  }
  const { html, meta } = props;
  return (
    <PublicLayout>
      <PublicHead {...meta} />
      {/* Markup that React rendered from this app's own components, every value escaped by React
          (public-page-cache.ts); it is inserted as is so that a cached page costs no re-render. */}
      <div className="page public-page" dangerouslySetInnerHTML={{ __html: html }} />
    </PublicLayout>
  );
}

/**
 * getServerSideProps' answer for an agency or KPI that is not there or not published: status 404 and the page above.
 * Not `{ notFound: true }`: beside the App Router, Next would answer with app/not-found.tsx and its JavaScript.
 */
export function publicPageNotFound(res: ServerResponse): { props: PublicPageProps } {
  res.statusCode = 404;
  return { props: { isMissing: true } };
}

import { PublicHead } from "@/components/public/public-head";
import { PublicLayout } from "@/components/public/public-layout";
import type { RenderedPublicPage } from "@/components/public/public-page-cache";

/** A public page around its cached body (public-page-cache.ts). */
export function PublicPage({ html, meta }: RenderedPublicPage) {
  return (
    <PublicLayout>
      <PublicHead {...meta} />
      {/* Markup that React rendered from this app's own components, every value escaped by React
          (public-page-cache.ts); it is inserted as is so that a cached page costs no re-render. */}
      <div className="page public-page" dangerouslySetInnerHTML={{ __html: html }} />
    </PublicLayout>
  );
}

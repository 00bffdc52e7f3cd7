import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import type { PublicPageMeta } from "@/components/public/public-head";

// The public pages' own render cache, one per server process. A page is rendered to HTML once
// for an agency's data version (lib/dal/public-read.ts: every write that can change what
// residents see bumps it) and reused until the version moves on. Each request still reads the
// version from PostgreSQL, so a change shows at once, on every server: there is nothing to
// invalidate. Next's ISR cannot do this for Pages Router pages: the App Router's revalidatePath
// does not reach their cache entries (tested on 16.4.5), and re-rendering per request costs
// ~10 ms of CPU for the dashboard, too much for 20 concurrent readers.

/** The cache headers of a public page: any cache may keep it, but must ask again each time (ETag). */
export const PUBLIC_PAGE_CACHE_CONTROL = "public, max-age=0, must-revalidate";

/** What a public page's props carry: its body as HTML and its metadata. JSON, like all page props. */
export type RenderedPublicPage = { html: string; meta: PublicPageMeta };

type Entry = { version: number; page: Promise<RenderedPublicPage | null> };

// Enough for every page of a few agencies; the least recently used page goes first.
const MAX_PAGES = 300;
const pages = new Map<string, Entry>();

/**
 * The page `key` rendered for data `version` or newer. `render` reads the page's data (null when
 * there is no such page) and is called at most once per key and version on this server; requests
 * that arrive while it runs share its result. Not-found pages and failures are not kept.
 */
export function getRenderedPublicPage(
  key: string,
  version: number,
  render: () => Promise<{ element: ReactElement; meta: PublicPageMeta } | null>,
): Promise<RenderedPublicPage | null> {
  const cached = pages.get(key);
  // The data behind an entry is at least as new as its version (it is read after the version),
  // so a newer entry also serves a request that read an older version.
  if (cached && cached.version >= version) {
    pages.delete(key);
    pages.set(key, cached);
    return cached.page;
  }
  const entry: Entry = {
    version,
    page: render().then((result) =>
      result ? { html: renderToStaticMarkup(result.element), meta: result.meta } : null,
    ),
  };
  pages.delete(key);
  pages.set(key, entry);
  if (pages.size > MAX_PAGES) pages.delete(pages.keys().next().value!);
  const forget = () => {
    if (pages.get(key) === entry) pages.delete(key);
  };
  entry.page.then((page) => (page ? undefined : forget()), forget);
  return entry.page;
}

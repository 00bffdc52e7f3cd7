// The public pages' render cache (components/public/public-page-cache.ts): a page is rendered
// once per key and public data version, and a newer version is rendered again.
import { createElement } from "react";
import { describe, expect, test, vi } from "vitest";
import { getRenderedPublicPage } from "@/components/public/public-page-cache";

const meta = { title: "Title", description: "Description", type: "website" as const };
const renderer = (text: string) => vi.fn(async () => ({ element: createElement("p", null, text), meta }));

describe("the public pages' render cache", () => {
  test("renders a page once for a data version and serves it again from the cache", async () => {
    const render = renderer("first");
    expect(await getRenderedPublicPage("once", 3, render)).toEqual({ html: "<p>first</p>", meta });
    expect(await getRenderedPublicPage("once", 3, renderer("second"))).toEqual({ html: "<p>first</p>", meta });
    expect(render).toHaveBeenCalledTimes(1);
  });

  test("renders again for a newer version, and serves a request that read an older version from it", async () => {
    await getRenderedPublicPage("newer", 3, renderer("version 3"));
    expect((await getRenderedPublicPage("newer", 4, renderer("version 4")))?.html).toBe("<p>version 4</p>");
    const stale = renderer("an older reader");
    expect((await getRenderedPublicPage("newer", 3, stale))?.html).toBe("<p>version 4</p>");
    expect(stale).not.toHaveBeenCalled();
  });

  test("requests that arrive during a render share it", async () => {
    const render = renderer("shared");
    const pages = await Promise.all([1, 2, 3].map(() => getRenderedPublicPage("shared", 1, render)));
    expect(pages.map((page) => page?.html)).toEqual(["<p>shared</p>", "<p>shared</p>", "<p>shared</p>"]);
    expect(render).toHaveBeenCalledTimes(1);
  });

  test("keeps neither a page that does not exist nor a failed render", async () => {
    expect(await getRenderedPublicPage("missing", 1, async () => null)).toBeNull();
    expect((await getRenderedPublicPage("missing", 1, renderer("published now")))?.html).toBe("<p>published now</p>");
    await expect(
      getRenderedPublicPage("failing", 1, async () => {
        throw new Error("database down");
      }),
    ).rejects.toThrow("database down");
    expect((await getRenderedPublicPage("failing", 1, renderer("back")))?.html).toBe("<p>back</p>");
  });

  test("escapes every value, so the cached HTML can be inserted as it is", async () => {
    const page = await getRenderedPublicPage("escaped", 1, renderer('<script>alert("x")</script>'));
    expect(page?.html).toBe("<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>");
  });
});

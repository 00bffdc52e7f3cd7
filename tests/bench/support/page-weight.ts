import { gzipSync } from "node:zlib";

/**
 * The JavaScript a browser loads to show a page the first time: every <script src> in its
 * HTML, fetched and gzipped (how it travels), summed. Scripts marked nomodule (Next's
 * polyfills) load only in old browsers and are not counted; inline scripts (Next's streamed
 * payload) are data, not code, and are left out, as Next's own "First Load JS" does.
 */
export async function measureFirstLoadJs(
  url: string,
  cookie?: string,
): Promise<{ gzipBytes: number; rawBytes: number; scripts: number }> {
  const headers = cookie ? { cookie } : undefined;
  const html = await (await fetch(url, { headers })).text();
  const sources = new Set<string>();
  for (const match of html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)) {
    if (/nomodule/i.test(`${match[1]} ${match[3]}`)) continue;
    sources.add(match[2]!);
  }
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const source of sources) {
    const body = Buffer.from(await (await fetch(new URL(source, url), { headers })).arrayBuffer());
    rawBytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { gzipBytes, rawBytes, scripts: sources.size };
}

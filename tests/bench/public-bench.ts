// Benchmark of the public dashboard on the seeded City of Riverton, served by the production
// build: Lighthouse scores (performance, accessibility) driving Debian's Chromium, server
// response times at 20 concurrent connections (autocannon), and first-load JavaScript.
// Prints figures; asserts nothing about time.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { findFreePort, projectRoot } from "../../scripts/lib/postgres.mjs";

const CONNECTIONS = 20;
const DURATION_SECONDS = 10;
const KPI_PATH = "/p/riverton/kpis/permits.plan_review_days";
const PAGES = [
  { name: "public home", path: "/p/riverton" },
  { name: "public KPI page", path: KPI_PATH },
];

async function waitForServer(baseUrl: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error("the app server stopped before it was ready");
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the app server did not become ready in 5 minutes");
}

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? 0;
}

async function measureLatency(url: string) {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url, connections: CONNECTIONS, duration: DURATION_SECONDS }, (error, finished) =>
      error ? reject(error) : resolve(finished),
    );
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
  };
}

/**
 * The JavaScript a browser loads to show the page the first time: every script Chromium requested
 * while Lighthouse loaded it (so chunks that scripts load themselves count too), with every
 * <script src> of the HTML (but not nomodule ones, which only old browsers load), each fetched
 * and gzipped (how it travels) and summed. Inline scripts are counted apart: Next's own "First
 * Load JS" leaves them out (in the App Router they carry the page's data, not code).
 */
async function measureFirstLoadJs(url: string, requestedScripts: readonly string[]) {
  const html = await (await fetch(url)).text();
  const sources = new Set(requestedScripts.map((source) => new URL(source, url).href));
  let inlineScripts = 0;
  for (const match of html.matchAll(/<script([^>]*)>/g)) {
    const attributes = match[1] ?? "";
    const source = /\ssrc="([^"]+)"/.exec(attributes)?.[1];
    if (!source) inlineScripts += 1;
    else if (!/\snomodule/i.test(attributes)) sources.add(new URL(source, url).href);
  }
  let gzipBytes = 0;
  for (const source of sources) {
    gzipBytes += gzipSync(Buffer.from(await (await fetch(source)).arrayBuffer()), { level: 9 }).length;
  }
  return { gzipBytes, scripts: sources.size, inlineScripts };
}

async function runLighthouse(url: string, port: number) {
  const result = await lighthouse(url, {
    port,
    output: "json",
    logLevel: "error",
    onlyCategories: ["performance", "accessibility"],
    formFactor: "desktop",
    screenEmulation: { mobile: false, width: 1350, height: 940, deviceScaleFactor: 1, disabled: false },
    throttlingMethod: "provided",
  });
  const categories = result?.lhr.categories;
  const requests = (
    result?.lhr.audits["network-requests"]?.details as { items?: { url: string; resourceType?: string }[] }
  )?.items;
  if (!requests) throw new Error("Lighthouse recorded no network requests");
  return {
    performance: Math.round((categories?.performance?.score ?? 0) * 100),
    accessibility: Math.round((categories?.accessibility?.score ?? 0) * 100),
    scripts: requests.filter((request) => request.resourceType === "Script").map((request) => request.url),
  };
}

export async function runPublicBench(): Promise<Record<string, number>> {
  const port = await findFreePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // The e2e server script builds the app when needed, seeds a fresh database and serves it.
  const server = spawn(process.execPath, [path.join(projectRoot, "scripts/e2e-server.mjs"), String(port)], {
    cwd: projectRoot,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, JOBS_DISABLED: "1" },
  });
  const chrome = { instance: null as Awaited<ReturnType<typeof chromeLauncher.launch>> | null };
  try {
    await waitForServer(baseUrl, server);
    const figures: Record<string, number> = {};
    chrome.instance = await chromeLauncher.launch({
      chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      chromeFlags: [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    });
    console.log("\nPublic dashboard (production build, seeded City of Riverton)\n");
    for (const { name, path: pagePath } of PAGES) {
      const url = `${baseUrl}${pagePath}`;
      await fetch(url); // the first request builds the page's snapshot
      const scores = await runLighthouse(url, chrome.instance.port);
      const latency = await measureLatency(url);
      const firstLoadJs = await measureFirstLoadJs(url, scores.scripts);
      const key = name.replace(/\s+/g, "_");
      Object.assign(figures, {
        [`${key}.lighthousePerformance`]: scores.performance,
        [`${key}.lighthouseAccessibility`]: scores.accessibility,
        [`${key}.p50Ms`]: latency.p50,
        [`${key}.p95Ms`]: latency.p95,
        [`${key}.requests`]: latency.requests,
        [`${key}.non2xx`]: latency.non2xx,
        [`${key}.firstLoadJsGzipKb`]: Math.round(firstLoadJs.gzipBytes / 100) / 10,
        [`${key}.firstLoadJsScripts`]: firstLoadJs.scripts,
        [`${key}.inlineScripts`]: firstLoadJs.inlineScripts,
      });
      console.log(`  ${name} (${pagePath})`);
      console.log(
        `    Lighthouse performance ${scores.performance}, accessibility ${scores.accessibility}   goals ≥ 90, 100`,
      );
      console.log(
        `    ${CONNECTIONS} connections for ${DURATION_SECONDS} s: ${latency.requests} requests, p50 ${latency.p50} ms, p95 ${latency.p95} ms   goal p95 < 200 ms`,
      );
      console.log(
        `    first-load JS ${(firstLoadJs.gzipBytes / 1000).toFixed(1)} kB gzipped in ${firstLoadJs.scripts} scripts (and ${firstLoadJs.inlineScripts} inline)   goal ≤ 120 kB`,
      );
    }
    return figures;
  } finally {
    await chrome.instance?.kill();
    server.kill("SIGTERM");
    await new Promise((resolve) => server.once("exit", resolve));
  }
}

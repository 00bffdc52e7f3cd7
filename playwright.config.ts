import { defineConfig } from "@playwright/test";
import { oidcServerEnvironment } from "./tests/e2e/support/single-sign-on";

const port = Number(process.env.E2E_PORT ?? 3200);

// End-to-end tests drive Debian's Chromium (Playwright's own browser download is not
// possible offline). The web server script builds the app if needed, prepares a fresh
// database and serves the production build.
export default defineConfig({
  testDir: "tests/e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"]],
  // Budgets, not timed assertions: `npm test` runs this suite beside the integration tests on a 2-core machine, where
  // a page that answers in 300 ms alone can take seconds.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: `node scripts/e2e-server.mjs ${port}`,
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    // Single sign-on through the OpenID provider that tests/e2e/single-sign-on.spec.ts starts.
    env: oidcServerEnvironment(port),
    stdout: "pipe",
    stderr: "pipe",
    // Let the server script drop its database and stop the embedded server.
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});

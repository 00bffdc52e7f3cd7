import { inject } from "vitest";

// lib/env.ts reads DATABASE_URL: point it at this run's database before any test imports it.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-tests-only-secret-0123456789abcdef";

import { inject } from "vitest";

// lib/env.ts reads DATABASE_URL: point it at this run's database before any test imports it.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.AUTH_SECRET ??= "integration-tests-only-secret-0123456789abcdef";

// The security log (lib/security-log.ts) writes a line per denial; the authorization matrices deny hundreds of calls.
// Kept out of the test output; tests/integration/security-log.test.ts reads it through its own sink.
const { setSecurityLogSink } = await import("@/lib/security-log");
setSecurityLogSink(() => {});

// No `import "server-only"`: the public pages' getServerSideProps (Pages Router) reaches this
// module through lib/dal/public-read.ts, and Next rejects "server-only" there. See that file.
import { z } from "zod";

// The one place that reads process.env. Settings are validated on first use, by area, so a
// misconfigured server fails with a clear message, and a tool that only needs the database
// (the seed, the health refresh) does not need the sign-in settings.

const databaseSchema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, or set it." })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

const authSchema = z.object({
  // Signs session cookies; every app server of one deployment must share it.
  AUTH_SECRET: z
    .string({ error: "AUTH_SECRET is not set: `npm run dev` and `npm start` create one for you in .data/." })
    .min(32, "AUTH_SECRET must be at least 32 characters."),
  // Optional single sign-on through any OpenID Connect provider (Entra ID, Login.gov, Keycloak, …).
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
});

const runtimeSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  // "1" keeps this server from working background jobs (others still do).
  JOBS_DISABLED: z.enum(["0", "1"]).default("0"),
  // How many proxies of our own (load balancers) stand in front of the app servers. Their X-Forwarded-For entries
  // are believed, and the address they report is throttled on sign-in; with none, no address is known.
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  // Days the audit log keeps failed and refused sign-in attempts (successful ones stay).
  SIGN_IN_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

export type DatabaseEnvironment = z.infer<typeof databaseSchema>;
export type AuthEnvironment = z.infer<typeof authSchema>;
export type RuntimeEnvironment = z.infer<typeof runtimeSchema>;

function readSettings<Schema extends z.ZodType>(schema: Schema): z.output<Schema> {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}

let database: DatabaseEnvironment | undefined;
let auth: AuthEnvironment | undefined;
let runtime: RuntimeEnvironment | undefined;

export const getDatabaseEnv = (): DatabaseEnvironment => (database ??= readSettings(databaseSchema));
export const getAuthEnv = (): AuthEnvironment => (auth ??= readSettings(authSchema));
export const getRuntimeEnv = (): RuntimeEnvironment => (runtime ??= readSettings(runtimeSchema));

import "server-only";
import { z } from "zod";

// The one place that reads process.env: every setting is validated once, at first use,
// so a misconfigured server fails with a clear message instead of deep inside a request.
const environmentSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set: start the app with `npm run dev` or `npm start`, or set it." })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL"),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
});

export type Environment = z.infer<typeof environmentSchema>;

let cached: Environment | undefined;

export function getEnv(): Environment {
  if (cached) return cached;
  const parsed = environmentSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`Invalid environment:\n  ${problems.join("\n  ")}`);
  }
  cached = parsed.data;
  return cached;
}

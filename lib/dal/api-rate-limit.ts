import "server-only";
import { getPrisma } from "@/lib/db";
import type { Principal } from "@/lib/auth/permissions";

// A per-caller request limit for the REST API, counted in PostgreSQL (ApiRateLimit) so that every app server enforces
// the same one. Fixed windows: one atomic upsert per request starts a new window or counts one more in the current.

export const RATE_LIMIT = { requests: 600, windowSeconds: 60 } as const;

export type RateLimitDecision = {
  isAllowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends. */
  resetSeconds: number;
};

/** The key a caller is counted under: each API token on its own, each user on their own. */
export function rateLimitKeyOf(principal: Principal): string {
  return principal.kind === "token" ? `token:${principal.tokenId}` : `user:${principal.userId}`;
}

/** Counts one request of `principal` and says whether it is within the limit. */
export async function consumeRateLimit(
  principal: Principal,
  limit: { requests: number; windowSeconds: number } = RATE_LIMIT,
): Promise<RateLimitDecision> {
  const [row] = await getPrisma().$queryRaw<{ count: number; resetSeconds: number }[]>`
    INSERT INTO "ApiRateLimit" (key, "windowStart", count)
    VALUES (${rateLimitKeyOf(principal)}, now(), 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN "ApiRateLimit"."windowStart" <= now() - make_interval(secs => ${limit.windowSeconds})
                   THEN 1 ELSE "ApiRateLimit".count + 1 END,
      "windowStart" = CASE WHEN "ApiRateLimit"."windowStart" <= now() - make_interval(secs => ${limit.windowSeconds})
                           THEN now() ELSE "ApiRateLimit"."windowStart" END
    RETURNING count,
      GREATEST(1, CEIL(EXTRACT(EPOCH FROM ("windowStart" + make_interval(secs => ${limit.windowSeconds}) - now()))))::int
        AS "resetSeconds"`;
  const count = row?.count ?? 1;
  return {
    isAllowed: count <= limit.requests,
    limit: limit.requests,
    remaining: Math.max(0, limit.requests - count),
    resetSeconds: row?.resetSeconds ?? limit.windowSeconds,
  };
}

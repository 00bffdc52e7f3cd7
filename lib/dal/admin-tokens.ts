import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { TOKEN_SCOPES, type Principal, type TokenPrincipal, type TokenScope } from "@/lib/auth/permissions";
import { ConflictError, NotFoundError } from "@/lib/errors";
import {
  DEFAULT_TOKEN_LIFETIME_DAYS,
  type CreateApiTokenInput,
  type RevokeApiTokenInput,
  type RotateApiTokenInput,
} from "@/lib/validation/admin";
import { requirePermission, type Tx } from "./access";
import { isUuid, resolveActiveDepartment, runAdminWrite } from "./admin-write";

// API tokens for departmental systems. A token is `tl_` + 32 random bytes (base64url): it is
// returned once, when created, and only its SHA-256 hash is stored. A fast hash is right
// here (unlike for passwords): the secret has 256 bits of entropy, so there is nothing to
// guess, and every API request must look its token up quickly.
//
// Every token expires (at most a year after it is made; 90 days unless the admin chooses): an
// expired token authenticates nothing, exactly like a revoked or unknown one. Rotation replaces a
// token's secret and revokes the old one at once, with no overlap: rotation is also what an admin
// does after a secret leaks, and an overlap would keep the leaked secret working. A feed that
// retries misses nothing in the minute it takes to paste the new secret in.

export type ApiTokenDto = {
  id: string;
  name: string;
  /** The token's first characters, so that people can tell tokens apart. */
  prefix: string;
  scopes: TokenScope[];
  /** The department whose branch limits the token (its code); null = agency-wide. */
  department: string | null;
  createdAt: string;
  /** Who created it (an email), or null when created by the operator CLI. */
  createdBy: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** When it stops authenticating, revoked or not. */
  expiresAt: string;
  /** Whether it has expired (as of the read). */
  isExpired: boolean;
};

const TOKEN_PATTERN = /^tl_[A-Za-z0-9_-]{43}$/;
const PREFIX_LENGTH = 10;
// Each use records lastUsedAt, but at most once a minute: a busy feed does not write on every request.
const LAST_USED_RESOLUTION_MS = 60_000;
const DAY_MS = 86_400_000;

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  createdById: true,
  lastUsedAt: true,
  revokedAt: true,
  expiresAt: true,
  department: { select: { code: true } },
} satisfies Prisma.ApiTokenSelect;

type TokenRow = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

function knownScopes(scopes: readonly string[]): TokenScope[] {
  return TOKEN_SCOPES.filter((scope) => scopes.includes(scope));
}

function toApiTokenDto(row: TokenRow, createdBy: string | null): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: knownScopes(row.scopes),
    department: row.department?.code ?? null,
    createdAt: row.createdAt.toISOString(),
    createdBy,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt.toISOString(),
    isExpired: row.expiresAt.getTime() <= Date.now(),
  };
}

function toAuditedToken(token: ApiTokenDto) {
  return {
    name: token.name,
    prefix: token.prefix,
    scopes: token.scopes,
    department: token.department,
    isRevoked: token.revokedAt !== null,
    expiresAt: token.expiresAt,
  };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

async function labelCreators(db: Tx, agencyId: string, rows: readonly TokenRow[]): Promise<Map<string, string>> {
  const ids = [...new Set(rows.map((row) => row.createdById).filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const users = await db.user.findMany({ where: { agencyId, id: { in: ids } }, select: { id: true, email: true } });
  return new Map(users.map((user) => [user.id, user.email]));
}

async function findToken(db: Tx, agencyId: string, id: string): Promise<ApiTokenDto> {
  const row = isUuid(id) ? await db.apiToken.findFirst({ where: { id, agencyId }, select: tokenSelect }) : null;
  if (!row) throw new NotFoundError("There is no such API token.");
  const creators = await labelCreators(db, agencyId, [row]);
  return toApiTokenDto(row, row.createdById ? (creators.get(row.createdById) ?? null) : null);
}

/**
 * Creates a token row and returns the secret (no authorization, no audit: the caller does
 * both in its transaction). Shared by the admin area and the operator CLI.
 */
export async function insertApiToken(
  db: Tx,
  agencyId: string,
  input: CreateApiTokenInput,
  createdById: string | null,
): Promise<{ token: ApiTokenDto; secret: string }> {
  const departmentId = await resolveActiveDepartment(db, agencyId, input.department);
  const secret = `tl_${randomBytes(32).toString("base64url")}`;
  const lifetimeDays = input.expiresInDays ?? DEFAULT_TOKEN_LIFETIME_DAYS;
  const created = await db.apiToken.create({
    data: {
      agencyId,
      name: input.name,
      tokenHash: hashApiToken(secret),
      prefix: secret.slice(0, PREFIX_LENGTH),
      scopes: [...input.scopes],
      departmentId,
      createdById,
      expiresAt: new Date(Date.now() + lifetimeDays * DAY_MS),
    },
    select: { id: true },
  });
  return { token: await findToken(db, agencyId, created.id), secret };
}

export async function listApiTokens(principal: Principal | null | undefined): Promise<ApiTokenDto[]> {
  const caller = requirePermission(principal, "admin:tokens");
  const db = getPrisma();
  const rows = await db.apiToken.findMany({
    where: { agencyId: caller.agencyId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: tokenSelect,
  });
  const creators = await labelCreators(db, caller.agencyId, rows);
  return rows.map((row) => toApiTokenDto(row, row.createdById ? (creators.get(row.createdById) ?? null) : null));
}

/** Creates a token; the secret is returned here once and never again. */
export async function createApiToken(
  principal: Principal | null | undefined,
  input: CreateApiTokenInput,
): Promise<{ token: ApiTokenDto; secret: string }> {
  return runAdminWrite(principal, "admin:tokens", async ({ db, principal: caller }) => {
    const created = await insertApiToken(db, caller.agencyId, input, caller.kind === "user" ? caller.userId : null);
    return {
      value: created,
      audit: {
        action: "apiToken.create",
        entityType: "apiToken",
        entityId: created.token.id,
        entityCode: created.token.name,
        before: null,
        after: toAuditedToken(created.token),
      },
    };
  });
}

/** Revokes a token: from now on it authenticates nothing. Revocation cannot be undone. */
export async function revokeApiToken(
  principal: Principal | null | undefined,
  input: RevokeApiTokenInput,
): Promise<{ token: ApiTokenDto }> {
  return runAdminWrite(principal, "admin:tokens", async ({ db, principal: caller }) => {
    const before = await findToken(db, caller.agencyId, input.id);
    const { count } = await db.apiToken.updateMany({
      where: { id: before.id, agencyId: caller.agencyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count !== 1) throw new ConflictError(`The token ${before.name} is already revoked.`);
    const token = await findToken(db, caller.agencyId, before.id);
    return {
      value: { token },
      audit: {
        action: "apiToken.revoke",
        entityType: "apiToken",
        entityId: token.id,
        entityCode: token.name,
        before: toAuditedToken(before),
        after: toAuditedToken(token),
      },
    };
  });
}

/**
 * Replaces a token by a new one with the same name, scopes and department and a new secret
 * (returned here once), and revokes the old one in the same transaction. An expired token may be
 * rotated (that is how a feed that stopped on expiry gets going again); a revoked one may not.
 */
export async function rotateApiToken(
  principal: Principal | null | undefined,
  input: RotateApiTokenInput,
): Promise<{ token: ApiTokenDto; secret: string; replaced: ApiTokenDto }> {
  return runAdminWrite(principal, "admin:tokens", async ({ db, principal: caller }) => {
    const before = await findToken(db, caller.agencyId, input.id);
    // Revoke first, conditionally: of two rotations at once, one revokes and the other is refused.
    const { count } = await db.apiToken.updateMany({
      where: { id: before.id, agencyId: caller.agencyId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    if (count !== 1) throw new ConflictError(`The token ${before.name} is revoked: create a new token instead.`);
    // The department by code, like a new token's: a retired department is refused with its name.
    const created = await insertApiToken(
      db,
      caller.agencyId,
      { name: before.name, scopes: before.scopes, department: before.department, expiresInDays: input.expiresInDays },
      caller.kind === "user" ? caller.userId : null,
    );
    const replaced = await findToken(db, caller.agencyId, before.id);
    return {
      value: { ...created, replaced },
      audit: {
        action: "apiToken.rotate",
        entityType: "apiToken",
        entityId: replaced.id,
        entityCode: replaced.name,
        before: toAuditedToken(before),
        after: { ...toAuditedToken(replaced), replacedBy: { id: created.token.id, ...toAuditedToken(created.token) } },
      },
    };
  });
}

/**
 * The principal of an API request's bearer token (with or without the "Bearer " prefix), or
 * null when the token is malformed, unknown, revoked or expired. Records when the token was last used.
 */
export async function authenticateApiToken(bearer: string): Promise<TokenPrincipal | null> {
  const token = bearer.trim().replace(/^Bearer\s+/i, "");
  if (!TOKEN_PATTERN.test(token)) return null;
  const db = getPrisma();
  const row = await db.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: {
      id: true,
      agencyId: true,
      name: true,
      prefix: true,
      scopes: true,
      departmentId: true,
      revokedAt: true,
      expiresAt: true,
    },
  });
  const now = new Date();
  if (!row || row.revokedAt !== null || row.expiresAt <= now) return null;
  await db.apiToken.updateMany({
    where: {
      id: row.id,
      OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }],
    },
    data: { lastUsedAt: now },
  });
  return {
    kind: "token",
    tokenId: row.id,
    agencyId: row.agencyId,
    scopes: knownScopes(row.scopes),
    departmentId: row.departmentId,
    label: `token ${row.name} (${row.prefix}…)`,
  };
}

import "server-only";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { getPrisma } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { NotFoundError, ValidationError } from "@/lib/errors";
import {
  createAgencySchema,
  operatorCreateApiTokenSchema,
  operatorCreateUserSchema,
  type CreateAgencyInput,
  type OperatorCreateApiTokenInput,
  type OperatorCreateUserInput,
} from "@/lib/validation/admin";
import { toFieldErrors } from "@/lib/validation/fields";
import type { Tx } from "./access";
import type { AuditEntry } from "./audit";
import { insertApiToken, type ApiTokenDto } from "./admin-tokens";
import { insertUser, isUniqueViolation, type UserDto } from "./admin-users";

// The operator's entry points, for the CLI (`npm run cli`): first installs and operations
// without the demo seed. The operator is whoever holds the database credentials, so there
// is no principal to authorize; every input is still validated with the shared schemas, and
// every change is written in one transaction with its audit event, by the actor "cli".
//
// Passwords: the CLI is how the first admin gets in, on a server that may not know its own public address and sends
// no email, so it works with passwords rather than set-password links. The operator typed or saw each one, so every
// user the CLI creates must choose their own password at first sign-in (`mustChangePassword`): until then they can
// reach nothing but /account/password.

/** A random password for a user the CLI creates without one: 24 characters, 144 bits. */
function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

export const OPERATOR_LABEL = "cli";

const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

function parse<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ValidationError("Check the options given.", toFieldErrors(parsed.error));
  return parsed.data;
}

async function recordOperatorAudit(db: Tx, agencyId: string, entry: AuditEntry): Promise<void> {
  await db.auditEvent.create({
    data: {
      agencyId,
      actorLabel: OPERATOR_LABEL,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      entityCode: entry.entityCode,
      before: undefined,
      after: JSON.parse(JSON.stringify(entry.after)) as Prisma.InputJsonValue,
    },
  });
}

async function findAgencyBySlug(db: Tx, slug: string): Promise<{ id: string; slug: string }> {
  const agency = await db.agency.findUnique({ where: { slug }, select: { id: true, slug: true } });
  if (!agency) throw new NotFoundError(`There is no agency with the slug ${slug}.`);
  return agency;
}

/** A name for a user created without one: the email's local part. */
function nameFromEmail(email: string): string {
  return email.split("@")[0] || email;
}

export type AgencyDto = { id: string; slug: string; name: string };

/** Creates an agency and its first admin, who signs in with the password given and must then choose their own. */
export async function createAgencyWithAdmin(input: CreateAgencyInput): Promise<{ agency: AgencyDto; admin: UserDto }> {
  const data = parse(createAgencySchema, input);
  return getPrisma().$transaction(async (db) => {
    const agency = await db.agency
      .create({ data: { name: data.name, slug: data.slug }, select: { id: true, slug: true, name: true } })
      .catch((error: unknown) => {
        if (isUniqueViolation(error)) {
          throw new ValidationError(`An agency with the slug ${data.slug} exists already.`, {
            slug: [`An agency with the slug ${data.slug} exists already.`],
          });
        }
        throw error;
      });
    const admin = await insertUser(
      db,
      agency.id,
      {
        email: data.adminEmail,
        name: data.adminName ?? nameFromEmail(data.adminEmail),
        role: "ADMIN",
        department: null,
      },
      { password: data.adminPassword, mustChangePassword: true },
    );
    await recordOperatorAudit(db, agency.id, {
      action: "agency.create",
      entityType: "agency",
      entityId: agency.id,
      entityCode: agency.slug,
      before: null,
      after: { name: agency.name, slug: agency.slug },
    });
    await recordOperatorAudit(db, agency.id, {
      action: "user.create",
      entityType: "user",
      entityId: admin.id,
      entityCode: admin.email,
      before: null,
      after: { email: admin.email, name: admin.name, role: admin.role, department: null, isActive: true },
    });
    return { agency, admin };
  }, TRANSACTION_OPTIONS);
}

/**
 * Creates a user in an agency; without a password given, one is generated and returned once. Either way, the user
 * must choose their own at first sign-in.
 */
export async function createUserAsOperator(
  input: OperatorCreateUserInput,
): Promise<{ user: UserDto; generatedPassword: string | null }> {
  const data = parse(operatorCreateUserSchema, input);
  return getPrisma().$transaction(async (db) => {
    const agency = await findAgencyBySlug(db, data.agency);
    const password = data.password ?? generatePassword();
    const user = await insertUser(
      db,
      agency.id,
      { email: data.email, name: data.name ?? nameFromEmail(data.email), role: data.role, department: data.department },
      { password, mustChangePassword: true },
    );
    const generatedPassword = data.password === undefined ? password : null;
    await recordOperatorAudit(db, agency.id, {
      action: "user.create",
      entityType: "user",
      entityId: user.id,
      entityCode: user.email,
      before: null,
      after: { email: user.email, name: user.name, role: user.role, department: user.department, isActive: true },
    });
    return { user, generatedPassword };
  }, TRANSACTION_OPTIONS);
}

/** Creates an API token in an agency; the secret is returned once and never again. */
export async function createApiTokenAsOperator(
  input: OperatorCreateApiTokenInput,
): Promise<{ token: ApiTokenDto; secret: string }> {
  const data = parse(operatorCreateApiTokenSchema, input);
  return getPrisma().$transaction(async (db) => {
    const agency = await findAgencyBySlug(db, data.agency);
    const created = await insertApiToken(db, agency.id, data, null);
    await recordOperatorAudit(db, agency.id, {
      action: "apiToken.create",
      entityType: "apiToken",
      entityId: created.token.id,
      entityCode: created.token.name,
      before: null,
      after: {
        name: created.token.name,
        prefix: created.token.prefix,
        scopes: created.token.scopes,
        department: created.token.department,
        isRevoked: false,
        expiresAt: created.token.expiresAt,
      },
    });
    return created;
  }, TRANSACTION_OPTIONS);
}

/** How many Argon2 verifications run at once: each takes 19 MiB, and libuv runs four at a time anyway. */
const VERIFY_BATCH = 8;

/**
 * Every user (any agency, active or not: a deactivated account can be reactivated) whose stored hash accepts this
 * password, checked with the verify the sign-in uses, named as "email in agency-slug" (accounts belong to an agency,
 * so an email alone may name several). `npm start` refuses to serve while any user still has the demo seed's
 * published password.
 */
export async function listUsersWithPassword(password: string): Promise<string[]> {
  const users = await getPrisma().user.findMany({
    where: { passwordHash: { not: null } },
    select: { email: true, passwordHash: true, agency: { select: { slug: true } } },
    orderBy: [{ email: "asc" }, { agency: { slug: "asc" } }],
  });
  const matching: string[] = [];
  for (let start = 0; start < users.length; start += VERIFY_BATCH) {
    const batch = users.slice(start, start + VERIFY_BATCH);
    const verdicts = await Promise.all(batch.map((user) => verifyPassword(user.passwordHash ?? "", password)));
    batch.forEach((user, index) => {
      if (verdicts[index]) matching.push(`${user.email} in ${user.agency.slug}`);
    });
  }
  return matching;
}

import { z } from "zod";
import { ROLES, TOKEN_SCOPES } from "@/lib/auth/permissions";
import { newPasswordSchema } from "./password";
import { codeSchema, finiteNumber, idSchema, isoDateSchema, nameSchema, versionSchema } from "./fields";

// Inputs of the admin area (users, departments, agency settings, API tokens, the audit log)
// and of the operator CLI. Rules that need the database (an unknown department, a duplicate
// email, a move that would close a cycle) are checked in the data access layer.

/** Sign-in is by email, and one email belongs to one user: stored trimmed and lower-cased. */
export const emailSchema = z
  .string({ error: "Enter an email address." })
  .trim()
  .toLowerCase()
  .max(320, "At most 320 characters.")
  .pipe(z.email({ error: "Enter a valid email address." }));

export const roleSchema = z.enum(ROLES, { error: "Choose a role." });

/** A password a person chooses (the CLI's --admin-password and --password): the policy of ./password.ts. */
export const passwordSchema = newPasswordSchema;

export const agencySlugSchema = z
  .string({ error: "Enter a slug." })
  .trim()
  .toLowerCase()
  .min(2, "A slug has at least 2 characters.")
  .max(63, "A slug has at most 63 characters.")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single hyphens (e.g. riverton).");

/** Only a department head answers for a department; every other role acts agency-wide. */
function checkDepartmentForRole(input: { role: string; department: string | null }, context: z.RefinementCtx) {
  if (input.role === "DEPARTMENT_HEAD" && input.department === null) {
    context.addIssue({ code: "custom", path: ["department"], message: "A department head needs a department." });
  }
  if (input.role !== "DEPARTMENT_HEAD" && input.department !== null) {
    context.addIssue({
      code: "custom",
      path: ["department"],
      message: "Only a department head has a department: leave it empty for this role.",
    });
  }
}

const optionalDepartment = codeSchema.nullable().default(null);

export const createUserSchema = z
  .object({ email: emailSchema, name: nameSchema, role: roleSchema, department: optionalDepartment })
  .superRefine(checkDepartmentForRole);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserAccessSchema = z
  .object({ id: idSchema, version: versionSchema, role: roleSchema, department: optionalDepartment })
  .superRefine(checkDepartmentForRole);
export type UpdateUserAccessInput = z.infer<typeof updateUserAccessSchema>;

/** Deactivate, reactivate or reset the password of one user, as last seen. */
export const userChangeSchema = z.object({ id: idSchema, version: versionSchema });
export type UserChangeInput = z.infer<typeof userChangeSchema>;

export const createDepartmentSchema = z.object({ code: codeSchema, name: nameSchema, parent: optionalDepartment });
export type CreateDepartmentInput = z.infer<typeof createDepartmentSchema>;

export const renameDepartmentSchema = z.object({ id: idSchema, version: versionSchema, name: nameSchema });
export type RenameDepartmentInput = z.infer<typeof renameDepartmentSchema>;

/** No parent moves the department to the top level. */
export const moveDepartmentSchema = z.object({ id: idSchema, version: versionSchema, parent: optionalDepartment });
export type MoveDepartmentInput = z.infer<typeof moveDepartmentSchema>;

export const retireDepartmentSchema = z.object({ id: idSchema, version: versionSchema });
export type RetireDepartmentInput = z.infer<typeof retireDepartmentSchema>;

const thresholdSchema = finiteNumber.min(0, "Enter a value from 0 to 1.").max(1, "Enter a value from 0 to 1.");

export const agencySettingsSchema = z
  .object({
    version: versionSchema,
    name: nameSchema,
    fiscalYearStartMonth: z
      .number({ error: "Choose the month the fiscal year starts." })
      .int("Choose a month from 1 to 12.")
      .min(1, "Choose a month from 1 to 12.")
      .max(12, "Choose a month from 1 to 12."),
    onTrackThreshold: thresholdSchema,
    atRiskThreshold: thresholdSchema,
  })
  .refine((settings) => settings.atRiskThreshold <= settings.onTrackThreshold, {
    message: "The at-risk threshold cannot be above the on-track threshold.",
    path: ["atRiskThreshold"],
  });
export type AgencySettingsInput = z.infer<typeof agencySettingsSchema>;

export const tokenScopesSchema = z
  .array(z.enum(TOKEN_SCOPES, { error: "Use read, measurements:write or tree:write." }), {
    error: "Choose at least one scope.",
  })
  .min(1, "Choose at least one scope.")
  .transform((scopes) => TOKEN_SCOPES.filter((scope) => scopes.includes(scope)));

/** The lifetimes the admin area offers for a new or rotated token, in days. */
export const TOKEN_LIFETIME_CHOICES = [30, 90, 180, 365] as const;
export const DEFAULT_TOKEN_LIFETIME_DAYS = 90;
/** No token lives longer than a year: a forgotten feed's secret stops working on its own. */
export const MAX_TOKEN_LIFETIME_DAYS = 365;

const expiresInDaysSchema = z
  .number({ error: `Enter a number of days from 1 to ${MAX_TOKEN_LIFETIME_DAYS}.` })
  .int(`Enter a whole number of days from 1 to ${MAX_TOKEN_LIFETIME_DAYS}.`)
  .min(1, `Enter a number of days from 1 to ${MAX_TOKEN_LIFETIME_DAYS}.`)
  .max(MAX_TOKEN_LIFETIME_DAYS, `A token lives at most ${MAX_TOKEN_LIFETIME_DAYS} days.`)
  .default(DEFAULT_TOKEN_LIFETIME_DAYS);

export const createApiTokenSchema = z.object({
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(100, "At most 100 characters."),
  scopes: tokenScopesSchema,
  department: optionalDepartment,
  expiresInDays: expiresInDaysSchema,
});
/** What the data access layer takes: a caller that names no lifetime gets the default one. */
export type CreateApiTokenInput = Omit<z.infer<typeof createApiTokenSchema>, "expiresInDays"> & {
  expiresInDays?: number;
};

export const revokeApiTokenSchema = z.object({ id: idSchema });
export type RevokeApiTokenInput = z.infer<typeof revokeApiTokenSchema>;

export const rotateApiTokenSchema = z.object({ id: idSchema, expiresInDays: expiresInDaysSchema });
export type RotateApiTokenInput = Omit<z.infer<typeof rotateApiTokenSchema>, "expiresInDays"> & {
  expiresInDays?: number;
};

export const AUDIT_PAGE_SIZE = 50;

export const auditLogQuerySchema = z
  .object({
    actor: z.string().trim().max(320, "At most 320 characters.").optional(),
    entityType: z.string().trim().max(50, "At most 50 characters.").optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    /** Where the previous page ended (opaque; from `nextCursor`). */
    cursor: z.string().max(200).optional(),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: "The end date cannot be before the start date.",
    path: ["to"],
  });
export type AuditLogQuery = z.infer<typeof auditLogQuerySchema>;

// ── The operator CLI ─────────────────────────────────────────────────────────────────────────

export const createAgencySchema = z.object({
  name: nameSchema,
  slug: agencySlugSchema,
  adminEmail: emailSchema,
  adminName: nameSchema.optional(),
  adminPassword: passwordSchema,
});
export type CreateAgencyInput = z.input<typeof createAgencySchema>;

export const operatorCreateUserSchema = z
  .object({
    agency: agencySlugSchema,
    email: emailSchema,
    name: nameSchema.optional(),
    role: roleSchema,
    department: optionalDepartment,
    /** None: a password is generated and returned once. */
    password: passwordSchema.optional(),
  })
  .superRefine(checkDepartmentForRole);
export type OperatorCreateUserInput = z.input<typeof operatorCreateUserSchema>;

export const operatorCreateApiTokenSchema = createApiTokenSchema.extend({ agency: agencySlugSchema });
export type OperatorCreateApiTokenInput = z.input<typeof operatorCreateApiTokenSchema>;

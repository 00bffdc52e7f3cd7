import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { createDepartment, moveDepartment, renameDepartment, retireDepartment } from "@/lib/dal/admin-departments";
import { updateAgencySettings } from "@/lib/dal/admin-settings";
import { createApiToken, revokeApiToken, rotateApiToken } from "@/lib/dal/admin-tokens";
import { createUser, deactivateUser, reactivateUser, resetUserPassword, updateUserAccess } from "@/lib/dal/admin-users";
import {
  agencySettingsSchema,
  createApiTokenSchema,
  createDepartmentSchema,
  createUserSchema,
  moveDepartmentSchema,
  renameDepartmentSchema,
  retireDepartmentSchema,
  revokeApiTokenSchema,
  rotateApiTokenSchema,
  updateUserAccessSchema,
  userChangeSchema,
} from "@/lib/validation/admin";
import { fromForm } from "@/lib/validation/fields";
import { performAction, nameActionHandlers } from "./action-result";

// The body of every admin server action, given the caller: parse with the shared schema, one
// DAL call (which authorizes), one typed result. app/admin/**/actions.ts wraps each with the
// session's principal and revalidation; tests call these directly with any principal.

const NUMBER_FIELDS = [
  "version",
  "fiscalYearStartMonth",
  "onTrackThreshold",
  "atRiskThreshold",
  "expiresInDays",
] as const;
// Checkbox groups send one entry per ticked box.
const LIST_FIELDS = ["scopes"] as const;

/** An admin form's FormData as the handlers' input: blanks dropped, numbers parsed, checkbox groups as lists. */
export function toAdminInput(formData: FormData): Record<string, unknown> {
  const values = fromForm(formData, { numbers: NUMBER_FIELDS });
  for (const key of LIST_FIELDS) {
    if (formData.has(key)) {
      values[key] = formData.getAll(key).filter((value): value is string => typeof value === "string");
    }
  }
  return values;
}

type Handler = (principal: Principal | null, rawInput: unknown) => ReturnType<typeof performAction>;

export const adminHandlers = nameActionHandlers("admin", {
  createUser: (principal, rawInput) => performAction(principal, "admin:users", createUserSchema, rawInput, createUser),
  updateUserAccess: (principal, rawInput) =>
    performAction(principal, "admin:users", updateUserAccessSchema, rawInput, updateUserAccess),
  deactivateUser: (principal, rawInput) =>
    performAction(principal, "admin:users", userChangeSchema, rawInput, deactivateUser),
  reactivateUser: (principal, rawInput) =>
    performAction(principal, "admin:users", userChangeSchema, rawInput, reactivateUser),
  resetUserPassword: (principal, rawInput) =>
    performAction(principal, "admin:users", userChangeSchema, rawInput, resetUserPassword),
  createDepartment: (principal, rawInput) =>
    performAction(principal, "admin:departments", createDepartmentSchema, rawInput, createDepartment),
  renameDepartment: (principal, rawInput) =>
    performAction(principal, "admin:departments", renameDepartmentSchema, rawInput, renameDepartment),
  moveDepartment: (principal, rawInput) =>
    performAction(principal, "admin:departments", moveDepartmentSchema, rawInput, moveDepartment),
  retireDepartment: (principal, rawInput) =>
    performAction(principal, "admin:departments", retireDepartmentSchema, rawInput, retireDepartment),
  updateAgencySettings: (principal, rawInput) =>
    performAction(principal, "admin:settings", agencySettingsSchema, rawInput, updateAgencySettings),
  createApiToken: (principal, rawInput) =>
    performAction(principal, "admin:tokens", createApiTokenSchema, rawInput, createApiToken),
  revokeApiToken: (principal, rawInput) =>
    performAction(principal, "admin:tokens", revokeApiTokenSchema, rawInput, revokeApiToken),
  rotateApiToken: (principal, rawInput) =>
    performAction(principal, "admin:tokens", rotateApiTokenSchema, rawInput, rotateApiToken),
} satisfies Record<string, Handler>);

export type AdminHandlerName = keyof typeof adminHandlers;

import { ROLES, TOKEN_SCOPES, type Role, type TokenScope } from "@/lib/auth/permissions";
import { TOKEN_LIFETIME_CHOICES } from "@/lib/validation/admin";
import { ROLE_LABELS } from "@/components/shell/role-labels";
import type { SelectOption } from "./form-fields";

// Choices the admin forms offer, built from the same lists the server validates against.

export const ROLE_OPTIONS: readonly SelectOption[] = ROLES.map((role: Role) => ({
  value: role,
  label: ROLE_LABELS[role],
}));

export const SCOPE_LABELS: Record<TokenScope, string> = {
  read: "read — read the tree, health and measurements",
  "measurements:write": "measurements:write — send measurements",
  "tree:write": "tree:write — change the tree and import documents",
};

export const SCOPE_OPTIONS: readonly SelectOption[] = TOKEN_SCOPES.map((scope) => ({
  value: scope,
  label: SCOPE_LABELS[scope],
}));

export const TOKEN_LIFETIME_OPTIONS: readonly SelectOption[] = TOKEN_LIFETIME_CHOICES.map((days) => ({
  value: String(days),
  label: `${days} days`,
}));

/** Active departments as choices, after a "none" choice with this label. */
export function toDepartmentOptions(
  departments: readonly { code: string; name: string; isRetired: boolean; depth: number }[],
  noneLabel: string,
): SelectOption[] {
  return [
    { value: "", label: noneLabel },
    ...departments
      .filter((department) => !department.isRetired)
      .map((department) => ({
        value: department.code,
        label: `${"\u2003".repeat(department.depth)}${department.code} — ${department.name}`,
      })),
  ];
}

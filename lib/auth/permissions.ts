// Who may do what, as data. Every check in the data access layer goes through `can()`,
// which denies anything it does not know: a new role, permission or scope starts with
// no rights until this table grants them.

export const ROLES = ["ADMIN", "PERFORMANCE_OFFICER", "DEPARTMENT_HEAD", "EXECUTIVE"] as const;
export type Role = (typeof ROLES)[number];

export const TOKEN_SCOPES = ["read", "measurements:write", "tree:write"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const PERMISSIONS = [
  // Read the agency's plans, KPIs, health and commentary (a department head: their branch in
  // full, and names and health on the path up to the top objectives).
  "tree:read",
  // Create, edit and delete objectives, key results, KPIs, targets and driver links.
  "tree:edit",
  // Enter or correct measurements.
  "measurement:write",
  // Write commentary on a node for a period.
  "commentary:write",
  // Publish or unpublish objectives, key results and KPIs.
  "publish",
  // Import or export the whole tree as a drivertree/v1 document.
  "document:import",
  "document:export",
  // Agency administration.
  "admin:users",
  "admin:departments",
  "admin:settings",
  "admin:tokens",
  "audit:read",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

// Department heads hold their permissions only inside their own branch: the DAL narrows
// every query and write of theirs to their department and its sub-departments.
const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: [
    "tree:read",
    "document:export",
    "admin:users",
    "admin:departments",
    "admin:settings",
    "admin:tokens",
    "audit:read",
  ],
  PERFORMANCE_OFFICER: [
    "tree:read",
    "tree:edit",
    "measurement:write",
    "commentary:write",
    "publish",
    "document:import",
    "document:export",
  ],
  DEPARTMENT_HEAD: ["tree:read", "measurement:write", "commentary:write"],
  EXECUTIVE: ["tree:read", "commentary:write", "document:export"],
};

const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  read: ["tree:read", "document:export"],
  "measurements:write": ["measurement:write"],
  "tree:write": ["tree:edit", "document:import"],
};

export type UserPrincipal = {
  kind: "user";
  userId: string;
  agencyId: string;
  role: Role;
  /** The department a department head answers for; null for agency-wide roles. */
  departmentId: string | null;
  /** How the audit log names this actor. */
  label: string;
  /** The signed-in session this principal comes from (absent for principals made outside a request). */
  sessionId?: string;
  /** Set while the user must replace a password someone else chose: such a principal holds no permission at all. */
  mustChangePassword?: true;
};

export type TokenPrincipal = {
  kind: "token";
  tokenId: string;
  agencyId: string;
  scopes: readonly TokenScope[];
  /** A token may be limited to one department and its sub-departments. */
  departmentId: string | null;
  label: string;
};

/** Whoever is calling: a signed-in user or a departmental system's API token. */
export type Principal = UserPrincipal | TokenPrincipal;

function isKnown<T extends string>(values: readonly T[], value: string): value is T {
  return (values as readonly string[]).includes(value);
}

export function permissionsOf(principal: Principal): ReadonlySet<Permission> {
  if (principal.kind === "user") {
    // A user who must first replace a password someone else chose holds nothing until they have.
    if (principal.mustChangePassword) return new Set();
    return new Set(isKnown(ROLES, principal.role) ? ROLE_PERMISSIONS[principal.role] : []);
  }
  const granted = new Set<Permission>();
  for (const scope of principal.scopes) {
    if (isKnown(TOKEN_SCOPES, scope)) for (const permission of SCOPE_PERMISSIONS[scope]) granted.add(permission);
  }
  return granted;
}

/** Denies anything unknown: an unknown role, scope or permission is never allowed. */
export function can(principal: Principal | null | undefined, permission: string): boolean {
  if (!principal) return false;
  if (!isKnown(PERMISSIONS, permission)) return false;
  return permissionsOf(principal).has(permission);
}

/**
 * The department whose branch limits this principal's reads and writes, or null when the
 * principal acts agency-wide. A department head without a department is limited to nothing.
 */
export function branchRootOf(
  principal: Principal,
): { isAgencyWide: true } | { isAgencyWide: false; departmentId: string | null } {
  if (principal.kind === "user") {
    if (principal.role !== "DEPARTMENT_HEAD") return { isAgencyWide: true };
    return { isAgencyWide: false, departmentId: principal.departmentId };
  }
  if (principal.departmentId === null) return { isAgencyWide: true };
  return { isAgencyWide: false, departmentId: principal.departmentId };
}

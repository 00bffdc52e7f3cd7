import { describe, expect, test } from "vitest";
import {
  PERMISSIONS,
  ROLES,
  TOKEN_SCOPES,
  branchRootOf,
  can,
  permissionsOf,
  type Permission,
  type Principal,
  type Role,
  type TokenScope,
} from "@/lib/auth/permissions";

// The expected table, written out here on purpose: a change to lib/auth/permissions.ts that grants or takes away a
// right must change this table too.
const ROLE_GRANTS: Record<Role, readonly Permission[]> = {
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

const SCOPE_GRANTS: Record<TokenScope, readonly Permission[]> = {
  read: ["tree:read", "document:export"],
  "measurements:write": ["measurement:write"],
  "tree:write": ["tree:edit", "document:import"],
};

const ALL_PERMISSIONS: readonly Permission[] = [
  "tree:read",
  "tree:edit",
  "measurement:write",
  "commentary:write",
  "publish",
  "document:import",
  "document:export",
  "admin:users",
  "admin:departments",
  "admin:settings",
  "admin:tokens",
  "audit:read",
];

const AGENCY = "11111111-1111-4111-8111-111111111111";
const DEPARTMENT = "22222222-2222-4222-8222-222222222222";

function user(role: Role, departmentId: string | null = null): Principal {
  return {
    kind: "user",
    userId: "33333333-3333-4333-8333-333333333333",
    agencyId: AGENCY,
    role,
    departmentId,
    label: role,
  };
}

function token(scopes: readonly TokenScope[], departmentId: string | null = null): Principal {
  return {
    kind: "token",
    tokenId: "44444444-4444-4444-8444-444444444444",
    agencyId: AGENCY,
    scopes,
    departmentId,
    label: "feed",
  };
}

test("the tables cover every role, scope and permission", () => {
  expect([...ROLES].sort()).toEqual(Object.keys(ROLE_GRANTS).sort());
  expect([...TOKEN_SCOPES].sort()).toEqual(Object.keys(SCOPE_GRANTS).sort());
  expect([...PERMISSIONS].sort()).toEqual([...ALL_PERMISSIONS].sort());
});

describe("roles", () => {
  const cases = ROLES.flatMap((role) =>
    ALL_PERMISSIONS.map((permission) => [role, permission, ROLE_GRANTS[role].includes(permission)] as const),
  );

  test.each(cases)("%s × %s → %s", (role, permission, isAllowed) => {
    expect(can(user(role), permission)).toBe(isAllowed);
  });

  test.each(ROLES)("a department head's department does not change what %s may do", (role) => {
    for (const permission of ALL_PERMISSIONS) {
      expect(can(user(role, DEPARTMENT), permission)).toBe(can(user(role), permission));
    }
  });

  test.each(ROLES)("permissionsOf(%s) is exactly its row of the table", (role) => {
    expect([...permissionsOf(user(role))].sort()).toEqual([...ROLE_GRANTS[role]].sort());
  });
});

describe("token scopes", () => {
  const cases = TOKEN_SCOPES.flatMap((scope) =>
    ALL_PERMISSIONS.map((permission) => [scope, permission, SCOPE_GRANTS[scope].includes(permission)] as const),
  );

  test.each(cases)("scope %s × %s → %s", (scope, permission, isAllowed) => {
    expect(can(token([scope]), permission)).toBe(isAllowed);
  });

  test("a token holds the union of its scopes", () => {
    const granted = permissionsOf(token(["read", "measurements:write"]));
    expect([...granted].sort()).toEqual(["document:export", "measurement:write", "tree:read"]);
  });

  test("a token with no scope may do nothing", () => {
    for (const permission of ALL_PERMISSIONS) expect(can(token([]), permission)).toBe(false);
  });

  test.each(["admin", "*", "write", "measurement:write", "READ", ""])(
    "the unknown scope %j grants nothing",
    (scope) => {
      const principal = token([scope as TokenScope]);
      expect(permissionsOf(principal).size).toBe(0);
      for (const permission of ALL_PERMISSIONS) expect(can(principal, permission)).toBe(false);
    },
  );

  test("an unknown scope beside a known one adds nothing to it", () => {
    expect([...permissionsOf(token(["read", "admin" as TokenScope]))].sort()).toEqual(["document:export", "tree:read"]);
  });
});

describe("unknown roles, permissions and callers are denied", () => {
  test.each(["SUPERUSER", "admin", "performance_officer", "", "constructor", "__proto__", "toString"])(
    "the unknown role %j may do nothing",
    (role) => {
      const principal = user(role as Role);
      expect(permissionsOf(principal).size).toBe(0);
      for (const permission of ALL_PERMISSIONS) expect(can(principal, permission)).toBe(false);
    },
  );

  test.each(["tree:delete", "admin", "*", "", "TREE:EDIT", "toString", "constructor"])(
    "the unknown permission %j is allowed to no role and no scope",
    (permission) => {
      for (const role of ROLES) expect(can(user(role), permission)).toBe(false);
      expect(can(token([...TOKEN_SCOPES]), permission)).toBe(false);
    },
  );

  test.each([null, undefined])("a %s principal may do nothing", (principal) => {
    for (const permission of ALL_PERMISSIONS) expect(can(principal, permission)).toBe(false);
  });
});

describe("branchRootOf", () => {
  test.each([
    ["an officer", user("PERFORMANCE_OFFICER"), { isAgencyWide: true }],
    ["an officer with a department", user("PERFORMANCE_OFFICER", DEPARTMENT), { isAgencyWide: true }],
    ["an executive", user("EXECUTIVE", DEPARTMENT), { isAgencyWide: true }],
    ["an admin", user("ADMIN"), { isAgencyWide: true }],
    ["a department head", user("DEPARTMENT_HEAD", DEPARTMENT), { isAgencyWide: false, departmentId: DEPARTMENT }],
    ["a department head without a department", user("DEPARTMENT_HEAD"), { isAgencyWide: false, departmentId: null }],
    ["a token without a department", token(["measurements:write"]), { isAgencyWide: true }],
    [
      "a token limited to a department",
      token(["measurements:write"], DEPARTMENT),
      { isAgencyWide: false, departmentId: DEPARTMENT },
    ],
  ] as const)("%s", (_name, principal, expected) => {
    expect(branchRootOf(principal)).toEqual(expected);
  });
});

import { describe, expect, test } from "vitest";
import { can, PERMISSIONS, permissionsOf, type UserPrincipal } from "@/lib/auth/permissions";
import { changePasswordSchema, isCommonPassword, newPasswordSchema } from "@/lib/validation/password";

describe("the password policy", () => {
  test.each([
    ["eleven char", false],
    ["twelve chars", true],
    ["throughline-demo", false],
    ["THROUGHLINE-DEMO", false],
    ["Password1234", false],
    ["aaaaaaaaaaaaaaaa", false],
    ["abababababababab", false],
    ["correct horse battery staple", true],
    ["x".repeat(1025), false],
  ])("%s → accepted: %s", (password, isAccepted) => {
    expect(newPasswordSchema.safeParse(password).success).toBe(isAccepted);
  });

  test("isCommonPassword ignores case", () => {
    expect(isCommonPassword("LetMeIn12345")).toBe(true);
    expect(isCommonPassword("a phrase nobody uses")).toBe(false);
  });

  test("a change needs the new password twice, and a different one from the current", () => {
    const base = { currentPassword: "the old long password", password: "a new long password" };
    expect(changePasswordSchema.safeParse({ ...base, confirmPassword: base.password }).success).toBe(true);
    expect(changePasswordSchema.safeParse({ ...base, confirmPassword: "something else" }).success).toBe(false);
    const same = { currentPassword: base.currentPassword, password: base.currentPassword };
    expect(changePasswordSchema.safeParse({ ...same, confirmPassword: same.password }).success).toBe(false);
  });
});

describe("a user who must change their password", () => {
  const admin: UserPrincipal = {
    kind: "user",
    userId: "u",
    agencyId: "a",
    role: "ADMIN",
    departmentId: null,
    label: "x",
  };

  test("holds no permission at all until they have", () => {
    const flagged: UserPrincipal = { ...admin, mustChangePassword: true };
    expect(permissionsOf(flagged).size).toBe(0);
    for (const permission of PERMISSIONS) expect(can(flagged, permission)).toBe(false);
    expect(can(admin, "admin:users")).toBe(true);
  });
});

import type { Principal } from "@/lib/auth/permissions";

/** Where each role starts: executives on the scorecard, department heads on their department, officers on the tree. */
export function getRoleHome(principal: Principal): string {
  if (principal.kind !== "user") return "/";
  switch (principal.role) {
    case "EXECUTIVE":
      return "/scorecard";
    case "DEPARTMENT_HEAD":
      return "/department";
    case "PERFORMANCE_OFFICER":
      return "/tree";
    case "ADMIN":
      return "/admin";
    default:
      return "/";
  }
}

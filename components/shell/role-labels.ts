import type { Role } from "@/lib/auth/permissions";

export const ROLE_LABELS: Record<Role, string> = {
  ADMIN: "Admin",
  PERFORMANCE_OFFICER: "Performance officer",
  DEPARTMENT_HEAD: "Department head",
  EXECUTIVE: "Executive",
};

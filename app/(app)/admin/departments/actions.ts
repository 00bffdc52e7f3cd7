"use server";

import { runAdminAction, type AdminActionInput } from "@/lib/actions/admin-action";

// Server actions are public POST endpoints: each one reads the caller from the session and
// the data access layer authorizes again (admins only).

export async function createDepartmentAction(input: AdminActionInput) {
  return runAdminAction("createDepartment", input);
}
export async function renameDepartmentAction(input: AdminActionInput) {
  return runAdminAction("renameDepartment", input, { revalidate: "everything" });
}
export async function moveDepartmentAction(input: AdminActionInput) {
  return runAdminAction("moveDepartment", input, { revalidate: "everything" });
}
export async function retireDepartmentAction(input: AdminActionInput) {
  return runAdminAction("retireDepartment", input, { revalidate: "everything" });
}

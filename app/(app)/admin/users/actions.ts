"use server";

import { runAdminAction, type AdminActionInput } from "@/lib/actions/admin-action";

// Server actions are public POST endpoints: each one reads the caller from the session and
// the data access layer authorizes again (admins only).

export async function createUserAction(input: AdminActionInput) {
  return runAdminAction("createUser", input);
}
export async function updateUserAccessAction(input: AdminActionInput) {
  return runAdminAction("updateUserAccess", input);
}
export async function deactivateUserAction(input: AdminActionInput) {
  return runAdminAction("deactivateUser", input);
}
export async function reactivateUserAction(input: AdminActionInput) {
  return runAdminAction("reactivateUser", input);
}
export async function resetUserPasswordAction(input: AdminActionInput) {
  return runAdminAction("resetUserPassword", input);
}

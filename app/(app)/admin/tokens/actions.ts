"use server";

import { runAdminAction, type AdminActionInput } from "@/lib/actions/admin-action";

// Server actions are public POST endpoints: each one reads the caller from the session and
// the data access layer authorizes again (admins only).

export async function createApiTokenAction(input: AdminActionInput) {
  return runAdminAction("createApiToken", input);
}
export async function revokeApiTokenAction(input: AdminActionInput) {
  return runAdminAction("revokeApiToken", input);
}
export async function rotateApiTokenAction(input: AdminActionInput) {
  return runAdminAction("rotateApiToken", input);
}

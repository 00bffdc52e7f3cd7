"use server";

import { runAdminAction, type AdminActionInput } from "@/lib/actions/admin-action";

// A public POST endpoint: the caller is read from the session and the data access layer
// authorizes again (admins only). New thresholds change health everywhere: every page is refreshed.

export async function updateAgencySettingsAction(input: AdminActionInput) {
  return runAdminAction("updateAgencySettings", input, { revalidate: "everything" });
}

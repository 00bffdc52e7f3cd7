"use server";

import { revalidatePath } from "next/cache";
import { getCurrentPrincipal } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/actions/action-result";
import { kpiLibraryHandlers, type KpiLibraryHandlerName } from "@/lib/actions/kpi-library-handlers";

// Public POST endpoints like every server action: the caller is read from the session here and authorized again by
// the data access layer. The library's form sends a plain object (the chosen ids and the versions it showed).

async function run(name: KpiLibraryHandlerName, input: unknown): Promise<ActionResult<unknown>> {
  const principal = await getCurrentPrincipal();
  const result = await kpiLibraryHandlers[name](principal, input);
  if (result.ok) revalidatePath("/", "layout");
  return result;
}

export async function bulkAssignDepartmentAction(input: unknown) {
  return run("bulkAssignDepartment", input);
}
export async function bulkSetPublishedAction(input: unknown) {
  return run("bulkSetPublished", input);
}

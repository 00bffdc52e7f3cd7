import "server-only";
import { revalidatePath } from "next/cache";
import { getCurrentPrincipal } from "@/lib/auth/session";
import type { ActionResult } from "./action-result";
import { adminHandlers, toAdminInput, type AdminHandlerName } from "./admin-handlers";

// What every admin server action does: read the caller from the session (never from the
// page that rendered the form), run the handler (the DAL authorizes again), and refresh the
// pages the change shows on.

export type AdminActionInput = FormData | Record<string, unknown>;

export async function runAdminAction(
  name: AdminHandlerName,
  input: AdminActionInput,
  options: { revalidate: "admin" | "everything" } = { revalidate: "admin" },
): Promise<ActionResult<unknown>> {
  const principal = await getCurrentPrincipal();
  const result = await adminHandlers[name](principal, input instanceof FormData ? toAdminInput(input) : input);
  if (result.ok) revalidatePath(options.revalidate === "everything" ? "/" : "/admin", "layout");
  return result;
}

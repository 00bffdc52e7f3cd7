import "server-only";
import { refusePage } from "@/components/shell/require-viewer";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can, type Principal } from "@/lib/auth/permissions";

/**
 * The signed-in principal for the template pages: a visitor is sent to sign in and back; anyone who may not author
 * the tree gets 404. This only shapes pages: every read and write of templates authorizes again in the DAL.
 */
export async function requireTemplatePage(returnPath: string): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(returnPath)}`);
  if (!can(principal, "tree:edit") || !can(principal, "document:import")) {
    refusePage(principal, returnPath, "tree:edit and document:import");
  }
  return principal;
}

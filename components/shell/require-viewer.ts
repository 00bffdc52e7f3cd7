import "server-only";
import { notFound, redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can, type Principal } from "@/lib/auth/permissions";

/**
 * The signed-in principal for a page that reads the tree: a visitor is sent to sign in and
 * back; a principal without the permission gets 404. This only shapes pages: every DAL call
 * authorizes again.
 */
export async function requireViewer(returnPath: string): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(returnPath)}`);
  if (!can(principal, "tree:read")) notFound();
  return principal;
}

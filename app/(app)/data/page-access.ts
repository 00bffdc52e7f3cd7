import "server-only";
import { refusePage } from "@/components/shell/require-viewer";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can, type Permission, type Principal } from "@/lib/auth/permissions";

/**
 * The signed-in principal for a Data page: a visitor is sent to sign in and back; a principal holding none of the
 * permissions gets 404. This only shapes pages: every download and every write authorizes again.
 */
export async function requireDataPage(returnPath: string, permissions: readonly Permission[]): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(returnPath)}`);
  if (!permissions.some((permission) => can(principal, permission))) {
    refusePage(principal, returnPath, permissions.join(" or "));
  }
  return principal;
}

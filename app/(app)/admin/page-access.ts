import "server-only";
import { refusePage } from "@/components/shell/require-viewer";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can, type Permission, type Principal } from "@/lib/auth/permissions";

/**
 * The signed-in principal when it holds the permission; otherwise the page does not exist
 * (404, never a hint that it does). This only hides pages: every DAL call authorizes again.
 */
export async function requireAdminPage(permission: Permission): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal || !can(principal, permission)) refusePage(principal, "/admin", permission);
  return principal;
}

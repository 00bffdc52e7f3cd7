import "server-only";
import { notFound, redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can, type Principal } from "@/lib/auth/permissions";
import { logSecurityEvent, toCallerRef } from "@/lib/security-log";

/**
 * The signed-in principal for a page that reads the tree: a visitor is sent to sign in and
 * back; a principal without the permission gets 404. This only shapes pages: every DAL call
 * authorizes again.
 */
export async function requireViewer(returnPath: string): Promise<Principal> {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(returnPath)}`);
  if (!can(principal, "tree:read")) refusePage(principal, returnPath, "tree:read");
  return principal;
}

/**
 * Refuses a page to a caller without the permission it needs: logged as a denial (lib/security-log.ts), answered as
 * 404, never a hint that the page exists.
 */
export function refusePage(principal: Principal | null, page: string, needs: string): never {
  logSecurityEvent({
    event: "access.denied",
    entryPoint: `page ${page}`,
    caller: toCallerRef(principal),
    status: 404,
    reason: `needs ${needs}`,
  });
  notFound();
}

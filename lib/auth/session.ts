import "server-only";
import { cache } from "react";
import { auth } from "./auth";
import { loadUserPrincipal } from "@/lib/dal/sign-in";
import type { Principal } from "./permissions";

/**
 * The signed-in user as a principal, read fresh from the database once per request (never
 * from the cookie alone), so that a role change or a deactivation applies at once.
 */
export const getCurrentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadUserPrincipal(userId);
});

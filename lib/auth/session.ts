import "server-only";
import { cache } from "react";
import { auth } from "./auth";
import { loadSessionPrincipal } from "@/lib/dal/sessions";
import type { Principal } from "./permissions";

/**
 * The signed-in user as a principal, read fresh from the database once per request (never from the cookie alone):
 * the session the cookie names must still be open (lib/dal/sessions.ts), and the user active.
 */
export const getCurrentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) return null;
  return loadSessionPrincipal(userId, (session as { sessionId?: string }).sessionId);
});

import "server-only";
import { cookies } from "next/headers";
import { cache } from "react";
import { decode } from "next-auth/jwt";
import { getAuthEnv } from "@/lib/env";
import { loadSessionPrincipal } from "@/lib/dal/sessions";
import type { Principal } from "./permissions";

// Auth.js's session cookie, by the name it gives it over HTTPS and over plain HTTP. The name is also the salt of the
// key that encrypts it.
const SESSION_COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;

/**
 * The signed-in user as a principal, read fresh from the database once per request (never from the cookie alone):
 * the session the cookie names must still be open and recently used (lib/dal/sessions.ts), and the user active.
 *
 * The cookie is only decrypted here, not re-issued: Auth.js's `auth()` would also re-encrypt it on every page render,
 * only for a page render to be unable to set it. Idle and absolute limits are kept on the session row instead.
 */
export const getCurrentPrincipal = cache(async (): Promise<Principal | null> => {
  const jar = await cookies();
  const cookieName = SESSION_COOKIE_NAMES.find((name) => jar.has(name));
  if (!cookieName) return null;
  const token = await decode({
    token: jar.get(cookieName)?.value,
    secret: getAuthEnv().AUTH_SECRET,
    salt: cookieName,
  }).catch(() => null);
  const userId = typeof token?.sub === "string" ? token.sub : undefined;
  if (!userId) return null;
  return loadSessionPrincipal(userId, typeof token?.sid === "string" ? token.sid : undefined);
});

import "server-only";
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { z } from "zod";
import { getAuthEnv, getRuntimeEnv } from "@/lib/env";
import {
  admitOidcSignIn,
  authenticateWithPassword,
  findActiveUserIdByOidcIdentity,
  type OidcIdentity,
} from "@/lib/dal/sign-in";
import { SESSION_ABSOLUTE_HOURS, startSession } from "@/lib/dal/sessions";
import { getClientAddress } from "./sign-in-throttle";

/** Thrown when an account or address is locked: the sign-in page says so plainly. */
class LockedSignIn extends CredentialsSignin {
  code = "locked";
}

/**
 * Thrown when the password is right for accounts in several agencies and no agency was named: the sign-in page asks
 * for the agency (accounts belong to an agency, lib/dal/sign-in.ts).
 */
class AgencyNeededSignIn extends CredentialsSignin {
  code = "choose-agency";
}

const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email().max(320),
  password: z.string().min(1).max(1000),
  // The agency's slug, asked for only when the email has accounts in several agencies; empty when not given.
  agency: z.string().trim().toLowerCase().max(63).optional(),
});

function buildConfig(): NextAuthConfig {
  const env = getAuthEnv();
  const providers: NextAuthConfig["providers"] = [
    Credentials({
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        agency: { label: "Agency", type: "text" },
      },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        const outcome = await authenticateWithPassword({
          ...parsed.data,
          address: getClientAddress(request.headers, getRuntimeEnv().TRUSTED_PROXY_HOPS),
        });
        if (outcome.ok) return { id: outcome.userId };
        if (outcome.reason === "locked") throw new LockedSignIn();
        if (outcome.reason === "choose agency") throw new AgencyNeededSignIn();
        return null;
      },
    }),
  ];
  if (env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET) {
    providers.push({
      id: "oidc",
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    });
  }
  return {
    secret: env.AUTH_SECRET,
    trustHost: true,
    // The cookie lives as long as a session can; the session row says whether it is still open (lib/dal/sessions.ts).
    session: { strategy: "jwt", maxAge: SESSION_ABSOLUTE_HOURS * 60 * 60 },
    pages: { signIn: "/login", error: "/login" },
    providers,
    callbacks: {
      // Single sign-on admits only people who already have an active account here, matched on the provider's issuer
      // and subject once bound, and bound only through an email the provider has verified (lib/dal/sign-in.ts).
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc") return true;
        const identity = toOidcIdentity(account, profile, env.AUTH_OIDC_ISSUER);
        return identity ? (await admitOidcSignIn(identity)).ok : false;
      },
      // The cookie carries only the user's id and the id of the session row (lib/dal/sessions.ts): role,
      // department, whether the account is active and whether the session is still open are read from the database
      // on every request (lib/auth/session.ts). A session row is started here, at sign-in.
      async jwt({ token, user, account, profile }) {
        if (account?.provider === "oidc") {
          const identity = toOidcIdentity(account, profile, env.AUTH_OIDC_ISSUER);
          const userId = identity ? await findActiveUserIdByOidcIdentity(identity.issuer, identity.subject) : null;
          return userId ? { sub: userId, sid: await startSession(userId) } : null;
        }
        if (user?.id) return { sub: user.id, sid: await startSession(user.id) };
        return token.sub ? { sub: token.sub, sid: token.sid, iat: token.iat, exp: token.exp, jti: token.jti } : token;
      },
      session({ session, token }) {
        const sessionId = typeof token.sid === "string" ? token.sid : undefined;
        return { expires: session.expires, user: { id: token.sub ?? "" }, sessionId } as unknown as typeof session;
      },
    },
  };
}

/** The identity in a verified ID token: its issuer (the configured one, which Auth.js checked it against) and subject. */
function toOidcIdentity(
  account: { providerAccountId?: string } | null | undefined,
  profile: Record<string, unknown> | undefined,
  configuredIssuer: string | undefined,
): OidcIdentity | null {
  const issuer = typeof profile?.iss === "string" ? profile.iss : configuredIssuer;
  const subject = typeof profile?.sub === "string" ? profile.sub : account?.providerAccountId;
  if (!issuer || !subject) return null;
  return {
    issuer,
    subject,
    email: typeof profile?.email === "string" ? profile.email : null,
    emailVerified: profile?.email_verified,
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => buildConfig());

export function isOidcConfigured(): boolean {
  const env = getAuthEnv();
  return Boolean(env.AUTH_OIDC_ISSUER && env.AUTH_OIDC_CLIENT_ID && env.AUTH_OIDC_CLIENT_SECRET);
}

import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import Provider from "oidc-provider";

// The single sign-on of the end-to-end server: a real OpenID provider (oidc-provider, the certified implementation
// from npm) that tests/e2e/single-sign-on.spec.ts starts on the port the server was told about. Other specs never
// start it; they only see the "Sign in with single sign-on" button.

export const OIDC_CLIENT_ID = "throughline-e2e";
export const OIDC_CLIENT_SECRET = "e2e-client-secret-not-a-real-one";

/**
 * Where the browser reaches the app in the single sign-on spec: "localhost", not 127.0.0.1. Next.js names any loopback
 * address "localhost" in route handlers (Auth.js's callback) but not in server actions (where the sign-in starts), and
 * the provider demands the same redirect address at both ends.
 */
export const oidcAppOriginFor = (appPort: number) => `http://localhost:${appPort}`;

export const oidcIssuerFor = (appPort: number) => `http://127.0.0.1:${appPort + 1000}`;

/** What the app server needs to offer single sign-on through the test provider (playwright.config.ts). */
export function oidcServerEnvironment(appPort: number): Record<string, string> {
  return {
    AUTH_OIDC_ISSUER: oidcIssuerFor(appPort),
    AUTH_OIDC_CLIENT_ID: OIDC_CLIENT_ID,
    AUTH_OIDC_CLIENT_SECRET: OIDC_CLIENT_SECRET,
  };
}

/** A person at the provider: the login typed on its sign-in page is the subject. */
export type ProviderPerson = { email: string; email_verified: boolean };

/**
 * Starts the provider. `people` is read at each sign-in, so a test can change what the provider says of someone (their
 * email, whether it is verified) between sign-ins.
 */
export async function startOidcProvider(
  appPort: number,
  people: Record<string, ProviderPerson>,
): Promise<{ stop: () => Promise<void> }> {
  const issuer = oidcIssuerFor(appPort);
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_CLIENT_ID,
        client_secret: OIDC_CLIENT_SECRET,
        redirect_uris: [`${oidcAppOriginFor(appPort)}/api/auth/callback/oidc`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"] },
    // Auth.js reads the person from the ID token, not from the userinfo endpoint: put the asked claims there.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    async findAccount(_context, subject) {
      const person = people[subject];
      return { accountId: subject, claims: async () => ({ sub: subject, ...(person ?? {}) }) };
    },
  });
  const server: Server = await new Promise((resolve) => {
    const listening = provider.listen(appPort + 1000, "127.0.0.1", () => resolve(listening));
  });
  if ((server.address() as AddressInfo).port !== appPort + 1000)
    throw new Error("the OpenID provider took another port");
  return { stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

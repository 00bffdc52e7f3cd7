import { NextResponse, type NextRequest } from "next/server";
import { buildContentSecurityPolicy, createNonce, isScriptlessPath } from "@/lib/security-headers";

// Sets each response's Content-Security-Policy (lib/security-headers.ts). The nonce must be new for every request, so it
// is made here, before the page renders: Next.js reads the policy from the request's headers and puts the nonce on the
// scripts it writes. This only sets headers — it decides no access (that is the data access layer's job).

// next.config is read before the app's settings module can run; like it, this reads these two variables itself.
const isProduction = process.env.NODE_ENV === "production";
const oidcIssuer = process.env.AUTH_OIDC_ISSUER;
const extraFormActions = oidcIssuer ? [new URL(oidcIssuer).origin] : [];

export function proxy(request: NextRequest) {
  const scripts = isScriptlessPath(request.nextUrl.pathname) ? "none" : { nonce: createNonce() };
  const policy = buildContentSecurityPolicy({ isProduction, extraFormActions }, scripts);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Every response but the hashed static files, which are no documents and run under the page's policy.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};

// Response headers for every page and route.
//
// The Content-Security-Policy lets no script run unless the server vouched for it on this very response: pages of the
// signed-in app get a fresh nonce per request (proxy.ts), which Next.js puts on the scripts it writes, and
// 'strict-dynamic' lets those load the app's chunks; no 'unsafe-inline', and no 'unsafe-eval' (Next.js needs it only
// for development's fast refresh). The public dashboard ships no JavaScript at all, so there it is `script-src 'none'`.
// No framing, no plug-ins.

export type SecurityHeaderOptions = { isProduction: boolean; extraFormActions?: readonly string[] };

/** Which scripts a response may run: those carrying this nonce, or none at all. */
export type ScriptPolicy = { nonce: string } | "none";

export function buildContentSecurityPolicy(
  { isProduction, extraFormActions = [] }: SecurityHeaderOptions,
  scripts: ScriptPolicy,
): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src":
      scripts === "none"
        ? ["'none'"]
        : [`'nonce-${scripts.nonce}'`, "'strict-dynamic'", ...(isProduction ? [] : ["'unsafe-eval'"])],
    // React writes style attributes (chart sizes, progress bars): inline styles stay allowed; they run no code.
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", ...(isProduction ? [] : ["ws:"])],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'self'"],
    // Single sign-on redirects a form post to the identity provider.
    "form-action": ["'self'", ...extraFormActions],
    "object-src": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(" ")}`)
    .join("; ");
}

/** The headers besides the CSP, the same on every response (next.config.ts sets them). */
export function buildSecurityHeaders(options: SecurityHeaderOptions): { key: string; value: string }[] {
  return [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(options.isProduction
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
      : []),
  ];
}

/** A nonce: 16 random bytes, base64 — unguessable, and new for every response. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/** The public dashboard (and its CSV downloads) runs no script: Pages Router pages built with no runtime. */
export function isScriptlessPath(pathname: string): boolean {
  return pathname === "/p" || pathname.startsWith("/p/");
}

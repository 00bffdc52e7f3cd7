// Response headers for every page and route. The Content-Security-Policy allows no
// `unsafe-eval` (Next.js needs it only for development's fast refresh), no framing, and no
// plug-ins; inline scripts stay allowed because Next.js streams its payload in them.

export type SecurityHeaderOptions = { isProduction: boolean; extraFormActions?: readonly string[] };

export function buildContentSecurityPolicy({ isProduction, extraFormActions = [] }: SecurityHeaderOptions): string {
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", ...(isProduction ? [] : ["'unsafe-eval'"])],
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

export function buildSecurityHeaders(options: SecurityHeaderOptions): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: buildContentSecurityPolicy(options) },
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ...(options.isProduction
      ? [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }]
      : []),
  ];
}

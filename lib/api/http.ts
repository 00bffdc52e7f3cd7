import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/auth/permissions";
import { authenticateApiToken } from "@/lib/dal/admin-tokens";
import { consumeRateLimit, type RateLimitDecision } from "@/lib/dal/api-rate-limit";
import { InvalidDocumentError } from "@/lib/document/errors";
import { ExpectedError, ForbiddenError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { logSecurityEvent, runAsEntryPoint, toCallerRef } from "@/lib/security-log";
import { getTodayUtc } from "@/lib/clock";
import { csvAttachment } from "@/lib/csv";
import { healthQuerySchema, type ErrorCode } from "@/lib/validation/api";

// The REST API's shared plumbing (spec/drivertree-format.md, "The API"): who is calling (an API token, or the browser
// session of a signed-in user), the per-caller rate limit, request bodies with a size limit, and errors as
// { error: { code, message, details: [{ path, message }] } } with their status — never a stack trace, never the
// message of an unexpected error. Authorization itself stays in the data access layer.

/** 413: the body is larger than the endpoint takes. */
export class PayloadTooLargeError extends ExpectedError {
  constructor(message: string) {
    super(message, 413, "too_large");
  }
}

/** 429: the caller sent more requests than the limit allows in the current window. */
export class RateLimitedError extends ExpectedError {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super(
      `Too many requests: try again in ${retryAfterSeconds} second${retryAfterSeconds === 1 ? "" : "s"}.`,
      429,
      "rate_limited",
    );
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export type ErrorDetail = { path: string; message: string };

const NO_STORE = { "Cache-Control": "no-store" };

export function jsonResponse(
  body: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return Response.json(body, { status: init.status ?? 200, headers: { ...NO_STORE, ...init.headers } });
}

export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  details: readonly ErrorDetail[] = [],
  headers: Record<string, string> = {},
): Response {
  return jsonResponse({ error: { code, message, details } }, { status, headers });
}

/** An error as the API reports it: expected errors plainly, anything else only as an id to look up in the logs. */
export function toErrorResponse(error: unknown): Response {
  if (error instanceof InvalidDocumentError) {
    return errorResponse(400, "invalid", error.message, error.problems);
  }
  if (error instanceof ValidationError) {
    const details = Object.entries(error.fieldErrors).flatMap(([path, messages]) =>
      messages.map((message) => ({ path: path === "_form" ? "" : path, message })),
    );
    return errorResponse(400, "invalid", error.message, details);
  }
  if (error instanceof RateLimitedError) {
    return errorResponse(429, "rate_limited", error.message, [], { "Retry-After": String(error.retryAfterSeconds) });
  }
  if (error instanceof UnauthenticatedError) {
    return errorResponse(401, "unauthenticated", error.message, [], {
      "WWW-Authenticate": 'Bearer realm="throughline"',
    });
  }
  if (error instanceof ExpectedError) {
    return errorResponse(error.status, error.code as ErrorCode, error.message);
  }
  const errorId = randomUUID().slice(0, 8);
  console.error(`[api] error ${errorId}:`, error);
  return errorResponse(500, "internal", `Something went wrong (error ${errorId}). Nothing was changed.`);
}

// ── Who is calling ───────────────────────────────────────────────────────────────────────────────────────────────

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?authjs\.session-token(?:\.\d+)?=/;
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * A bearer token decides when one is sent (and a bad one is refused, whatever cookies come with it); otherwise the
 * browser session of a signed-in user. A session may only write from this site's own pages: route handlers, unlike
 * server actions, get no cross-site request check from Next.js.
 */
export async function authenticateRequest(request: Request): Promise<Principal> {
  const authorization = request.headers.get("authorization");
  if (authorization !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const principal = match ? await authenticateApiToken(match[1] as string) : null;
    if (!principal) throw new UnauthenticatedError("The API token is missing, malformed, unknown or revoked.");
    return principal;
  }
  if (SESSION_COOKIE.test(request.headers.get("cookie") ?? "")) {
    // Auth.js is loaded only for requests that carry its cookie: a data feed's token never needs it.
    const { getCurrentPrincipal } = await import("@/lib/auth/session");
    const principal = await getCurrentPrincipal();
    if (principal) {
      if (UNSAFE_METHODS.has(request.method) && !isSameSite(request)) {
        throw new UnauthenticatedError("A signed-in session may only send changes from Throughline's own pages.");
      }
      return principal;
    }
  }
  throw new UnauthenticatedError("Send an API token (Authorization: Bearer …) or sign in.");
}

function isSameSite(request: Request): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null) return fetchSite === "same-origin";
  const origin = request.headers.get("origin");
  if (origin === null) return true;
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  return {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(decision.resetSeconds),
  };
}

// ── Handlers ─────────────────────────────────────────────────────────────────────────────────────────────────────

export type ApiHandlerInput<Params> = { request: Request; principal: Principal; params: Params };

/**
 * A route handler of the authenticated API: authenticates, counts the request against the caller's rate limit (429
 * with Retry-After beyond it), runs `handle`, and turns any error into the API's error shape.
 */
export function apiHandler<Params extends Record<string, string> = Record<string, never>>(
  handle: (input: ApiHandlerInput<Params>) => Promise<Response>,
): (request: Request, context?: { params: Promise<Params> }) => Promise<Response> {
  return async (request, context) => {
    const entryPoint = `${request.method} ${new URL(request.url).pathname}`;
    let principal: Principal | null = null;
    try {
      principal = await authenticateRequest(request);
      const decision = await consumeRateLimit(principal);
      if (!decision.isAllowed) throw new RateLimitedError(decision.resetSeconds);
      const params = ((await context?.params) ?? {}) as Params;
      const caller = principal;
      const response = await runAsEntryPoint(entryPoint, () => handle({ request, principal: caller, params }));
      for (const [name, value] of Object.entries(rateLimitHeaders(decision))) response.headers.set(name, value);
      return response;
    } catch (error) {
      logApiRefusal(request, entryPoint, principal, error);
      return toErrorResponse(error);
    }
  };
}

/** 401 and 403 answers go to the security log with the caller and the entry point. */
function logApiRefusal(request: Request, entryPoint: string, principal: Principal | null, error: unknown): void {
  const presentedToken = /^Bearer\s+(\S+)/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? null;
  if (error instanceof UnauthenticatedError || error instanceof ForbiddenError) {
    logSecurityEvent({
      event: "access.denied",
      entryPoint,
      caller: toCallerRef(principal, presentedToken),
      status: error.status,
      reason: error.message,
    });
  }
  // Refused imports are logged by the data access layer (lib/dal/document-import.ts), whichever way they come.
}

// ── Bodies ───────────────────────────────────────────────────────────────────────────────────────────────────────

export const MEGABYTE = 1024 * 1024;

/**
 * The JSON body, refused with 413 past `maxBytes` (by its declared length, or while it streams in when it declares
 * none), and with 400 when it is not JSON.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/([\w.+-]*\+)?json\b/i.test(contentType)) {
    throw new ValidationError("Send the body as JSON, with Content-Type: application/json.");
  }
  const bytes = await readBodyBytes(request, maxBytes, "send a JSON document");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.trim() === "") throw new ValidationError("The body is empty: send a JSON document.");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ValidationError("The body is not valid JSON.");
  }
}

/** The raw body, refused with 413 past `maxBytes` (declared, or counted as it streams in) and 400 when empty. */
export async function readBodyBytes(request: Request, maxBytes: number, what = "send a file"): Promise<Uint8Array> {
  const tooLarge = () =>
    new PayloadTooLargeError(
      `The body is larger than ${Math.round(maxBytes / MEGABYTE)} MB, the most this endpoint takes.`,
    );
  const declared = Number(request.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge();
  if (request.body === null) throw new ValidationError(`The body is empty: ${what}.`);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** A CSV download of an API answer: never stored by a cache (lib/csv.ts writes it). */
export function csvResponse(csv: string, fileName: string): Response {
  return csvAttachment(csv, fileName, NO_STORE["Cache-Control"]);
}

/** The `asOf` query parameter (YYYY-MM-DD), or today in UTC (spec/health.md). */
export function readAsOfParameter(request: Request): string {
  const value = new URL(request.url).searchParams.get("asOf");
  const parsed = healthQuerySchema.safeParse({ asOf: value ?? undefined });
  if (!parsed.success) {
    throw new ValidationError("asOf must be a date written YYYY-MM-DD.", { asOf: ["Enter a date as YYYY-MM-DD."] });
  }
  return parsed.data.asOf ?? getTodayUtc();
}

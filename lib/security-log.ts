import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import type { Principal } from "@/lib/auth/permissions";

// The security log: one JSON line per event on the server's standard error, for the operators' log collector. It holds
// what an investigation needs — who called (user or token id, agency, role), which entry point, what they aimed at and
// why they were refused — and never a secret: no password, no token (only its public prefix), no request body. The
// audit log in PostgreSQL records what changed; this records what was refused or taken out in bulk (issue 13, item 9).

export type SecurityEventName =
  /** A 401 or 403 answer, or a server action refused for want of sign-in or permission. */
  | "access.denied"
  /** A document import refused (its problems, counted). */
  | "import.refused"
  /** The whole tree taken out as a document or workbook. */
  | "export.full";

export type CallerRef =
  | { kind: "user"; userId: string; agencyId: string; role: string }
  | { kind: "token"; tokenId: string; agencyId: string }
  | { kind: "anonymous"; tokenPrefix?: string };

export type SecurityEvent = {
  event: SecurityEventName;
  /** "POST /api/v1/import", "action tree.createKpi", "page /admin". */
  entryPoint: string;
  caller: CallerRef;
  status?: number;
  /** What the caller aimed at, when the entry point names it (a KPI code, a user id). */
  target?: string;
  reason?: string;
  details?: Record<string, string | number | boolean>;
};

/** How the log names a caller: ids and role, never an email or a token. */
export function toCallerRef(principal: Principal | null | undefined, presentedToken?: string | null): CallerRef {
  if (!principal) {
    // An API token's first characters are its public prefix, shown in the admin's token list: enough to tell which
    // (revoked or expired) token a system still sends, without writing the secret down.
    return presentedToken ? { kind: "anonymous", tokenPrefix: presentedToken.slice(0, 8) } : { kind: "anonymous" };
  }
  if (principal.kind === "token") return { kind: "token", tokenId: principal.tokenId, agencyId: principal.agencyId };
  return { kind: "user", userId: principal.userId, agencyId: principal.agencyId, role: principal.role };
}

const entryPointStorage = new AsyncLocalStorage<string>();

/** Runs `work` as the named entry point, so that a refusal deep inside it is logged under that name. */
export function runAsEntryPoint<T>(entryPoint: string, work: () => T): T {
  return entryPointStorage.run(entryPoint, work);
}

/** The entry point running now ("unknown" outside runAsEntryPoint). */
export function currentEntryPoint(): string {
  return entryPointStorage.getStore() ?? "unknown";
}

type LogSink = (line: string) => void;
let sink: LogSink = (line) => console.warn(line);

/** Tests read the log through this; the server writes to standard error. */
export function setSecurityLogSink(next: LogSink | null): void {
  sink = next ?? ((line) => console.warn(line));
}

export function logSecurityEvent(event: SecurityEvent): void {
  sink(JSON.stringify({ at: new Date().toISOString(), log: "security", ...event }));
}

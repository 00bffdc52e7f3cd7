import "server-only";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import type { Permission, Principal } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/dal/access";
import { ForbiddenError, isExpectedError, UnauthenticatedError, ValidationError } from "@/lib/errors";
import { currentEntryPoint, logSecurityEvent, runAsEntryPoint, toCallerRef } from "@/lib/security-log";
import { toFieldErrors } from "@/lib/validation/fields";

/** What every server action returns: one typed result, never a thrown error or a stack trace. */
export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/**
 * Refuses a caller without the action's permission before looking at the input, parses the input with the shared
 * schema, performs one data-access call (which authorizes again, and narrows to the caller's agency and branch), and
 * turns expected errors into plain messages. Anything unexpected is logged with an id and shown only as that id:
 * never the error's own message.
 *
 * Authorizing first matters: validating first told an anonymous caller every field rule of every action, and told
 * who is allowed apart from who is not by how the answer changed with the input.
 */
export async function performAction<Schema extends z.ZodType, T>(
  principal: Principal | null,
  permission: Permission,
  schema: Schema,
  rawInput: unknown,
  perform: (principal: Principal | null, input: z.output<Schema>) => Promise<T>,
): Promise<ActionResult<T>> {
  try {
    requirePermission(principal, permission);
  } catch (error) {
    logIfDenial(principal, error, `needs ${permission}`);
    if (isExpectedError(error)) return { ok: false, message: error.message };
    throw error;
  }
  const parsed = schema.safeParse(rawInput);
  if (!parsed.success) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: toFieldErrors(parsed.error) };
  }
  try {
    return { ok: true, data: await perform(principal, parsed.data) };
  } catch (error) {
    logIfDenial(principal, error);
    if (error instanceof ValidationError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    if (isExpectedError(error)) return { ok: false, message: error.message };
    const errorId = randomUUID().slice(0, 8);
    console.error(`[action] error ${errorId}:`, error);
    return { ok: false, message: `Something went wrong (error ${errorId}). Nothing was changed.` };
  }
}

/** A refusal for want of sign-in or permission (including a department head outside their branch) goes to the log. */
function logIfDenial(principal: Principal | null, error: unknown, reason?: string): void {
  if (!(error instanceof UnauthenticatedError) && !(error instanceof ForbiddenError)) return;
  logSecurityEvent({
    event: "access.denied",
    entryPoint: currentEntryPoint(),
    caller: toCallerRef(principal),
    status: error.status,
    reason: reason ? `${reason}: ${error.message}` : error.message,
  });
}

/**
 * Names each handler of a map as the entry point it serves ("action tree.createKpi"), so that a refusal inside it is
 * logged under that name whatever the build does to function names.
 */
export function nameActionHandlers<Handlers extends Record<string, (...args: never[]) => unknown>>(
  area: string,
  handlers: Handlers,
): Handlers {
  const named: Record<string, (...args: never[]) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    named[name] = (...args) => runAsEntryPoint(`action ${area}.${name}`, () => handler(...args));
  }
  return named as Handlers;
}

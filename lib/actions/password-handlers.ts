import "server-only";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/auth/permissions";
import { changeOwnPassword, setPasswordWithToken } from "@/lib/dal/passwords";
import { requireSignedInUser } from "@/lib/dal/sessions";
import { isExpectedError, ValidationError } from "@/lib/errors";
import { toFieldErrors } from "@/lib/validation/fields";
import { changePasswordSchema, setPasswordSchema } from "@/lib/validation/password";
import type { ActionResult } from "./action-result";

// The bodies of the two password actions: setting one through a link (public: the link's token is the credential)
// and changing one's own (any signed-in user, even one who must change it). app/(password)/**/actions.ts wrap them.

/** A password form's fields as typed: unlike other forms, nothing is trimmed (a space is part of a password). */
function readPasswordForm(input: FormData | Record<string, unknown>): Record<string, unknown> {
  if (!(input instanceof FormData)) return input;
  const values: Record<string, unknown> = {};
  for (const [key, value] of input.entries())
    if (typeof value === "string" && !key.startsWith("$ACTION")) values[key] = value;
  return values;
}

async function toResult<T>(perform: () => Promise<T>): Promise<ActionResult<T>> {
  try {
    return { ok: true, data: await perform() };
  } catch (error) {
    if (error instanceof ValidationError) return { ok: false, message: error.message, fieldErrors: error.fieldErrors };
    if (isExpectedError(error)) return { ok: false, message: error.message };
    const errorId = randomUUID().slice(0, 8);
    console.error(`[action] error ${errorId}:`, error);
    return { ok: false, message: `Something went wrong (error ${errorId}). Nothing was changed.` };
  }
}

export async function setPasswordHandler(
  rawInput: FormData | Record<string, unknown>,
): Promise<ActionResult<{ email: string }>> {
  const parsed = setPasswordSchema.safeParse(readPasswordForm(rawInput));
  if (!parsed.success) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: toFieldErrors(parsed.error) };
  }
  return toResult(() => setPasswordWithToken(parsed.data));
}

export async function changePasswordHandler(
  principal: Principal | null,
  rawInput: FormData | Record<string, unknown>,
): Promise<ActionResult<{ endedSessions: number }>> {
  // Who is asking comes first: an anonymous caller learns nothing of the form's rules.
  try {
    requireSignedInUser(principal);
  } catch (error) {
    if (isExpectedError(error)) return { ok: false, message: error.message };
    throw error;
  }
  const parsed = changePasswordSchema.safeParse(readPasswordForm(rawInput));
  if (!parsed.success) {
    return { ok: false, message: "Check the highlighted fields.", fieldErrors: toFieldErrors(parsed.error) };
  }
  return toResult(() => changeOwnPassword(principal, parsed.data));
}

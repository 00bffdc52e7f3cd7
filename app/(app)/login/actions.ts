"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { redirect } from "next/navigation";
import { signIn, signOut, auth } from "@/lib/auth/auth";
import { auditSignOut } from "@/lib/dal/sign-in";
import { endSession } from "@/lib/dal/sessions";

/** Only a path on this site: never an absolute URL that would send people elsewhere. */
function toSafeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export async function signInWithPasswordAction(formData: FormData) {
  const callbackUrl = toSafeCallback(formData.get("callbackUrl"));
  const email = String(formData.get("email") ?? "");
  const agency = String(formData.get("agency") ?? "").trim();
  try {
    await signIn("credentials", {
      email,
      password: String(formData.get("password") ?? ""),
      agency,
      redirectTo: callbackUrl,
    });
  } catch (error) {
    // A successful sign-in "throws" Next's redirect: only Auth.js errors mean a refusal.
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin ? toErrorCode(error.code) : "invalid";
      // The page asks for the agency when the password fits accounts in several, and keeps asking once one was given.
      const params = new URLSearchParams({ error: code, callbackUrl });
      if (code === "choose-agency" || agency) {
        params.set("email", email);
        if (agency) params.set("agency", agency);
      }
      redirect(`/login?${params.toString()}`);
    }
    throw error;
  }
}

function toErrorCode(code: string): "locked" | "choose-agency" | "invalid" {
  return code === "locked" || code === "choose-agency" ? code : "invalid";
}

export async function signInWithOidcAction() {
  await signIn("oidc", { redirectTo: "/" });
}

export async function signOutAction() {
  const session = await auth();
  if (session?.user?.id) await auditSignOut(session.user.id);
  // The session row ends too: a copy of the cookie kept elsewhere stops working now, not when it expires.
  await endSession((session as { sessionId?: string } | null)?.sessionId);
  await signOut({ redirectTo: "/login?signedOut=1" });
}

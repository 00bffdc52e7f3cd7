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
  try {
    await signIn("credentials", {
      email: String(formData.get("email") ?? ""),
      password: String(formData.get("password") ?? ""),
      redirectTo: callbackUrl,
    });
  } catch (error) {
    // A successful sign-in "throws" Next's redirect: only Auth.js errors mean a refusal.
    if (error instanceof AuthError) {
      const code = error instanceof CredentialsSignin && error.code === "locked" ? "locked" : "invalid";
      redirect(`/login?error=${code}&callbackUrl=${encodeURIComponent(callbackUrl)}`);
    }
    throw error;
  }
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

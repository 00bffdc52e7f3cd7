import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { isOidcConfigured } from "@/lib/auth/auth";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { signInWithOidcAction, signInWithPasswordAction } from "./actions";
import { LOCK_MINUTES } from "@/lib/dal/sign-in";

export const metadata: Metadata = { title: "Sign in" };

const MESSAGES: Record<string, string> = {
  invalid: "That email and password do not match an active account. Check them and try again.",
  // Auth.js's code when the signIn callback refuses a single sign-on (lib/dal/sign-in.ts, admitOidcSignIn).
  AccessDenied:
    "Single sign-on did not sign you in: your sign-on provider must confirm your email address, and that address must belong to one active account here not already linked to another sign-on (with accounts in several agencies, sign in with your password). An administrator can help.",
  "choose-agency":
    "This email and password sign in to accounts in more than one agency. Enter the agency to sign in to, and your password again.",
  locked: `Too many failed attempts. Sign-in is paused for up to ${LOCK_MINUTES} minutes; try again later or ask an administrator.`,
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<{
    error?: string;
    callbackUrl?: string;
    signedOut?: string;
    passwordSet?: string;
    email?: string;
    agency?: string;
  }>;
}) {
  const { error, callbackUrl, signedOut, passwordSet, email, agency } = await searchParams;
  // Asked only when needed: an email with accounts in several agencies, and a password right for more than one.
  const isAgencyAsked = error === "choose-agency" || typeof agency === "string";
  if (await getCurrentPrincipal()) redirect("/");
  const message = error ? (MESSAGES[error] ?? MESSAGES.invalid) : null;
  return (
    <div className="page page--narrow">
      <h1>Sign in</h1>
      {signedOut ? (
        <p className="notice notice--info" role="status">
          You are signed out.
        </p>
      ) : null}
      {passwordSet ? (
        <p className="notice notice--success" role="status">
          Your password is set: sign in with it.
        </p>
      ) : null}
      {message ? (
        <div className="notice notice--error" role="alert" id="sign-in-error">
          {message}
        </div>
      ) : null}
      <form action={signInWithPasswordAction} className="form" aria-describedby={message ? "sign-in-error" : undefined}>
        <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
        <div className="form__field">
          <label htmlFor="email">Email</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={typeof email === "string" ? email : undefined}
            required
          />
        </div>
        <div className="form__field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {isAgencyAsked ? (
          <div className="form__field">
            <label htmlFor="agency">Agency</label>
            <input
              id="agency"
              name="agency"
              type="text"
              autoComplete="organization"
              aria-describedby="agency-help"
              defaultValue={typeof agency === "string" ? agency : undefined}
              required
            />
            <p className="form__hint" id="agency-help">
              Its short name, as in the address of its public dashboard: <code>riverton</code> for{" "}
              <code>/p/riverton</code>.
            </p>
          </div>
        ) : null}
        <button type="submit" className="button">
          Sign in
        </button>
      </form>
      {isOidcConfigured() ? (
        <form action={signInWithOidcAction} className="form">
          <button type="submit" className="button button--secondary">
            Sign in with single sign-on
          </button>
        </form>
      ) : null}
    </div>
  );
}

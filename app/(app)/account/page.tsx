import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { listMySessions } from "@/lib/dal/sessions";
import { SessionList } from "@/components/account/session-list";
import { signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage({ searchParams }: { searchParams: Promise<{ passwordChanged?: string }> }) {
  const { passwordChanged } = await searchParams;
  const principal = await getCurrentPrincipal();
  if (!principal || principal.kind !== "user") redirect("/login?callbackUrl=%2Faccount");
  const sessions = await listMySessions(principal);
  return (
    <div className="page">
      <h1>Your account</h1>
      <p className="lead">Signed in as {principal.label}.</p>
      {passwordChanged ? (
        <p className="notice notice--success" role="status">
          Your password is changed. Your other sessions have ended.
        </p>
      ) : null}
      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        <p>
          <Link href="/account/password">Change your password</Link>
        </p>
      </section>
      <SessionList sessions={sessions} signOutEverywhereAction={signOutEverywhereAction} />
    </div>
  );
}

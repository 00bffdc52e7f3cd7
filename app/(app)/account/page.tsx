import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { listMySessions } from "@/lib/dal/sessions";
import { SessionList } from "@/components/account/session-list";
import { signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "Your account" };

export default async function AccountPage() {
  const principal = await getCurrentPrincipal();
  if (!principal || principal.kind !== "user") redirect("/login?callbackUrl=%2Faccount");
  const sessions = await listMySessions(principal);
  return (
    <div className="page">
      <h1>Your account</h1>
      <p className="lead">Signed in as {principal.label}.</p>
      <SessionList sessions={sessions} signOutEverywhereAction={signOutEverywhereAction} />
    </div>
  );
}

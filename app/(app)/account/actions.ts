"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { signOutEverywhere } from "@/lib/dal/sessions";

/** Ends every session of the signed-in user, this one included, and goes to the sign-in page. */
export async function signOutEverywhereAction() {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect("/login");
  await signOutEverywhere(principal);
  await signOut({ redirectTo: "/login?signedOut=1" });
}

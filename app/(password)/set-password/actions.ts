"use server";

import { redirect } from "next/navigation";
import { setPasswordHandler } from "@/lib/actions/password-handlers";

// Public by design: the set-password link's token is the credential (256 random bits; see lib/dal/passwords.ts).

export async function setPasswordAction(input: FormData) {
  const result = await setPasswordHandler(input);
  if (!result.ok) return result;
  redirect(`/login?passwordSet=1&email=${encodeURIComponent(result.data.email)}`);
}

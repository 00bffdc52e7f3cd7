"use server";

import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { changePasswordHandler } from "@/lib/actions/password-handlers";
import { getCurrentPrincipal } from "@/lib/auth/session";

// Any signed-in user, including one who must change their password (the one entry point open to them); the data
// access layer checks the current password under the sign-in's throttle.

export async function changePasswordAction(input: FormData) {
  const result = await changePasswordHandler(await getCurrentPrincipal(), input);
  if (!result.ok) return result;
  revalidatePath("/", "layout");
  redirect("/account?passwordChanged=1");
}

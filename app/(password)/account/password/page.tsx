import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { TextField } from "@/components/admin/form-fields";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/password";
import { changePasswordAction } from "./actions";

export const metadata: Metadata = { title: "Change your password" };

export default async function ChangePasswordPage() {
  const principal = await getCurrentPrincipal();
  if (!principal || principal.kind !== "user") redirect("/login?callbackUrl=%2Faccount%2Fpassword");
  const mustChange = principal.mustChangePassword === true;
  return (
    <div className="page page--narrow">
      {mustChange ? null : (
        <p>
          <Link href="/account">Your account</Link>
        </p>
      )}
      <h1>Change your password</h1>
      {mustChange ? (
        <div className="notice notice--info" role="status">
          <p>
            Your password was chosen by someone else. Choose your own before you go on: until then, nothing else is open
            to you.
          </p>
        </div>
      ) : null}
      <p>Your other sessions end when your password changes; this one stays signed in.</p>
      <ActionForm
        action={changePasswordAction}
        label="Change your password"
        submitLabel="Change password"
        successMessage=""
      >
        <input type="hidden" name="username" value={principal.label} autoComplete="username" />
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          isRequired
        />
        <TextField
          name="password"
          label="New password"
          type="password"
          autoComplete="new-password"
          hint={`At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a good one; common passwords are refused.`}
          isRequired
        />
        <TextField
          name="confirmPassword"
          label="New password again"
          type="password"
          autoComplete="new-password"
          isRequired
        />
      </ActionForm>
    </div>
  );
}

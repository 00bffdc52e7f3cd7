import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { TextField } from "@/components/admin/form-fields";
import { formatUtcDateTime } from "@/components/admin/format";
import { describeSetupLinkProblem, getSetupLinkState } from "@/lib/dal/passwords";
import { PASSWORD_MIN_LENGTH } from "@/lib/validation/password";
import { setPasswordAction } from "./actions";

export const metadata: Metadata = { title: "Choose your password", referrer: "no-referrer" };

// Opening the link changes nothing; only posting the form spends it.
export default async function SetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  const state = await getSetupLinkState(typeof token === "string" ? token : "");
  if (state.status !== "valid") {
    return (
      <div className="page page--narrow">
        <h1>Choose your password</h1>
        <div className="notice notice--error" role="alert">
          <p>{describeSetupLinkProblem(state.status)}</p>
        </div>
        <p>
          <Link href="/login">Go to sign-in</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="page page--narrow">
      <h1>Choose your password</h1>
      <p className="lead">
        For <strong>{state.email}</strong>. This link works once, until {formatUtcDateTime(state.expiresAt)}.
      </p>
      <ActionForm action={setPasswordAction} label="Choose your password" submitLabel="Set password" successMessage="">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="username" value={state.email} autoComplete="username" />
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

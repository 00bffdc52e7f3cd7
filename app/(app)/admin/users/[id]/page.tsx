import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ActionForm } from "@/components/admin/action-form";
import { SelectField } from "@/components/admin/form-fields";
import { formatUtcDateTime } from "@/components/admin/format";
import { ROLE_OPTIONS, toDepartmentOptions } from "@/components/admin/options";
import { ROLE_LABELS } from "@/components/shell/role-labels";
import { listDepartments } from "@/lib/dal/admin-departments";
import { getUser } from "@/lib/dal/admin-users";
import { SETUP_LINK_HOURS } from "@/lib/dal/passwords";
import { NotFoundError } from "@/lib/errors";
import { requireAdminPage } from "../../page-access";
import {
  deactivateUserAction,
  reactivateUserAction,
  resetUserPasswordAction,
  updateUserAccessAction,
} from "../actions";

export const metadata: Metadata = { title: "User" };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const principal = await requireAdminPage("admin:users");
  const { id } = await params;
  const user = await getUser(principal, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const departments = await listDepartments(principal);
  const isSelf = principal.kind === "user" && principal.userId === user.id;
  return (
    <>
      <p>
        <Link href="/admin/users">All users</Link>
      </p>
      <h1>{user.email}</h1>
      <dl className="facts">
        <dt>Name</dt>
        <dd>{user.name}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[user.role]}</dd>
        <dt>Department</dt>
        <dd>{user.department ?? "—"}</dd>
        <dt>Status</dt>
        <dd>{user.isActive ? "Active" : "Deactivated"}</dd>
        <dt>Added</dt>
        <dd>{formatUtcDateTime(user.createdAt)}</dd>
      </dl>

      <section aria-labelledby="access-heading">
        <h2 id="access-heading">Role and department</h2>
        {isSelf ? <p>You cannot remove your own admin role; another admin can.</p> : null}
        <ActionForm
          action={updateUserAccessAction}
          label="Role and department"
          submitLabel="Save role and department"
          successMessage="Role and department saved."
        >
          <input type="hidden" name="id" value={user.id} />
          <input type="hidden" name="version" value={user.version} />
          <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue={user.role} />
          <SelectField
            name="department"
            label="Department"
            hint="Only for department heads: the branch they answer for."
            options={toDepartmentOptions(departments, "None (agency-wide roles)")}
            defaultValue={user.department ?? ""}
          />
        </ActionForm>
      </section>

      <section aria-labelledby="password-heading">
        <h2 id="password-heading">Password</h2>
        {isSelf ? (
          <p>
            To change your own password, go to <Link href="/account/password">your account</Link>.
          </p>
        ) : (
          <>
            <p>
              Resetting stops the current password from working at once and signs {user.email} out everywhere. You get a
              link to hand over to them, which you will see once: through it they choose a new password, within{" "}
              {SETUP_LINK_HOURS.reset} hour. You never see their password.
            </p>
            <ActionForm
              action={resetUserPasswordAction}
              label="Reset password"
              submitLabel="Reset password"
              successMessage="Password reset."
              secret={{ key: "setupLink.path", label: "Set-password link", isPath: true }}
              isSecondary
            >
              <input type="hidden" name="id" value={user.id} />
              <input type="hidden" name="version" value={user.version} />
            </ActionForm>
          </>
        )}
      </section>

      <section aria-labelledby="status-heading">
        <h2 id="status-heading">Access</h2>
        {user.isActive ? (
          isSelf ? (
            <p>You cannot deactivate your own account; another admin can.</p>
          ) : (
            <>
              <p>A deactivated user cannot sign in, and any session they have open ends at their next request.</p>
              <ActionForm
                action={deactivateUserAction}
                label="Deactivate user"
                submitLabel="Deactivate user"
                successMessage="User deactivated."
                isSecondary
              >
                <input type="hidden" name="id" value={user.id} />
                <input type="hidden" name="version" value={user.version} />
              </ActionForm>
            </>
          )
        ) : (
          <>
            <p>This user is deactivated and cannot sign in.</p>
            <ActionForm
              action={reactivateUserAction}
              label="Reactivate user"
              submitLabel="Reactivate user"
              successMessage="User reactivated."
              isSecondary
            >
              <input type="hidden" name="id" value={user.id} />
              <input type="hidden" name="version" value={user.version} />
            </ActionForm>
          </>
        )}
      </section>
    </>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/admin/action-form";
import { SelectField, TextField } from "@/components/admin/form-fields";
import { ROLE_OPTIONS, toDepartmentOptions } from "@/components/admin/options";
import { ROLE_LABELS } from "@/components/shell/role-labels";
import { listDepartments } from "@/lib/dal/admin-departments";
import { listUsers } from "@/lib/dal/admin-users";
import { SETUP_LINK_HOURS } from "@/lib/dal/passwords";
import { requireAdminPage } from "../page-access";
import { createUserAction } from "./actions";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const principal = await requireAdminPage("admin:users");
  const [users, departments] = await Promise.all([listUsers(principal), listDepartments(principal)]);
  return (
    <>
      <h1>Users</h1>
      <table className="data-table">
        <caption>People who can sign in to this agency ({users.length})</caption>
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Department</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr key={user.id}>
              <th scope="row">
                <Link href={`/admin/users/${user.id}`}>{user.email}</Link>
              </th>
              <td>{user.name}</td>
              <td>{ROLE_LABELS[user.role]}</td>
              <td>{user.department ?? "—"}</td>
              <td>{user.isActive ? "Active" : "Deactivated"}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <section aria-labelledby="add-user-heading">
        <h2 id="add-user-heading">Add a user</h2>
        <p>
          You get a link to hand over to the new user, which you will see once: through it they choose their own
          password, within {SETUP_LINK_HOURS.invite} hours. You never see their password. If the link expires, reset
          their password for a new one.
        </p>
        <ActionForm
          action={createUserAction}
          label="Add a user"
          submitLabel="Add user"
          successMessage="User added."
          secret={{ key: "setupLink.path", label: "Set-password link", isPath: true }}
          resetOnSuccess
        >
          <TextField name="email" label="Email" type="email" autoComplete="off" isRequired />
          <TextField name="name" label="Name" autoComplete="off" isRequired />
          <SelectField name="role" label="Role" options={ROLE_OPTIONS} defaultValue="EXECUTIVE" />
          <SelectField
            name="department"
            label="Department"
            hint="Only for department heads: the branch they answer for."
            options={toDepartmentOptions(departments, "None (agency-wide roles)")}
            defaultValue=""
          />
        </ActionForm>
      </section>
    </>
  );
}
